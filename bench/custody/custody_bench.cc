// custody_bench: what a movement of a seized line costs in the server's process.
//
//   custody_bench [--lines N] [--movements M] [--db URL]
//
// Loads the demo data into a fresh database (default: a SQLite file under /tmp), registers N lines
// (default 2 000) on one demo case as sh_officer, then records M random movements (default 5 000:
// samples, returns, hand-overs, retentions, moves between two stores) through app::RecordMovement —
// each one transaction with the balance check, the version-guarded update, the movement row and the
// audit record — and prints p50/p99/max. Then the reconciliation of the agency (all lines), the pure
// custody::Apply per call, and one certificate PDF.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/custody/custody.h"
#include "app/demo.h"
#include "cert/certificate.h"
#include "custody/ledger.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};
Figures Percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))]; };
  return {at(0.5), at(0.99), us.back()};
}

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

int Fail(const ipe::core::Status& st) {
  std::fprintf(stderr, "custody_bench: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_lines = 2000, n_moves = 5000;
  std::string url;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--lines")) n_lines = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--movements")) n_moves = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
  }
  if (url.empty()) {
    std::filesystem::remove_all("/tmp/ipe-custody-bench");
    url = "sqlite:///tmp/ipe-custody-bench/bench.db";
  }
  using namespace ipe;
  core::SystemClock clock;
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  if (auto m = storage::Migrate(**db, storage::AllMigrations(), clock.Now()); !m) return Fail(m.error());
  app::Context ctx(**db, clock);
  if (auto demo = app::LoadDemoData(ctx); !demo) return Fail(demo.error());
  auto officer = app::PrincipalForLogin(ctx, "sh_officer");
  if (!officer) return Fail(officer.error());

  app::CaseInput in;
  in.case_number = "BENCH-" + std::to_string(clock.Now().seconds);
  in.title = "涉案物品基准测试";
  in.category = "trademark";
  in.conduct = "sell_counterfeit_goods";
  in.source = "inspection";
  in.act_date_from = *core::ParseDate("2025-01-01");
  auto c = app::CreateCase(ctx, *officer, in);
  if (!c) return Fail(c.error());
  // Names unique per run: a --db server may hold an earlier run's stores.
  auto s1 = app::CreateStoreroom(ctx, *officer, {"基准甲库 " + in.case_number, "", std::nullopt});
  auto s2 = app::CreateStoreroom(ctx, *officer, {"基准乙库 " + in.case_number, "", std::nullopt});
  if (!s1 || !s2) return Fail(s1 ? s2.error() : s1.error());

  std::mt19937_64 rng(17);
  std::vector<app::CustodyItem> lines;
  auto t0 = Clock::now();
  for (size_t i = 0; i < n_lines; ++i) {
    app::ItemInput item;
    item.description = "假冒商品" + std::to_string(i);
    item.category = "general";
    item.unit = "piece";
    item.quantity = 100000;
    item.store_id = s1->id;
    auto made = app::RegisterCustodyItem(ctx, *officer, c->id, item);
    if (!made) return Fail(made.error());
    lines.push_back(*made);
  }
  double register_s = Micros(t0, Clock::now()) / 1e6;

  const char* kinds[] = {"sample", "return", "hand_over", "retain", "move"};
  std::vector<double> us;
  us.reserve(n_moves);
  size_t refused = 0;
  for (size_t i = 0; i < n_moves; ++i) {
    app::CustodyItem& line = lines[rng() % lines.size()];
    std::string kind = kinds[rng() % 5];
    app::MovementInput m{kind, kind == "move" ? line.balance.in_custody : static_cast<int64_t>(rng() % 20 + 1),
                         kind == "move" ? std::optional<int64_t>(line.store_id == s1->id ? s2->id : s1->id)
                                        : std::nullopt,
                         "BENCH-" + std::to_string(i), "", line.version};
    auto a = Clock::now();
    auto r = app::RecordMovement(ctx, *officer, line.id, m);
    us.push_back(Micros(a, Clock::now()));
    if (r) {
      line = *r;
    } else {
      ++refused;
    }
  }
  Figures f = Percentiles(us);

  auto r0 = Clock::now();
  auto rec = app::CustodyReconciliation(ctx, *officer, 90);
  double rec_ms = Micros(r0, Clock::now()) / 1000;
  if (!rec) return Fail(rec.error());
  bool balanced = true;
  for (const auto& row : rec->rows) balanced &= row.balanced;

  // The pure check, many times over one line.
  custody::Balance b = custody::Balance::Seized(custody::kMaxQuantity);
  auto p0 = Clock::now();
  const int kApply = 1'000'000;
  for (int i = 0; i < kApply; ++i) {
    auto next = custody::Apply(b, custody::MovementKind::kSample, 1);
    if (next) b = *next;
  }
  double apply_ns = Micros(p0, Clock::now()) * 1000 / kApply;

  cert::CertificateDoc doc;
  doc.number = "XH2026-000001";
  doc.verify_url = "http://127.0.0.1/public/destruction-certificates/XH2026-000001";
  doc.agency_name = "上海市市场监督管理局";
  doc.unit_name = "上海某危险废物处置有限公司";
  doc.unit_licence_no = "沪环危废经字第0107号";
  doc.method = "焚烧处置";
  doc.executed_on = "2026-06-01";
  for (int i = 0; i < 30; ++i) doc.lines.push_back({"WP-" + std::to_string(i), "假冒商品", "一般固体废物", 10, "件"});
  auto c0 = Clock::now();
  auto pdf = cert::RenderDestructionCertificate(doc);
  double pdf_ms = Micros(c0, Clock::now()) / 1000;
  if (!pdf) return Fail(pdf.error());

  std::printf("custody_bench (%s)\n", (*db)->display_url().c_str());
  std::printf("  register %zu lines: %.2f s (%.2f ms each)\n", n_lines, register_s, register_s * 1000 / n_lines);
  std::printf("  %zu movements (%zu refused by the balance): p50 %.0f us, p99 %.0f us, max %.0f us\n", n_moves,
              refused, f.p50, f.p99, f.max);
  std::printf("  reconciliation of %zu+ lines: %.1f ms (%zu rows, %s)\n", n_lines, rec_ms, rec->rows.size(),
              balanced ? "balanced" : "UNBALANCED");
  std::printf("  custody::Apply: %.1f ns per call\n", apply_ns);
  std::printf("  certificate PDF (30 lines): %.1f ms, %zu bytes\n", pdf_ms, pdf->size());
  return balanced ? 0 : 1;
}
