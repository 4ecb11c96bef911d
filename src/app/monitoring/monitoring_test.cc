// Monitoring use cases on SQLite in memory with a fixed clock: registry validation and audit, CSV
// import (all-or-nothing), listing parsing, scans through the real scanner, the review queue.
#include <gtest/gtest.h>

#include <set>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/leads/leads.h"
#include "app/monitoring/monitoring.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

constexpr const char* kPassword = "Str0ng-Passw0rd";

std::set<std::string> Fields(const core::Status& st) {
  std::set<std::string> out;
  for (const auto& e : st.field_errors()) out.insert(e.field);
  return out;
}

class MonitoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    Agency office{0, "全国打击侵权假冒工作领导小组办公室", "领导小组办公室", "leading_group_office",
                  "national", "000000", {}, true};
    auto a = CreateAgency(*ctx_, Principal::System(), office);
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    Agency sh{0, "上海市市场监督管理局", "市市场监管局", "market_regulation", "provincial",
              "310000", {}, true};
    auto b = CreateAgency(*ctx_, Principal::System(), sh);
    ASSERT_TRUE(b.has_value());
    analyst_ = MakeUser("analyst", {"analyst"}, a->id, "000000");
    office_ = MakeUser("office", {"office"}, a->id, "000000");
    sh_officer_ = MakeUser("sh_officer", {"officer"}, b->id, "310000");
    police_ = MakeUser("sh_police", {"police"}, b->id, "310000");
  }

  Principal MakeUser(const std::string& login, std::vector<std::string> roles, int64_t agency,
                     const std::string& region) {
    NewUser u{login, login, kPassword, std::move(roles), agency, region};
    auto created = CreateUser(*ctx_, Principal::System(), u);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value());
    return *p;
  }

  int64_t AuditCount() {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM audit_log");
    return (*rows)[0].Int(0);
  }

  static Brand Nike() {
    Brand b;
    b.code = "nike";
    b.name = "耐克";
    b.name_en = "Nike";
    b.names = {"Nike", "耐克"};
    b.reference_price_fen = 89900;
    b.authorized_shops = {{"tmall", "nike-official"}};
    b.trademarks = {{"1234567", {25, 28}}};
    return b;
  }
  static Brand Apple() {
    Brand b;
    b.code = "apple";
    b.name = "苹果";
    b.names = {"iPhone"};
    b.generic_names = {"苹果"};
    b.context_terms = {"手机"};
    b.reference_price_fen = 599900;
    return b;
  }

  ScanReport Scan(const Principal& who, const std::string& jsonl) {
    auto r = ScanListings(*ctx_, who, {"test", ParseListingLines(jsonl)});
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.has_value() ? *r : ScanReport{};
  }

  core::FakeClock clock_{core::Timestamp{1'700'000'000}};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  Principal analyst_, office_, sh_officer_, police_;
};

TEST_F(MonitoringTest, CreateBrandValidatesAndAuditsOnce) {
  int64_t audit = AuditCount();
  Brand bad;
  bad.code = "Bad Code!";
  bad.generic_names = {"苹果"};
  bad.reference_price_fen = -1;
  bad.authorized_shops = {{"天猫", "x"}};
  bad.trademarks = {{"12a", {25}}};
  auto r = CreateBrand(*ctx_, analyst_, bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
  std::set<std::string> fields = Fields(r.error());
  for (const char* f : {"code", "name", "context_terms", "reference_price_fen", "authorized_shops",
                        "trademarks"}) {
    EXPECT_TRUE(fields.count(f)) << f;
  }
  Brand dots = Nike();
  dots.names = {"···"};  // normalises to nothing: the scanner refuses it
  auto d = CreateBrand(*ctx_, analyst_, dots);
  ASSERT_FALSE(d.has_value());
  EXPECT_TRUE(Fields(d.error()).count("names"));
  EXPECT_EQ(AuditCount(), audit);

  auto created = CreateBrand(*ctx_, analyst_, Nike());
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_EQ(created->code, "nike");
  EXPECT_EQ(AuditCount(), audit + 1);
  auto dup = CreateBrand(*ctx_, analyst_, Nike());
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code(), core::StatusCode::kAlreadyExists);

  auto denied = CreateBrand(*ctx_, sh_officer_, Apple());
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code(), core::StatusCode::kPermissionDenied);
}

TEST_F(MonitoringTest, UpdateKeepsCodeAndChecksVersion) {
  auto b = CreateBrand(*ctx_, analyst_, Nike());
  ASSERT_TRUE(b.has_value());
  BrandPatch p;
  p.code = "nike2";
  auto r = UpdateBrand(*ctx_, analyst_, b->id, p);
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(Fields(r.error()).count("code"));
  BrandPatch stale;
  stale.version = 7;
  stale.rights_holder = "x";
  auto s = UpdateBrand(*ctx_, analyst_, b->id, stale);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), core::StatusCode::kFailedPrecondition);
  BrandPatch ok;
  ok.version = 1;
  ok.reference_price_fen = 99900;
  auto u = UpdateBrand(*ctx_, analyst_, b->id, ok);
  ASSERT_TRUE(u.has_value()) << u.error().ToString();
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->reference_price_fen, 99900);
}

TEST_F(MonitoringTest, CsvImportIsAllOrNothingWithRowErrors) {
  int64_t audit = AuditCount();
  std::string bad =
      "\xEF\xBB\xBF品牌编码(code),中文名称(name),品牌名称(names),参考价（元）(reference_price_yuan),"
      "授权店铺(authorized_shops)\r\n"
      "nike,耐克,Nike|耐克,899.00,tmall:nike-official\r\n"
      "adidas,阿迪达斯,Adidas,abc,\r\n"
      ",无编码,X,1,\r\n";
  auto r = ImportBrandsCsv(*ctx_, analyst_, bad);
  ASSERT_FALSE(r.has_value());
  std::set<std::string> fields = Fields(r.error());
  EXPECT_TRUE(fields.count("rows[3].reference_price_yuan")) << r.error().ToString();
  EXPECT_TRUE(fields.count("rows[4].code"));
  EXPECT_EQ(ListBrands(*ctx_, analyst_, {}, {})->total, 0);
  EXPECT_EQ(AuditCount(), audit);

  auto unknown = ImportBrandsCsv(*ctx_, analyst_, "code,name,colour\nnike,耐克,red\n");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_TRUE(Fields(unknown.error()).count("rows[1]"));

  auto quote = ImportBrandsCsv(*ctx_, analyst_, "code,name\n\"nike,耐克\n");
  ASSERT_FALSE(quote.has_value());
  EXPECT_TRUE(Fields(quote.error()).count("file"));

  auto good = ImportBrandsCsv(*ctx_, analyst_, BrandCsvTemplate());
  ASSERT_TRUE(good.has_value()) << good.error().ToString();
  EXPECT_EQ(good->created, 2);
  EXPECT_EQ(AuditCount(), audit + 1);
  auto again = ImportBrandsCsv(*ctx_, analyst_, "code,name,reference_price_yuan\nnike,耐克,1000\n");
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(again->updated, 1);
  auto list = ListBrands(*ctx_, analyst_, {.q = "nike"}, {});
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].reference_price_fen, 100000);
  EXPECT_EQ(list->items[0].names, (std::vector<std::string>{"耐克", "Nike", "Air Jordan"}));
  EXPECT_EQ(list->items[0].trademarks.size(), 1u);  // columns absent from the file are kept
}

TEST_F(MonitoringTest, ParseListingLinesReportsBadLinesByNumber) {
  ParsedListings p = ParseListingLines(
      "{\"id\":\"a\",\"title\":\"x\",\"price_fen\":100}\n"
      "not json\n"
      "\n"
      "{\"id\":7,\"title\":\"y\"}\r\n"
      "{\"title\":\"no id\"}\n"
      "{\"id\":\"b\",\"title\":\"z\",\"price_fen\":-5}\n"
      "[1,2]");
  ASSERT_EQ(p.listings.size(), 2u);
  EXPECT_EQ(p.listings[1].id, "7");
  EXPECT_EQ(p.listings[1].line, 4);
  ASSERT_EQ(p.errors.size(), 4u);
  EXPECT_EQ(p.errors[0].line, 2);
  EXPECT_EQ(p.errors[1].line, 5);
  EXPECT_EQ(p.errors[2].line, 6);
  EXPECT_EQ(p.errors[3].line, 7);
  EXPECT_FALSE(ParseListingArray("{\"id\":1}").has_value());
}

TEST_F(MonitoringTest, ScanStoresSuspectsWithUtf16SpansAndFollowsRegistryChanges) {
  EXPECT_EQ(ScanListings(*ctx_, analyst_, {"", ParseListingLines("{\"id\":\"1\",\"title\":\"x\"}")})
                .error()
                .code(),
            core::StatusCode::kFailedPrecondition);  // empty registry
  auto nike = CreateBrand(*ctx_, analyst_, Nike());
  ASSERT_TRUE(nike.has_value());
  ASSERT_TRUE(CreateBrand(*ctx_, analyst_, Apple()).has_value());
  // 😀 is one code point but two UTF-16 units and four bytes: the span must count UTF-16.
  std::string listings =
      "{\"id\":\"L1\",\"platform\":\"taobao\",\"shop_id\":\"s1\",\"shop_name\":\"某店\","
      "\"title\":\"😀高仿 耐克 运动鞋\",\"price_fen\":19900}\n"
      "{\"id\":\"L2\",\"platform\":\"taobao\",\"shop_id\":\"s2\",\"title\":\"红富士苹果 5斤\","
      "\"price_fen\":3900}\n"
      "{\"id\":\"L3\",\"platform\":\"tmall\",\"shop_id\":\"nike-official\",\"title\":\"耐克 跑鞋\","
      "\"price_fen\":89900}\n"
      "broken\n";
  ScanReport r = Scan(analyst_, listings);
  EXPECT_EQ(r.brands, 2);
  EXPECT_EQ(r.listings, 3);
  EXPECT_EQ(r.malformed, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 4);
  EXPECT_EQ(r.suspected, 1);
  EXPECT_EQ(r.new_hits, 1);

  auto page = ListHits(*ctx_, analyst_, {}, {});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->total, 1);
  const Hit& hit = page->items[0];
  EXPECT_EQ(hit.listing_id, "L1");
  EXPECT_EQ(hit.brands, std::vector<std::string>{"nike"});
  EXPECT_EQ(hit.reference_price_fen, 89900);
  EXPECT_GE(hit.score_pct, 50);
  bool saw_brand = false, saw_slang = false;
  for (const HitSignal& s : hit.signals) {
    if (s.kind == "brand") {
      saw_brand = true;
      ASSERT_TRUE(s.span.has_value());
      EXPECT_EQ(*s.span, std::make_pair(int64_t{5}, int64_t{7}));  // 😀高仿␠ = 2+2+1 units
    }
    if (s.kind == "slang") {
      saw_slang = true;
      EXPECT_EQ(*s.span, std::make_pair(int64_t{2}, int64_t{4}));
    }
  }
  EXPECT_TRUE(saw_brand && saw_slang);

  // A rescan refreshes the queued row instead of adding one.
  ScanReport again = Scan(analyst_, listings);
  EXPECT_EQ(again.new_hits, 0);
  EXPECT_EQ(again.updated_hits, 1);
  EXPECT_EQ(ListHits(*ctx_, analyst_, {}, {})->items[0].seen_count, 2);

  // Authorising the shop changes the registry: the cached scanner is rebuilt.
  BrandPatch p;
  p.authorized_shops = std::vector<AuthorizedShop>{{"tmall", "nike-official"}, {"taobao", "s1"}};
  ASSERT_TRUE(UpdateBrand(*ctx_, analyst_, nike->id, p).has_value());
  EXPECT_EQ(Scan(analyst_, listings).suspected, 0);

  auto exported = ExportBrandsJsonl(*ctx_, analyst_);
  ASSERT_TRUE(exported.has_value());
  EXPECT_NE(exported->find("{\"id\":\"apple\",\"names\":[\"iPhone\"],\"generic_names\":[\"苹果\"]"),
            std::string::npos)
      << *exported;
  EXPECT_NE(exported->find("\"authorized_shops\":[\"tmall:nike-official\",\"taobao:s1\"]"),
            std::string::npos);
}

TEST_F(MonitoringTest, ReviewQueueScopeAndActions) {
  ASSERT_TRUE(CreateBrand(*ctx_, analyst_, Nike()).has_value());
  Scan(analyst_,
       "{\"id\":\"A\",\"platform\":\"pdd\",\"shop_id\":\"x\",\"title\":\"莆田 Nike 鞋\",\"price_fen\":9900}\n"
       "{\"id\":\"B\",\"platform\":\"pdd\",\"shop_id\":\"x\",\"title\":\"高仿 耐克\",\"price_fen\":9900}\n");
  Scan(sh_officer_,
       "{\"id\":\"C\",\"platform\":\"taobao\",\"shop_id\":\"y\",\"title\":\"原单 NIKE\",\"price_fen\":9900}\n");

  // The Shanghai officer sees only their agency's row; the national office sees all three.
  auto sh = ListHits(*ctx_, sh_officer_, {}, {});
  ASSERT_TRUE(sh.has_value());
  ASSERT_EQ(sh->total, 1);
  EXPECT_EQ(sh->items[0].listing_id, "C");
  EXPECT_EQ(ListHits(*ctx_, office_, {}, {})->total, 3);
  EXPECT_EQ(ListHits(*ctx_, office_, {.platform = "pdd"}, {})->total, 2);
  EXPECT_EQ(ListHits(*ctx_, office_, {.brand = "nike", .score_min_pct = 0}, {})->total, 3);
  EXPECT_EQ(ListHits(*ctx_, office_, {.brand = "adidas"}, {})->total, 0);
  EXPECT_FALSE(ListHits(*ctx_, office_, {.status = "weird"}, {}).has_value());
  auto denied = ListHits(*ctx_, police_, {}, {});
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code(), core::StatusCode::kPermissionDenied);

  int64_t a_id = 0, b_id = 0;
  for (const Hit& h : ListHits(*ctx_, office_, {}, {})->items) {
    if (h.listing_id == "A") a_id = h.id;
    if (h.listing_id == "B") b_id = h.id;
  }
  auto hidden = GetHit(*ctx_, sh_officer_, a_id);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(DismissHit(*ctx_, sh_officer_, a_id, "genuine", "").error().code(),
            core::StatusCode::kNotFound);

  int64_t audit = AuditCount();
  // Scanned at national level: the lead needs a jurisdiction.
  EXPECT_TRUE(Fields(ConfirmHit(*ctx_, analyst_, a_id, "").error()).count("region_code"));
  auto confirmed = ConfirmHit(*ctx_, analyst_, a_id, "店铺多次出现", "440300");
  ASSERT_TRUE(confirmed.has_value()) << confirmed.error().ToString();
  EXPECT_EQ(confirmed->status, "confirmed");
  EXPECT_GT(AuditCount(), audit);
  ASSERT_TRUE(confirmed->lead_id.has_value());
  {  // The confirmed hit is a lead now: source monitoring, keyed by platform:listing, in 440300.
    auto lead = GetLead(*ctx_, office_, *confirmed->lead_id);
    ASSERT_TRUE(lead.has_value()) << lead.error().ToString();
    EXPECT_EQ(lead->source, "monitoring");
    EXPECT_EQ(lead->source_ref.value_or(""), confirmed->platform + ":" + confirmed->listing_id);
    EXPECT_EQ(lead->region_code, "440300");
  }
  EXPECT_EQ(ConfirmHit(*ctx_, analyst_, a_id, "").error().code(),
            core::StatusCode::kFailedPrecondition);

  EXPECT_TRUE(Fields(DismissHit(*ctx_, analyst_, b_id, "nope", "").error()).count("reason"));
  EXPECT_TRUE(Fields(DismissHit(*ctx_, analyst_, b_id, "other", " ").error()).count("note"));
  auto dismissed = DismissHit(*ctx_, analyst_, b_id, "genuine", "");
  ASSERT_TRUE(dismissed.has_value());
  EXPECT_EQ(dismissed->status, "dismissed");
  EXPECT_EQ(dismissed->dismiss_reason, "genuine");
  EXPECT_EQ(ListHits(*ctx_, office_, {.status = "pending"}, {})->total, 1);

  auto summary = GetMonitoringSummary(*ctx_, office_);
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->pending, 1);
  EXPECT_EQ(summary->confirmed, 1);
  EXPECT_EQ(summary->dismissed, 1);
  EXPECT_EQ(summary->scans, 2);
}

// Issue 14: scans from a spreadsheet — columns by zh-CN label or key, platforms by name, prices in
// 元; bad rows reported with their row number and skipped; the templates read back as one listing.
TEST(ListingTable, ReadsLabelsPlatformNamesAndYuanAndReportsBadRows) {
  std::string csv =
      "商品编号,平台,店铺名称,商品标题,售价（元）\n"
      "A1,淘宝,潮鞋店,高仿 耐克 运动鞋,159.00\n"
      "A2,jd,,正品 茅台,\n"
      ",淘宝,,没有编号,1\n"
      "A4,淘宝,,价格错,十元\n";
  auto parsed = ParseListingFile(csv);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->listings.size(), 2u);
  EXPECT_EQ(parsed->listings[0].platform, "taobao");
  EXPECT_EQ(parsed->listings[0].price_fen, 15900);
  EXPECT_EQ(parsed->listings[0].line, 2);
  EXPECT_EQ(parsed->listings[1].platform, "jd");
  EXPECT_FALSE(parsed->listings[1].price_fen.has_value());
  ASSERT_EQ(parsed->errors.size(), 2u);
  EXPECT_EQ(parsed->errors[0].line, 4);
  EXPECT_EQ(parsed->errors[1].line, 5);
  EXPECT_NE(parsed->errors[1].message.find("十元"), std::string::npos);

  auto no_title = ParseListingFile("id,price_yuan\nA1,1\n");
  ASSERT_FALSE(no_title.has_value());
  EXPECT_EQ(no_title.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_NE(no_title.error().field_errors()[0].message.find("商品标题"), std::string::npos);

  // JSONL still works through the same door.
  auto jsonl = ParseListingFile(R"({"id":"J1","title":"高仿 耐克","price_fen":100})");
  ASSERT_TRUE(jsonl.has_value());
  EXPECT_EQ(jsonl->listings.size(), 1u);

  for (const auto& bytes : {ListingTemplateCsv(), ListingTemplateXlsx().value()}) {
    auto t = ParseListingFile(bytes);
    ASSERT_TRUE(t.has_value()) << t.error().ToString();
    ASSERT_EQ(t->listings.size(), 1u);
    EXPECT_TRUE(t->errors.empty());
    EXPECT_EQ(t->listings[0].price_fen, 15900);
    EXPECT_EQ(t->listings[0].platform, "taobao");
  }
}

}  // namespace
}  // namespace ipe::app
