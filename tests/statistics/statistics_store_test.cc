// Issue 18, the statistics rollups on SQLite and PostgreSQL: random write sequences on every base
// table the triggers watch (inserts, updates that move records between cells — region, agency,
// dimension, month, status —, deletes, a case's change carried to its transfers, transactions
// rolled back) through the stores' tables and the real case use cases, with every rollup cell
// compared with a full recomputation from the records along the way; figures read from the
// cells against the same figures computed from the records, in several viewers' scopes; the
// rebuild command; the records behind a figure.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/statistics/statistics.h"
#include "app/statistics/statistics_store.h"
#include "core/time.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

#ifndef IPE_STATS_OPS
#define IPE_STATS_OPS 1500
#endif
// The slow variant (CMakeLists.txt) runs under another name, so that ctest names stay unique.
#ifndef IPE_STATS_SUITE
#define IPE_STATS_SUITE Stores
#endif

namespace ipe::app {
namespace {

using storage::Params;
using storage::Value;

const char* const kRegions[] = {"310115", "310104", "440305", "440106", "110105", "330106", "440300"};
const char* const kCategories[] = {"trademark", "patent", "copyright"};
const char* const kConducts[] = {"counterfeit_trademark", "sell_counterfeit_goods", ""};
const char* const kTransferStatuses[] = {"awaiting_decision", "sent", "accepted", "filed", "not_filed",
                                         "rejected"};
const char* const kLeadStatuses[] = {"new", "accepted", "dismissed", "converted"};
const char* const kChannels[] = {"portal", "hotline", "letter"};
const char* const kComplaintStatuses[] = {"pending", "accepted", "refused", "closed"};
// Issue 18's case dimensions ("" = not filled in: NULL) and campaign tags.
const char* const kCaseChannels[] = {"online", "offline", ""};
const char* const kTrades[] = {"import", "export", "domestic", ""};
const char* const kGoodsClasses[] = {"25", "03", "09", "33", ""};
const char* const kTags[] = {"铁拳2024", "铁拳2025", "剑网2025", "昆仑2024"};

class StatisticsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "st");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto migrated = storage::Migrate(*db_, storage::AllMigrations(), clock_.Now());
    ASSERT_TRUE(migrated.has_value()) << migrated.error().ToString();
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
    // As at a server's start: triggers installed, cells computed from the demo's records.
    ASSERT_TRUE(StatisticsStore::InstallIfStale(*db_).ok());
    auto tx = db_->Begin(storage::TxMode::kRead);
    ASSERT_TRUE(tx.has_value());
    auto agencies = (*tx)->Query("SELECT id FROM agencies ORDER BY id");
    ASSERT_TRUE(agencies.has_value());
    for (const auto& r : *agencies) agencies_.push_back(r.Int(0));
    auto users = (*tx)->Query("SELECT id FROM users ORDER BY id LIMIT 1");
    ASSERT_TRUE(users.has_value() && !users->empty());
    user_ = (*users)[0].Int(0);
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  // The cells equal a recomputation from the records; returns how many there are.
  size_t ExpectCellsMatchRecords(const std::string& when) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.has_value());
    StatisticsStore store(**tx);
    auto cells = store.Cells();
    auto expected = store.RecomputedCells();
    EXPECT_TRUE(cells.has_value() && expected.has_value());
    if (!cells || !expected) return 0;
    EXPECT_EQ(cells->size(), expected->size()) << when;
    for (size_t i = 0; i < std::min(cells->size(), expected->size()); ++i) {
      const StatCell& a = (*cells)[i];
      const StatCell& b = (*expected)[i];
      if (a == b) continue;
      ADD_FAILURE() << when << ": first different cell " << a.measure << " " << a.month << " "
                    << a.region_code << " agency " << a.agency_id << " [" << a.d1 << "|" << a.d2
                    << "] n=" << a.n << " v=" << a.v << " vs " << b.measure << " " << b.month << " "
                    << b.region_code << " agency " << b.agency_id << " [" << b.d1 << "|" << b.d2
                    << "] n=" << b.n << " v=" << b.v;
      break;
    }
    return cells->size();
  }

  core::FakeClock clock_{core::Timestamp{1767225600}};  // 2026-01-01T00:00:00Z
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  std::vector<int64_t> agencies_;
  int64_t user_ = 0;
};

// Random writes, a few per transaction, some rolled back.
class RandomWriter {
 public:
  RandomWriter(storage::Database& db, std::vector<int64_t> agencies, int64_t user, uint32_t seed)
      : db_(db), agencies_(std::move(agencies)), user_(user), rng_(seed) {}

  void Run(int ops) {
    int done = 0;
    while (done < ops) {
      auto tx = db_.Begin(storage::TxMode::kWrite);
      ASSERT_TRUE(tx.has_value());
      tx_ = tx->get();
      int batch = 1 + Pick(4);
      for (int i = 0; i < batch; ++i) Step();
      bool rollback = Pick(10) == 0;
      if (!rollback) {
        ASSERT_TRUE((*tx)->Commit().ok());
        for (auto& [table, ids] : pending_) {
          ids_[table].insert(ids_[table].end(), ids.begin(), ids.end());
        }
      }
      // A scan made in a rolled-back batch is gone with it: the next hit makes another.
      if (rollback && pending_.count("monitoring_scans")) scan_ = 0;
      pending_.clear();
      gone_.clear();
      tx_ = nullptr;
      if (rollback) {
        tx->reset();  // rolls back; then see which rows are still there
        Reload();
      }
      done += batch;
    }
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  template <typename T, size_t N>
  const T& Of(const T (&a)[N]) { return a[Pick(N)]; }
  int64_t Agency() { return agencies_[Pick(static_cast<int>(agencies_.size()))]; }
  // Epoch seconds in 2024–2025, often within an hour of a Beijing month boundary.
  int64_t When() {
    int64_t t = 1704067200 + static_cast<int64_t>(rng_() % (2 * 365 * 86400));
    if (Pick(4) == 0) t = 1704067200 - 8 * 3600 + (Pick(24) * 2629800) + Pick(7200) - 3600;
    return t;
  }
  std::string Date() { return core::LocalDate(core::Timestamp{When()}).ToString(); }
  template <size_t N>
  Value OrNull(const char* const (&a)[N]) {
    std::string v = Of(a);
    return v.empty() ? Value() : Value(v);
  }

  int64_t Insert(const std::string& table, const std::string& sql, const Params& params) {
    auto rows = tx_->Query(sql + " RETURNING id", params);
    EXPECT_TRUE(rows.has_value()) << sql << ": " << (rows ? "" : rows.error().ToString());
    if (!rows || rows->empty()) return 0;
    int64_t id = (*rows)[0].Int(0);
    pending_[table].push_back(id);
    return id;
  }
  void Exec(const std::string& sql, const Params& params) {
    auto st = tx_->Exec(sql, params);
    EXPECT_TRUE(st.has_value()) << sql << ": " << (st ? "" : st.error().ToString());
  }
  // A committed row of `table` this writer made, or 0.
  int64_t Some(const std::string& table) {
    auto& ids = ids_[table];
    if (ids.empty()) return 0;
    int64_t id = ids[Pick(static_cast<int>(ids.size()))];
    return gone_.count(id) ? 0 : id;
  }
  void Forget(const std::string& table, int64_t id) {
    auto& ids = ids_[table];
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    gone_.insert(id);
  }
  void Reload() {
    for (auto& [table, ids] : ids_) {
      std::vector<int64_t> kept;
      auto tx = db_.Begin(storage::TxMode::kRead);
      ASSERT_TRUE(tx.has_value()) << tx.error().ToString();
      for (int64_t id : ids) {
        auto rows = (*tx)->Query("SELECT 1 FROM " + table + " WHERE id = ?", {id});
        if (rows && !rows->empty()) kept.push_back(id);
      }
      ids = std::move(kept);
    }
  }

  void Step() {
    const std::string region = Of(kRegions);
    const std::string province = region.substr(0, 2) + "0000";
    const std::string prefecture = region.substr(0, 4) + "00";
    switch (Pick(23)) {
      case 0:
      case 1: {
        std::string conduct = Of(kConducts);
        int64_t t = When();
        Insert("cases",
               "INSERT INTO cases (agency_id, region_code, province_code, prefecture_code, case_number, "
               "title, category, conduct, source, status, created_by, created_at, updated_at, "
               "illegal_business_fen, threshold_met, channel, trade, goods_class) VALUES (?, ?, ?, ?, ?, "
               "'统计测试案', ?, ?, 'inspection', 'open', ?, ?, ?, ?, ?, ?, ?, ?)",
               {Agency(), region, province, prefecture, "ST-" + std::to_string(++serial_),
                std::string(Of(kCategories)), conduct.empty() ? Value() : Value(conduct), user_, t, t,
                Pick(3) == 0 ? Value() : Value(static_cast<int64_t>(Pick(5000000))), Pick(3) == 0,
                OrNull(kCaseChannels), OrNull(kTrades), OrNull(kGoodsClasses)});
        break;
      }
      case 2: {  // moves a case (and its transfers and supervision) to another region and agency
        if (int64_t id = Some("cases")) {
          Exec("UPDATE cases SET region_code = ?, province_code = ?, prefecture_code = ?, agency_id = ?, "
               "category = ? WHERE id = ?",
               {region, province, prefecture, Agency(), std::string(Of(kCategories)), id});
        }
        break;
      }
      case 3: {
        if (int64_t id = Some("cases")) {
          const char* kinds[] = {"penalty", "dismissed"};
          Exec("UPDATE cases SET status = 'closed', closed_at = ?, closing_kind = ?, fine_fen = ? WHERE id = ?",
               {When(), std::string(Of(kinds)), Pick(2) ? Value(static_cast<int64_t>(Pick(900000))) : Value(),
                id});
        }
        break;
      }
      case 4: {
        if (int64_t id = Some("cases")) {
          Exec("UPDATE cases SET status = 'open', closed_at = NULL, closing_kind = NULL, fine_fen = NULL, "
               "threshold_met = ?, illegal_business_fen = ?, created_at = ? WHERE id = ?",
               {Pick(2) == 0, static_cast<int64_t>(Pick(100000)), When(), id});
        }
        break;
      }
      case 5: {  // a case without records that belong to it, but for campaign tags (deleted by cascade)
        if (int64_t id = Some("cases")) {
          auto n = tx_->Exec(
              "DELETE FROM cases WHERE id = ? AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.case_id = cases.id) "
              "AND NOT EXISTS (SELECT 1 FROM supervision_actions s WHERE s.case_id = cases.id) "
              "AND NOT EXISTS (SELECT 1 FROM custody_items i WHERE i.case_id = cases.id) "
              "AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = cases.id)",
              {id});
          EXPECT_TRUE(n.has_value());
          if (n && *n == 1) Forget("cases", id);
        }
        break;
      }
      case 6:
      case 7: {
        if (int64_t c = Some("cases")) {
          int64_t t = When();
          Insert("transfers",
                 "INSERT INTO transfers (case_id, status, current_step, step_started_at, created_at, updated_at) "
                 "VALUES (?, ?, 'head_decision', ?, ?, ?)",
                 {c, std::string(Of(kTransferStatuses)), t, t, t});
        }
        break;
      }
      case 8: {
        if (int64_t id = Some("transfers")) {
          int64_t c = Some("cases");
          Exec("UPDATE transfers SET status = ?, case_id = COALESCE(?, case_id) WHERE id = ?",
               {std::string(Of(kTransferStatuses)), c && Pick(3) == 0 ? Value(c) : Value(), id});
        }
        break;
      }
      case 9: {
        if (int64_t id = Some("transfers")) {
          Exec("DELETE FROM transfers WHERE id = ?", {id});
          Forget("transfers", id);
        }
        break;
      }
      case 10: {
        const char* sources[] = {"manual", "csv", "monitoring"};
        int64_t t = When();
        Insert("leads",
               "INSERT INTO leads (source, agency_id, region_code, province_code, prefecture_code, category, "
               "title, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'trademark', '统计测试线索', ?, ?, ?)",
               {std::string(Of(sources)), Pick(4) == 0 ? Value() : Value(Agency()), region, province, prefecture,
                std::string(Of(kLeadStatuses)), t, t});
        break;
      }
      case 11: {
        if (int64_t id = Some("leads")) {
          Exec("UPDATE leads SET status = ?, agency_id = ?, region_code = ? WHERE id = ?",
               {std::string(Of(kLeadStatuses)), Pick(3) == 0 ? Value() : Value(Agency()), region, id});
        }
        break;
      }
      case 12: {
        if (int64_t id = Some("leads")) {
          Exec("DELETE FROM leads WHERE id = ?", {id});
          Forget("leads", id);
        }
        break;
      }
      case 13: {
        if (int64_t c = Some("cases")) {
          Insert("alerts",
                 "INSERT INTO alerts (kind, case_id, agency_id, region_code, message, created_at, dedup_key) "
                 "VALUES ('penalty_instead_of_prosecution', ?, ?, ?, '统计测试预警', ?, ?)",
                 {c, Agency(), region, When(), "st-" + std::to_string(++serial_)});
        }
        if (int64_t a = Some("alerts")) {
          Exec("UPDATE alerts SET resolved_at = ? WHERE id = ?", {Pick(2) ? Value(When()) : Value(), a});
        }
        break;
      }
      case 14: {
        if (int64_t c = Some("cases")) {
          const char* kinds[] = {"request_reasons", "notify_filing", "suggest_transfer"};
          Insert("supervision_actions",
                 "INSERT INTO supervision_actions (case_id, kind, prosecutor_agency_id, created_by, created_at) "
                 "VALUES (?, ?, ?, ?, ?)",
                 {c, std::string(Of(kinds)), Agency(), user_, When()});
        }
        break;
      }
      case 15: {
        int64_t t = When();
        const char* kinds[] = {"complaint", "report"};
        Insert("complaints",
               "INSERT INTO complaints (kind, channel, receipt_no, query_code_hash, subject, status, agency_id, "
               "region_code, province_code, prefecture_code, respondent_name, facts, received_at, created_at, "
               "updated_at) VALUES (?, ?, ?, 'x', 'trademark', ?, ?, ?, ?, ?, '某商店', '售假', ?, ?, ?)",
               {std::string(Of(kinds)), std::string(Of(kChannels)), "ST" + std::to_string(++serial_),
                std::string(Of(kComplaintStatuses)), Pick(3) == 0 ? Value() : Value(Agency()), region, province,
                prefecture, t, t, t});
        if (int64_t id = Some("complaints")) {
          Exec("UPDATE complaints SET status = ?, kind = ?, received_at = ? WHERE id = ?",
               {std::string(Of(kComplaintStatuses)), std::string(Of(kinds)), When(), id});
        }
        if (int64_t id = Some("complaints")) {
          // The subject, the conversion and the steps' times (the handling-time bands), each
          // set, moved or cleared.
          const char* subjects[] = {"trademark", "patent", "quality"};
          auto maybe_time = [&]() { return Pick(4) == 0 ? Value() : Value(When()); };
          auto maybe_id = [&]() { return Pick(2) == 0 ? Value() : Value(int64_t{1 + Pick(9)}); };
          Exec("UPDATE complaints SET subject = ?, lead_id = ?, case_id = ?, agency_received_at = ?, "
               "decided_at = ?, mediation_ended_at = ?, notified_at = ? WHERE id = ?",
               {std::string(Of(subjects)), maybe_id(), maybe_id(), maybe_time(), maybe_time(),
                maybe_time(), maybe_time(), id});
        }
        break;
      }
      case 16: {
        if (int64_t c = Some("cases")) {
          int64_t q = 1 + Pick(50);
          const char* categories[] = {"general", "electronic"};
          const char* units[] = {"piece", "box"};
          int64_t t = When();
          Insert("custody_items",
                 "INSERT INTO custody_items (case_id, agency_id, region_code, province_code, prefecture_code, "
                 "label_no, source_kind, description, category, unit, weight_g, value_fen, seized_on, seized, "
                 "in_custody, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'case', '假冒运动鞋', ?, ?, ?, "
                 "?, ?, ?, ?, ?, ?)",
                 {c, Agency(), region, province, prefecture, "STL-" + std::to_string(++serial_),
                  std::string(Of(categories)), std::string(Of(units)), q * 300,
                  Pick(3) == 0 ? Value() : Value(q * 1000), Date(), q, q, t, t});
        }
        break;
      }
      case 17: {
        if (int64_t id = Some("custody_items")) {
          Exec("UPDATE custody_items SET in_custody = in_custody - 1, destroyed = destroyed + 1, "
               "seized_on = CASE WHEN ? = 1 THEN ? ELSE seized_on END WHERE id = ? AND in_custody > 0",
               {Pick(3) == 0, Date(), id});
        }
        break;
      }
      case 18: {
        if (scan_ == 0) {
          scan_ = Insert("monitoring_scans",
                         "INSERT INTO monitoring_scans (agency_id, region_code, created_at, brands, listings, "
                         "malformed, suspected, new_hits) VALUES (?, ?, ?, 0, 0, 0, 0, 0)",
                         {Agency(), region, When()});
        }
        const char* statuses[] = {"pending", "confirmed", "dismissed"};
        const char* platforms[] = {"taobao", "jd", "pinduoduo"};
        int64_t t = When();
        Insert("monitoring_hits",
               "INSERT INTO monitoring_hits (agency_id, region_code, platform, listing_id, title, score_pct, "
               "status, first_scan_id, last_scan_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, "
               "'耐克运动鞋', 80, ?, ?, ?, ?, ?)",
               {Agency(), region, std::string(Of(platforms)), "L" + std::to_string(++serial_),
                std::string(Of(statuses)), scan_, scan_, t, t});
        if (int64_t id = Some("monitoring_hits")) {
          Exec("UPDATE monitoring_hits SET status = ? WHERE id = ?", {std::string(Of(statuses)), id});
        }
        break;
      }
      case 19: {  // a campaign tag added to a case, or one removed
        if (int64_t c = Some("cases")) {
          Exec("INSERT INTO case_campaigns (tag, case_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
               {std::string(Of(kTags)), c});
        }
        if (int64_t c = Some("cases"); c && Pick(3) == 0) {
          Exec("DELETE FROM case_campaigns WHERE case_id = ? AND tag = ?", {c, std::string(Of(kTags))});
        }
        break;
      }
      case 20: {  // a tag renamed, or moved to another case (when the target has no such tag yet)
        int64_t c = Some("cases");
        int64_t other = Some("cases");
        if (c && other) {
          std::string from = Of(kTags), to = Of(kTags);
          bool move = Pick(2) == 0;
          Exec(move ? "UPDATE case_campaigns SET case_id = ? WHERE case_id = ? AND tag = ? AND NOT EXISTS "
                      "(SELECT 1 FROM case_campaigns x WHERE x.case_id = ? AND x.tag = ?)"
                    : "UPDATE case_campaigns SET tag = ? WHERE case_id = ? AND tag = ? AND NOT EXISTS "
                      "(SELECT 1 FROM case_campaigns x WHERE x.case_id = ? AND x.tag = ?)",
               move ? Params{other, c, from, other, from} : Params{to, c, from, c, to});
        }
        break;
      }
      case 21: {  // the case's channel, trade flow and goods class set, changed or cleared
        if (int64_t id = Some("cases")) {
          Exec("UPDATE cases SET channel = ?, trade = ?, goods_class = ? WHERE id = ?",
               {OrNull(kCaseChannels), OrNull(kTrades), OrNull(kGoodsClasses), id});
        }
        break;
      }
      default: {
        if (int64_t id = Some("custody_items")) {
          Exec("UPDATE custody_items SET region_code = ?, province_code = ?, prefecture_code = ?, agency_id = ? "
               "WHERE id = ?",
               {region, province, prefecture, Agency(), id});
        }
        break;
      }
    }
  }

  storage::Database& db_;
  std::vector<int64_t> agencies_;
  int64_t user_;
  std::mt19937 rng_;
  storage::Tx* tx_ = nullptr;
  std::map<std::string, std::vector<int64_t>> ids_;      // committed rows by table
  std::map<std::string, std::vector<int64_t>> pending_;  // rows of the open transaction
  std::set<int64_t> gone_;                               // deleted in the open transaction
  int64_t serial_ = 0;
  int64_t scan_ = 0;
};

TEST_P(StatisticsTest, RandomWritesKeepEveryCellEqualToARecomputation) {
  size_t cells = ExpectCellsMatchRecords("after the demo data");
  EXPECT_GT(cells, 10u);  // the demo's cases, leads, hits, complaints and seized goods
  RandomWriter writer(*db_, agencies_, user_, 18);
  const int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    writer.Run(IPE_STATS_OPS / kRounds);
    // Through the use cases too: a case registered and closed by an officer.
    CaseInput in;
    in.case_number = "STAT-UC-" + std::to_string(round);
    in.title = "某公司销售假冒注册商标商品案";
    in.category = "trademark";
    in.conduct = "sell_counterfeit_goods";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2025-06-01");
    in.campaign_tags = {"铁拳2025", "剑网2025"};
    in.channel = "online";
    in.trade = "export";
    in.goods_class = "25";
    auto c = CreateCase(*ctx_, As("sh_officer"), in);
    ASSERT_TRUE(c.has_value()) << c.error().ToString();
    // Edited: one campaign dropped, another added, the facts changed or cleared.
    in.campaign_tags = {"剑网2025", "昆仑2025"};
    in.channel.reset();
    in.trade = "domestic";
    in.goods_class = "09";
    c = UpdateCase(*ctx_, As("sh_officer"), c->id, in, c->version);
    ASSERT_TRUE(c.has_value()) << c.error().ToString();
    CaseClosing closing;
    closing.closing_kind = "penalty";
    closing.penalty_decision_no = "沪市监处〔2025〕" + std::to_string(round) + "号";
    closing.penalty_date = *core::ParseDate("2025-12-20");
    closing.fine = core::Fen(123400);
    ASSERT_TRUE(CloseCase(*ctx_, As("sh_officer"), c->id, closing).has_value());
    if (HasFailure()) return;
    ExpectCellsMatchRecords("after round " + std::to_string(round));
    if (HasFailure()) return;
  }
}

TEST_P(StatisticsTest, FiguresFromCellsEqualFiguresFromRecordsInEveryScope) {
  RandomWriter writer(*db_, agencies_, user_, 7);
  writer.Run(300);
  const char* indicators[] = {"cases_opened", "fines", "transfer_rate", "leads_received", "hits_confirmed", "disclosure_on_time_rate",
                              "complaints_received", "goods_seized_quantity", "penalty_instead_alerts",
                              "complaint_conversion_rate", "complaint_decision_time", "complaint_notice_time",
                              "cases_opened_channel", "amount_involved_goods", "cases_opened_campaign"};
  const char* groups[] = {"none", "province", "prefecture", "agency", "month", "quarter", "year"};
  for (const char* login : {"admin", "gd_officer", "sh_prosecutor", "sz_officer", "pd_officer"}) {
    Principal who = As(login);
    for (const char* ind : indicators) {
      for (const char* group : groups) {
        FigureQuery q;
        q.request = {ind, "2024-01", "2025-12", group, {}};
        auto cells = QueryFigure(*ctx_, who, q);
        ASSERT_TRUE(cells.has_value()) << login << " " << ind << ": " << cells.error().ToString();
        q.from_records = true;
        auto records = QueryFigure(*ctx_, who, q);
        ASSERT_TRUE(records.has_value());
        ASSERT_EQ(cells->rows.size(), records->rows.size()) << login << " " << ind << " " << group;
        for (size_t i = 0; i < cells->rows.size(); ++i) {
          EXPECT_EQ(cells->rows[i].row.key, records->rows[i].row.key);
          EXPECT_EQ(cells->rows[i].row.value, records->rows[i].row.value) << login << " " << ind << " " << group;
          EXPECT_EQ(cells->rows[i].row.denominator, records->rows[i].row.denominator);
        }
      }
    }
  }
  // A provincial officer's national figure is the province's own agency's: the same as the
  // admin's figure for that agency.
  Principal gd = As("gd_officer");
  FigureQuery q;
  q.request = {"cases_opened", "2024-01", "2025-12", "none", {}};
  auto own = QueryFigure(*ctx_, gd, q);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->scope.agency, gd.agency_id);
  q.agency_id = gd.agency_id;
  q.region = "440000";
  auto admin_view = QueryFigure(*ctx_, As("admin"), q);
  ASSERT_TRUE(admin_view.has_value());
  EXPECT_EQ(own->total.value, admin_view->total.value);
  // Outside the scope: another province, another agency.
  q.agency_id.reset();
  q.region = "310000";
  auto elsewhere = QueryFigure(*ctx_, gd, q);
  ASSERT_FALSE(elsewhere.has_value());
  EXPECT_EQ(elsewhere.error().code(), core::StatusCode::kPermissionDenied);
  q.region.reset();
  q.agency_id = gd.agency_id + 1;
  auto other_agency = QueryFigure(*ctx_, gd, q);
  ASSERT_FALSE(other_agency.has_value());
  EXPECT_EQ(other_agency.error().code(), core::StatusCode::kPermissionDenied);
  // A viewer without the capability.
  q.agency_id.reset();
  auto police = QueryFigure(*ctx_, As("sh_police"), q);
  ASSERT_FALSE(police.has_value());
  EXPECT_EQ(police.error().code(), core::StatusCode::kPermissionDenied);
}

// Issue 18's dimensions: each grouping by a new dimension equals the same count and sum taken
// straight from the base tables (not through the measure's SQL), unfilled values under '' shown
// as 未填写; a filter keeps one value; the records behind each campaign row carry that tag.
TEST_P(StatisticsTest, NewDimensionsGroupAsTheRecordsSay) {
  // The first writes of the property test's sequence (seed 18; a seed whose rolled-back batch
  // holds the writer's first monitoring scan would leave its later hits without one).
  RandomWriter writer(*db_, agencies_, user_, 18);
  writer.Run(500);
  Principal admin = As("admin");
  struct Check {
    const char* count_indicator;
    const char* sum_indicator;
    const char* group;
    const char* sql;  // key, count, sum of illegal_business_fen over every record
  };
  const Check checks[] = {
      {"cases_opened_channel", "amount_involved_channel", "sales_channel",
       "SELECT COALESCE(channel, ''), count(*), COALESCE(sum(illegal_business_fen), 0) FROM cases GROUP BY 1"},
      {"cases_opened_channel", "amount_involved_channel", "trade_flow",
       "SELECT COALESCE(trade, ''), count(*), COALESCE(sum(illegal_business_fen), 0) FROM cases GROUP BY 1"},
      {"cases_opened_goods", "amount_involved_goods", "goods_class",
       "SELECT COALESCE(goods_class, ''), count(*), COALESCE(sum(illegal_business_fen), 0) FROM cases GROUP BY 1"},
      {"cases_opened_goods", "amount_involved_goods", "category",
       "SELECT category, count(*), COALESCE(sum(illegal_business_fen), 0) FROM cases GROUP BY 1"},
      {"cases_opened_campaign", "amount_involved_campaign", "campaign",
       "SELECT g.tag, count(*), COALESCE(sum(c.illegal_business_fen), 0) FROM case_campaigns g "
       "JOIN cases c ON c.id = g.case_id GROUP BY 1"},
  };
  for (const Check& check : checks) {
    std::map<std::string, std::pair<int64_t, int64_t>> expected;
    {
      auto tx = db_->Begin(storage::TxMode::kRead);
      ASSERT_TRUE(tx.has_value());
      auto rows = (*tx)->Query(check.sql);
      ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
      for (const auto& r : *rows) expected[r.Text(0)] = {r.Int(1), r.Int(2)};
    }
    ASSERT_GE(expected.size(), 2u) << check.group;
    for (bool sum : {false, true}) {
      FigureQuery q;
      q.request = {sum ? check.sum_indicator : check.count_indicator, "2023-01", "2026-12", check.group, {}};
      auto figure = QueryFigure(*ctx_, admin, q);
      ASSERT_TRUE(figure.has_value()) << figure.error().ToString();
      std::map<std::string, int64_t> got;
      for (const LabelledRow& r : figure->rows) {
        got[r.row.key] = r.row.value.value_or(-1);
        const std::string group = check.group;
        if (r.row.key.empty()) {
          EXPECT_EQ(r.label, "未填写") << group;
        } else if (group == "goods_class" && r.row.key == "25") {
          EXPECT_EQ(r.label, "第25类 服装鞋帽");
        } else if (group == "sales_channel" && r.row.key == "online") {
          EXPECT_EQ(r.label, "线上");
        } else if (group == "trade_flow" && r.row.key == "import") {
          EXPECT_EQ(r.label, "进口");
        }
      }
      // Every value with records is a row, a sum of 0 too.
      std::map<std::string, int64_t> want;
      for (const auto& [key, cs] : expected) want[key] = sum ? cs.second : cs.first;
      EXPECT_EQ(got, want) << check.group << (sum ? " (sum)" : " (count)");
    }
  }
  // A filter on one value, and the records behind a campaign's row.
  FigureQuery online;
  online.request = {"cases_opened_channel", "2023-01", "2026-12", "none", {{"sales_channel", "online"}}};
  auto only = QueryFigure(*ctx_, admin, online);
  ASSERT_TRUE(only.has_value()) << only.error().ToString();
  {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto n = (*tx)->Query("SELECT count(*) FROM cases WHERE channel = 'online'");
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(only->total.value.value_or(0), (*n)[0].Int(0));
  }
  FigureQuery by_campaign;
  by_campaign.request = {"cases_opened_campaign", "2023-01", "2026-12", "campaign", {}};
  auto campaigns = QueryFigure(*ctx_, admin, by_campaign);
  ASSERT_TRUE(campaigns.has_value());
  ASSERT_FALSE(campaigns->rows.empty());
  for (const LabelledRow& r : campaigns->rows) {
    EXPECT_EQ(r.label, r.row.key);
    auto page = FigureRecords(*ctx_, admin, by_campaign, r.row.key, false, {1, 200});
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    EXPECT_EQ(page->total, *r.row.value) << r.row.key;
    auto tx = db_->Begin(storage::TxMode::kRead);
    for (const StatRecord& rec : page->items) {
      EXPECT_EQ(rec.d1, r.row.key);
      auto tagged = (*tx)->Query("SELECT 1 FROM case_campaigns WHERE case_id = ? AND tag = ?", {rec.case_id, r.row.key});
      ASSERT_TRUE(tagged.has_value());
      EXPECT_EQ(tagged->size(), 1u) << "case " << rec.case_id << " behind " << r.row.key;
    }
  }
  // A dimension the indicator does not have is refused.
  FigureQuery wrong;
  wrong.request = {"cases_opened", "2025-01", "2025-12", "goods_class", {}};
  auto refused = QueryFigure(*ctx_, admin, wrong);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), core::StatusCode::kInvalidArgument);
}

TEST_P(StatisticsTest, RecordsBehindAFigureAddUpToIt) {
  RandomWriter writer(*db_, agencies_, user_, 11);
  writer.Run(200);
  Principal admin = As("admin");
  FigureQuery q;
  q.request = {"cases_opened", "2024-01", "2025-12", "month", {}};
  auto figure = QueryFigure(*ctx_, admin, q);
  ASSERT_TRUE(figure.has_value());
  ASSERT_FALSE(figure->rows.empty());
  for (const LabelledRow& r : figure->rows) {
    auto page = FigureRecords(*ctx_, admin, q, r.row.key, false, {1, 200});
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    EXPECT_EQ(page->total, *r.row.value) << r.row.key;
    for (const StatRecord& rec : page->items) EXPECT_EQ(rec.month, r.row.key);
  }
  // Quarters are not keys of the records: drill into months.
  q.request.group = "quarter";
  auto bad = FigureRecords(*ctx_, admin, q, std::string("2025-Q1"), false, {1, 20});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
}

// The rebuild mends every kind of wrong cell in each of the four tables — other sums, a cell
// missing (a whole measure's), a cell no record makes (with strings and an agency no record has,
// text that needs escaping, or n = 0) — and a second look finds nothing to change.
TEST_P(StatisticsTest, RebuildRestoresCellsAndIsAudited) {
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    for (const char* sql : {
             "UPDATE stat_cells SET n = n + 5 WHERE measure = 'case_opened'",
             "UPDATE stat_cells SET v = v - 7 WHERE measure = 'lead'",
             "DELETE FROM stat_cells WHERE measure = 'case_closed'",
             "DELETE FROM stat_cells_prefecture WHERE measure = 'transfer'",
             "UPDATE stat_cells_province SET n = n + 1 WHERE measure = 'case_goods'",
             "UPDATE stat_cells_nation SET v = v + 1 WHERE measure = 'complaint'",
             "INSERT INTO stat_cells (measure, month, region_code, province_code, prefecture_code, agency_id, d1, "
             "d2, n, v) VALUES ('hit', '1999-01', '440305', '440000', '440300', 987654321, 'tab\there', "
             "'back\\slash', 2, 3)",
             "INSERT INTO stat_cells (measure, month, region_code, province_code, prefecture_code, agency_id, d1, "
             "d2, n, v) VALUES ('case_opened', '2025-03', '440305', '440000', '440300', 1, 'trademark', '', 0, 0)",
             "INSERT INTO stat_cells_prefecture (measure, month, prefecture_code, province_code, d1, d2, n, v) "
             "VALUES ('lead', '2025-03', '999900', '990000', 'line\nbreak', '', 1, 1)",
             "INSERT INTO stat_cells_nation (measure, month, d1, d2, n, v) VALUES ('no_such_measure', '2025-03', "
             "'', '', 1, 1)",
         }) {
      ASSERT_TRUE((*tx)->Exec(sql).has_value()) << sql;
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  {
    auto tx = db_->Begin(storage::TxMode::kRead);
    StatisticsStore store(**tx);
    EXPECT_NE(*store.Cells(), *store.RecomputedCells());
    auto found = store.Differences();
    ASSERT_TRUE(found.has_value()) << found.error().ToString();
    EXPECT_GT(found->changed, 0);
    EXPECT_GE(found->dropped, 4);  // the four cells no record makes
  }
  auto denied = RebuildStatistics(*ctx_, As("gd_officer"));
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code(), core::StatusCode::kPermissionDenied);
  auto rebuilt = RebuildStatistics(*ctx_, As("admin"));
  ASSERT_TRUE(rebuilt.has_value()) << rebuilt.error().ToString();
  EXPECT_GT(rebuilt->cells, 0);
  EXPECT_GT(rebuilt->changed, 0);
  EXPECT_GE(rebuilt->dropped, 4);
  ExpectCellsMatchRecords("after the rebuild");
  {
    auto tx = db_->Begin(storage::TxMode::kRead);
    StatisticsStore store(**tx);
    auto found = store.Differences();
    ASSERT_TRUE(found.has_value()) << found.error().ToString();
    EXPECT_EQ(found->changed, 0);
    EXPECT_EQ(found->dropped, 0);
    EXPECT_EQ(found->cells, rebuilt->cells);
    for (const char* table : {"stat_cells", "stat_cells_prefecture", "stat_cells_province", "stat_cells_nation"}) {
      auto zero = (*tx)->Query(std::string("SELECT count(*) FROM ") + table + " WHERE n = 0 OR measure = 'no_such_measure'");
      ASSERT_TRUE(zero.has_value());
      EXPECT_EQ((*zero)[0].Int(0), 0) << table;
    }
  }
  auto tx = db_->Begin(storage::TxMode::kRead);
  auto audit = (*tx)->Query("SELECT count(*) FROM audit_log WHERE action = 'statistics.rebuild'");
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ((*audit)[0].Int(0), 1);
}

// A recomputation into empty tables writes each measure's cells together and in the order of the
// primary key, so that a figure's range of the key lies on a few pages (PostgreSQL's ctid, SQLite's
// rowid: the order the rows were stored in).
TEST_P(StatisticsTest, ARecomputationIntoEmptyTablesWritesTheCellsInKeyOrder) {
  RandomWriter writer(*db_, agencies_, user_, 41);
  writer.Run(300);
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    for (const char* t : {"stat_cells", "stat_cells_prefecture", "stat_cells_province", "stat_cells_nation"}) {
      ASSERT_TRUE((*tx)->Exec(std::string("DELETE FROM ") + t).has_value());
    }
    auto done = StatisticsStore(**tx).Recompute();
    ASSERT_TRUE(done.has_value()) << done.error().ToString();
    EXPECT_EQ(done->changed, done->cells + [&] {
      int64_t summed = 0;
      for (const char* t : {"stat_cells_prefecture", "stat_cells_province", "stat_cells_nation"}) {
        summed += (*(*tx)->Query(std::string("SELECT count(*) FROM ") + t))[0].Int(0);
      }
      return summed;
    }());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  ExpectCellsMatchRecords("after a recomputation into empty tables");
  const std::string order = GetParam() == "postgres" ? "ctid" : "rowid";
  auto tx = db_->Begin(storage::TxMode::kRead);
  auto rows = (*tx)->Query("SELECT measure, month, region_code, agency_id, d1, d2 FROM stat_cells ORDER BY " + order);
  ASSERT_TRUE(rows.has_value());
  ASSERT_GT(rows->size(), 100u);
  std::set<std::string> finished;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& a = (*rows)[i - 1];
    const auto& b = (*rows)[i];
    if (a.Text(0) != b.Text(0)) {
      EXPECT_TRUE(finished.insert(a.Text(0)).second) << a.Text(0) << "'s cells are not together";
      continue;
    }
    auto key = [](const storage::Row& r) {
      return std::tuple(r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5));  // byte order, as COLLATE "C"
    };
    ASSERT_LE(key(a), key(b)) << "row " << i << " of " << a.Text(0);
  }
}

// Writes that come while a recomputation runs wait for it and are counted in the new cells: on
// PostgreSQL the recomputation builds new tables and swaps them in (StatisticsStore::Recompute),
// and a write committed between its reading of the records and the swap would have changed the
// old cells only and been lost with them. A writer keeps writing before, during and after.
TEST_P(StatisticsTest, WritesDuringARecomputationAreCounted) {
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    RandomWriter during(*db_, agencies_, user_, 29);
    while (!stop) during.Run(4);
  });
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    StatisticsStore store(**tx);
    auto cells = store.Recompute();
    ASSERT_TRUE(cells.has_value()) << cells.error().ToString();
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  writer.join();
  ExpectCellsMatchRecords("after writes during recomputations");
}

INSTANTIATE_TEST_SUITE_P(IPE_STATS_SUITE, StatisticsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
