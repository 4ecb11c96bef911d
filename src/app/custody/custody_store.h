#pragma once
// CustodyStore: all SQL of the custody area (stores, item lines, movements, destruction units,
// destructions). docs/custody.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/custody/custody.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// Which records a list may return: a region subtree, optionally one agency.
struct CustodyScope {
  std::string region = kNationalRegion;
  std::optional<int64_t> agency;
};

class CustodyStore {
 public:
  explicit CustodyStore(storage::Tx& tx) : tx_(tx) {}

  // --- stores ---
  core::Result<int64_t> InsertStore(const Storeroom& s, core::Timestamp now);
  core::Result<Storeroom> LoadStore(int64_t id);
  core::Result<Page<Storeroom>> ListStores(const CustodyScope& scope, const PageRequest& page);
  /// The agency of an active user (a keeper must be one of the store's agency); none otherwise.
  core::Result<std::optional<int64_t>> ActiveUserAgency(int64_t user_id);

  // --- item lines ---
  /// Inserts the line and gives it its label number (WP + year + id); returns the id.
  core::Result<int64_t> InsertItem(CustodyItem& item, std::optional<int64_t> created_by,
                                   core::Timestamp now);
  /// The line or NotFound; `for_update` locks it for a read-modify-write.
  core::Result<CustodyItem> LoadItem(int64_t id, bool for_update = false);
  /// Writes the balance and store of `item` when the stored version is `expected_version`, and
  /// bumps it; FailedPrecondition when another write came first.
  core::Status UpdateItem(const CustodyItem& item, int64_t expected_version, core::Timestamp now);
  core::Result<Page<CustodyItem>> ListItems(const CustodyScope& scope, std::optional<int64_t> case_id,
                                            const PageRequest& page);
  /// The case's lines in id order, at most `limit`.
  core::Result<std::vector<CustodyItem>> ItemsOfCase(int64_t case_id, int limit);
  core::Status InsertMovement(const CustodyMovement& m);
  core::Result<std::vector<CustodyMovement>> Movements(int64_t item_id);
  /// Stores a photo of the line (`photo` without id) and returns its id.
  core::Result<int64_t> InsertPhoto(const CustodyPhoto& photo, std::optional<int64_t> uploaded_by,
                                    const std::string& data_base64);
  /// The line's photos in id order, without their bytes.
  core::Result<std::vector<CustodyPhoto>> Photos(int64_t item_id);
  /// A photo of the line with its bytes as stored (base64); nullopt when the line has no such photo.
  core::Result<std::optional<std::pair<CustodyPhoto, std::string>>> Photo(int64_t item_id, int64_t photo_id);
  /// The quantity of the line that applied or approved destructions claim.
  core::Result<int64_t> ClaimedForDestruction(int64_t item_id);

  // --- reconciliation ---
  core::Result<std::vector<ReconciliationRow>> Reconcile(const CustodyScope& scope,
                                                         core::Date held_before);
  core::Result<std::vector<HeldItem>> HeldTooLong(const CustodyScope& scope, core::Date held_before,
                                                  core::Date today, int limit);
  core::Result<int64_t> CountHeldTooLong(const CustodyScope& scope, core::Date held_before);

  // --- units ---
  core::Result<int64_t> InsertUnit(const DestructionUnit& u, core::Timestamp now);
  core::Result<DestructionUnit> LoadUnit(int64_t id);
  core::Status UpdateUnit(const DestructionUnit& u, int64_t expected_version, core::Timestamp now);
  core::Result<Page<DestructionUnit>> ListUnits(const UnitFilter& f, const PageRequest& page);
  core::Result<std::vector<DestructionUnit>> ActiveUnits();
  core::Result<int64_t> CountLicencesEnding(const std::string& region, core::Date by);

  // --- destructions ---
  core::Result<int64_t> InsertDestruction(const Destruction& d, core::Timestamp now);
  core::Result<Destruction> LoadDestruction(int64_t id, bool for_update = false);
  core::Status UpdateDestruction(const Destruction& d, int64_t expected_version, core::Timestamp now);
  core::Result<Page<Destruction>> ListDestructions(const CustodyScope& scope,
                                                   const DestructionFilter& f, const PageRequest& page);
  core::Result<std::optional<Destruction>> ByCertificate(const std::string& number);
  core::Result<int64_t> CountAwaitingApproval(int64_t agency_id);
  /// Ids of the scope's destructions planned or executed in [from, to], oldest plan first.
  core::Result<std::vector<int64_t>> PlannedOrExecutedBetween(const CustodyScope& scope, core::Date from,
                                                              core::Date to, int limit);
  /// Executed (or later) destructions of the scope with executed_on in [from, to], by province.
  core::Result<std::vector<DestructionSummaryRow>> SummaryByProvince(const CustodyScope& scope,
                                                                     core::Date from, core::Date to);

  /// The same figures for the executed destructions of the scope attached to a campaign.
  core::Result<std::vector<DestructionSummaryRow>> CampaignSummary(const CustodyScope& scope,
                                                                   int64_t campaign_id);

  // --- campaigns ---
  core::Result<int64_t> InsertCampaign(const DestructionCampaign& c, core::Timestamp now);
  core::Result<DestructionCampaign> LoadCampaign(int64_t id, bool for_update = false);
  /// Open → closed when the stored version is `expected_version`; FailedPrecondition otherwise.
  core::Status CloseCampaign(int64_t id, int64_t expected_version, core::Timestamp now);
  core::Result<Page<DestructionCampaign>> ListCampaigns(std::optional<std::string> status,
                                                        const PageRequest& page);
  core::Result<int64_t> CountInCampaign(const CustodyScope& scope, int64_t campaign_id);
  /// Sets the destruction's campaign (none: detached), version-guarded.
  core::Status SetCampaign(int64_t destruction_id, std::optional<int64_t> campaign_id,
                           int64_t expected_version, core::Timestamp now);

 private:
  core::Status LoadLines(Destruction& d);
  core::Result<std::vector<DestructionSummaryRow>> Summarize(const std::string& which, storage::Params params,
                                                             const CustodyScope& scope);

  storage::Tx& tx_;
};

}  // namespace ipe::app
