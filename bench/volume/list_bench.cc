// list_bench: a case list as the server's use case answers it (app::ListCases: scope, store,
// row mapping) next to the same SQL statements run bare on the same database — the ratio the
// volume issue asks for (≤ 1.5). No HTTP, no JSON: bench/volume/run.sh measures those with wrk.
//
//   list_bench --db URL [--iterations N] [--as LOGIN] QUERY…
//
// QUERY is a list query string as the API takes it ("", "region=440000", "q=奶粉&page=500",
// "threshold_met=true" …; keys q, status, category, campaign, agency_id, region, threshold_met,
// channel, trade, goods_class,
// page, page_size). The statements the store runs for a query are recorded once (a Database
// wrapper that logs every statement of its transactions) and then replayed through the bare
// storage::Tx, with the same parameters, for the "raw SQL" column. Prints one table row per query.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "storage/db.h"

namespace {

using Clock = std::chrono::steady_clock;
using ipe::storage::Params;

struct Statement {
  std::string sql;
  Params params;
};

// A transaction that records what it runs and forwards everything to the real one.
class RecordingTx final : public ipe::storage::Tx {
 public:
  RecordingTx(std::unique_ptr<ipe::storage::Tx> inner, std::vector<Statement>* log)
      : inner_(std::move(inner)), log_(log) {}
  ipe::storage::Dialect dialect() const override { return inner_->dialect(); }
  ipe::core::Result<int64_t> Exec(std::string_view sql, const Params& p) override {
    log_->push_back({std::string(sql), p});
    return inner_->Exec(sql, p);
  }
  ipe::core::Result<std::vector<ipe::storage::Row>> Query(std::string_view sql,
                                                          const Params& p) override {
    log_->push_back({std::string(sql), p});
    return inner_->Query(sql, p);
  }
  ipe::core::Status Stream(std::string_view sql,
                           const std::function<ipe::core::Status(const ipe::storage::StreamRow&)>& fn) override {
    log_->push_back({std::string(sql), {}});
    return inner_->Stream(sql, fn);
  }
  ipe::core::Status ExecScript(std::string_view sql) override { return inner_->ExecScript(sql); }
  ipe::core::Status BulkInsert(std::string_view t, const std::vector<std::string>& c,
                               const std::vector<std::vector<ipe::storage::Value>>& r) override {
    return inner_->BulkInsert(t, c, r);
  }
  ipe::core::Status Commit() override { return inner_->Commit(); }

 private:
  std::unique_ptr<ipe::storage::Tx> inner_;
  std::vector<Statement>* log_;
};

class RecordingDatabase final : public ipe::storage::Database {
 public:
  explicit RecordingDatabase(ipe::storage::Database& inner) : inner_(inner) {}
  ipe::storage::Dialect dialect() const override { return inner_.dialect(); }
  std::string display_url() const override { return inner_.display_url(); }
  ipe::core::Result<std::unique_ptr<ipe::storage::Tx>> Begin(ipe::storage::TxMode mode) override {
    auto tx = inner_.Begin(mode);
    if (!tx) return tx.error();
    if (!recording) return std::move(*tx);
    return std::unique_ptr<ipe::storage::Tx>(new RecordingTx(std::move(*tx), &log));
  }
  ipe::core::Status Ping() override { return inner_.Ping(); }
  ipe::core::Status UpdateStatistics() override { return inner_.UpdateStatistics(); }

  bool recording = false;
  std::vector<Statement> log;

 private:
  ipe::storage::Database& inner_;
};

struct Figures {
  double p50 = 0, p99 = 0;
};
Figures Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))]; };
  return {at(0.5), at(0.99)};
}

// "q=奶粉&region=440000" → filter and page (values are taken as written: no %-decoding).
bool ParseQuery(const std::string& text, ipe::app::CaseFilter* f, ipe::app::PageRequest* page) {
  size_t start = 0;
  while (start < text.size()) {
    size_t amp = text.find('&', start);
    std::string part = text.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    start = amp == std::string::npos ? text.size() : amp + 1;
    size_t eq = part.find('=');
    if (eq == std::string::npos) return false;
    std::string k = part.substr(0, eq), v = part.substr(eq + 1);
    if (k == "q") f->q = v;
    else if (k == "status") f->status = v;
    else if (k == "category") f->category = v;
    else if (k == "campaign") f->campaign = v;
    else if (k == "channel") f->channel = v;
    else if (k == "trade") f->trade = v;
    else if (k == "goods_class") f->goods_class = v;
    else if (k == "region") f->region = v;
    else if (k == "agency_id") f->agency_id = std::stoll(v);
    else if (k == "threshold_met") f->threshold_met = v == "true";
    else if (k == "page") page->page = std::stoll(v);
    else if (k == "page_size") page->page_size = std::stoll(v);
    else return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, login = "admin";
  int iterations = 200;
  std::vector<std::string> queries;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) url = argv[++i];
    else if (a == "--iterations" && i + 1 < argc) iterations = std::max(1, std::atoi(argv[++i]));
    else if (a == "--as" && i + 1 < argc) login = argv[++i];
    else queries.push_back(a);
  }
  if (url.empty() || queries.empty()) {
    std::fprintf(stderr, "usage: list_bench --db URL [--iterations N] [--as LOGIN] QUERY…\n");
    return 2;
  }
  auto db = ipe::storage::OpenDatabase(url);
  if (!db) {
    std::fprintf(stderr, "list_bench: %s\n", db.error().ToString().c_str());
    return 1;
  }
  RecordingDatabase rec(**db);
  ipe::app::Context ctx(rec, ipe::core::SystemClock::Instance());
  auto who = ipe::app::PrincipalForLogin(ctx, login);
  if (!who) {
    std::fprintf(stderr, "list_bench: %s\n", who.error().ToString().c_str());
    return 1;
  }
  std::printf("| query (as %s) | total | ListCases p50 ms | p99 ms | raw SQL p50 ms | p99 ms | ratio p50 | statements |\n",
              login.c_str());
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const std::string& q : queries) {
    ipe::app::CaseFilter f;
    ipe::app::PageRequest page;
    if (!ParseQuery(q, &f, &page)) {
      std::fprintf(stderr, "list_bench: bad query %s\n", q.c_str());
      return 2;
    }
    rec.log.clear();
    rec.recording = true;
    auto first = ipe::app::ListCases(ctx, *who, f, page);
    rec.recording = false;
    if (!first) {
      std::fprintf(stderr, "list_bench: %s: %s\n", q.c_str(), first.error().ToString().c_str());
      return 1;
    }
    std::vector<Statement> statements = rec.log;
    std::vector<double> app_ms, raw_ms;
    for (int i = 0; i < iterations; ++i) {
      auto t0 = Clock::now();
      auto r = ipe::app::ListCases(ctx, *who, f, page);
      app_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!r) return 1;
      t0 = Clock::now();
      auto tx = (*db)->Begin(ipe::storage::TxMode::kRead);
      if (!tx) return 1;
      for (const Statement& s : statements) {
        if (!(*tx)->Query(s.sql, s.params)) return 1;
      }
      raw_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    Figures a = Percentiles(app_ms), r = Percentiles(raw_ms);
    std::printf("| %s | %lld%s | %.2f | %.2f | %.2f | %.2f | %.2f | %zu |\n",
                q.empty() ? "(first page)" : q.c_str(), static_cast<long long>(first->total),
                first->total_exact ? "" : "+", a.p50, a.p99, r.p50, r.p99,
                r.p50 > 0 ? a.p50 / r.p50 : 0.0, statements.size());
  }
  return 0;
}
