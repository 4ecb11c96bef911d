// complaints_bench: what the complaint queue costs at volume.
//
//   complaints_bench [--db URL] [--complaints N] [--runs R] [--intakes I]
//
// Loads the demo data into a fresh database (default: a SQLite file under /tmp), bulk-loads N
// complaints and reports (default 100 000) for the Shenzhen market regulator in matters of 20 (one
// web shop each, stored group and match keys as the intake writes them), then times, as sz_officer,
// R calls each (default 30) of: the queue's first page (20, newest first, with the matter sizes),
// a deep page, the queue filtered to one matter, a record's detail with its matter, and I intakes
// (default 200) through app::SubmitComplaint with the matter look-up. Prints p50/p99/max in ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/complaints/complaint_store.h"
#include "app/complaints/complaints.h"
#include "app/demo.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using Clock = std::chrono::steady_clock;

int Fail(const ipe::core::Status& st) {
  std::fprintf(stderr, "complaints_bench: %s\n", st.ToString().c_str());
  return 1;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))]; };
  std::printf("  %-44s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (%zu calls)\n", what, at(0.5),
              at(0.99), ms.back(), ms.size());
}

}  // namespace

int main(int argc, char** argv) {
  int64_t n = 100000;
  int runs = 30, intakes = 200;
  std::string url;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--complaints")) n = std::strtoll(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--intakes")) intakes = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
  }
  if (url.empty()) {
    std::filesystem::remove_all("/tmp/ipe-complaints-bench");
    url = "sqlite:///tmp/ipe-complaints-bench/bench.db";
  }
  using namespace ipe;
  core::SystemClock clock;
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  if (auto m = storage::Migrate(**db, storage::AllMigrations(), clock.Now()); !m) return Fail(m.error());
  app::Context ctx(**db, clock);
  if (auto demo = app::LoadDemoData(ctx); !demo) return Fail(demo.error());
  auto officer = app::PrincipalForLogin(ctx, "sz_officer");
  if (!officer) return Fail(officer.error());

  // Bulk load: matters of 20 records sharing a shop (normalised key "web_shop|taobao:shopN").
  auto load0 = Clock::now();
  int64_t now = clock.Now().seconds;
  int64_t first_id = 0;
  const int64_t kBatch = 5000;
  for (int64_t done = 0; done < n; done += kBatch) {
    int64_t m = std::min(kBatch, n - done);
    auto tx = (*db)->Begin(storage::TxMode::kWrite);
    if (!tx) return Fail(tx.error());
    int64_t before = (*(*tx)->Query("SELECT COALESCE(max(id), 0) FROM complaints"))[0].Int(0);
    if (done == 0) first_id = before + 1;
    std::vector<std::vector<storage::Value>> rows, keys;
    for (int64_t i = 0; i < m; ++i) {
      int64_t k = done + i;
      int64_t id = before + 1 + i;  // ids follow the insert order on a fresh table
      int64_t matter = k / 20;
      int64_t at = now - (n - k) * 30;
      rows.push_back({k % 3 ? "report" : "complaint", "hotline", "BENCH" + std::to_string(k), "x",
                      "trademark", "pending", officer->agency_id, "440305", "440000", "440300",
                      "某某", "淘宝:shop" + std::to_string(matter), "售假线索", at, at, at + 15 * 86400,
                      at, at, first_id + matter * 20,
                      // what ComplaintStore::Insert stores for the queue's search (indexed below)
                      "某某 bench" + std::to_string(k) + " 淘宝:shop" + std::to_string(matter)});
      keys.push_back({"web_shop|taobao:shop" + std::to_string(matter), id});
    }
    if (auto st = (*tx)->BulkInsert("complaints",
                                    {"kind", "channel", "receipt_no", "query_code_hash", "subject",
                                     "status", "agency_id", "region_code", "province_code",
                                     "prefecture_code", "respondent_name", "respondent_shop", "facts",
                                     "received_at", "agency_received_at", "decision_due",
                                     "created_at", "updated_at", "group_id", "search_text"},
                                    rows);
        !st.ok()) {
      return Fail(st);
    }
    if (auto st = (*tx)->BulkInsert("complaint_match_keys", {"match_key", "complaint_id"}, keys);
        !st.ok()) {
      return Fail(st);
    }
    if (auto st = (*tx)->Commit(); !st.ok()) return Fail(st);
  }
  // As the server does at start: the search index of the rows written around the store, and the
  // planner's statistics (also after imports).
  if (auto st = app::ComplaintStore::RebuildSearchIfStale(**db); !st.ok()) return Fail(st);
  if (auto st = (*db)->UpdateStatistics(); !st.ok()) return Fail(st);
  std::printf("complaints benchmark (%s): %lld records in %lld matters loaded in %.1f s\n",
              url.substr(0, url.find(':')).c_str(), static_cast<long long>(n),
              static_cast<long long>((n + 19) / 20), Ms(Clock::now() - load0) / 1000);

  auto time = [&](const char* what, int count, const std::function<core::Status(int)>& fn) -> bool {
    std::vector<double> ms;
    for (int i = 0; i < count; ++i) {
      auto a = Clock::now();
      core::Status st = fn(i);
      ms.push_back(Ms(Clock::now() - a));
      if (!st.ok()) {
        Fail(st);
        return false;
      }
    }
    Report(what, ms);
    return true;
  };
  int64_t last_id = first_id + n - 1;
  bool ok =
      time("queue, first page (20, matter sizes)", runs, [&](int) {
        auto p = app::ListComplaints(ctx, *officer, {}, app::PageRequest{1, 20});
        if (!p) return p.error();
        if (p->items.size() != 20 || p->items[0].group_size < 1) {
          return core::Status(core::Internal("unexpected page"));
        }
        return core::Status::Ok();
      }) &&
      time("queue, page 500 (offset 9 980)", runs, [&](int) {
        return app::ListComplaints(ctx, *officer, {}, app::PageRequest{500, 20}).status();
      }) &&
      time("queue, one matter (?group=)", runs, [&](int i) {
        app::ComplaintFilter f;
        f.group_id = first_id + (static_cast<int64_t>(i) * 977 % ((n + 19) / 20)) * 20;
        auto p = app::ListComplaints(ctx, *officer, f, app::PageRequest{1, 20});
        if (!p) return p.error();
        return p->total >= 1 ? core::Status::Ok() : core::Status(core::Internal("empty matter"));
      }) &&
      time("queue, search one shop (q=shopN, 20+)", runs, [&](int i) {
        app::ComplaintFilter f;
        f.q = "shop" + std::to_string(i * 977 % ((n + 19) / 20));
        auto p = app::ListComplaints(ctx, *officer, f, app::PageRequest{1, 20});
        if (!p) return p.error();
        return p->total >= 1 ? core::Status::Ok() : core::Status(core::Internal("shop not found"));
      }) &&
      time("queue, search a receipt no. (q=BENCHk)", runs, [&](int i) {
        app::ComplaintFilter f;
        f.q = "BENCH" + std::to_string(i * 7919 % n);
        auto p = app::ListComplaints(ctx, *officer, f, app::PageRequest{1, 20});
        if (!p) return p.error();
        return p->total >= 1 ? core::Status::Ok() : core::Status(core::Internal("receipt not found"));
      }) &&
      time("queue, search 2 characters every record has (q=某某)", runs, [&](int) {
        app::ComplaintFilter f;
        f.q = "某某";
        return app::ListComplaints(ctx, *officer, f, app::PageRequest{1, 20}).status();
      }) &&
      time("detail with its matter", runs, [&](int i) {
        return app::GetComplaint(ctx, *officer, last_id - i * 37 % n).status();
      }) &&
      time("intake (SubmitComplaint, matter look-up)", intakes, [&](int i) {
        ipe::complaints::Intake in;
        in.kind = ipe::complaints::Kind::kReport;
        in.channel = "hotline";
        in.subject = "trademark";
        in.anonymous = true;
        in.respondent_name = "某某";
        in.respondent_region = "440305";
        in.respondent_shop = "taobao：shop" + std::to_string(i * 13 % ((n + 19) / 20));
        in.facts = "售假线索";
        return app::SubmitComplaint(ctx, *officer, {in, "", {}}).status();
      });
  return ok ? 0 : 1;
}
