#include "cert/certificate.h"

#include <gtest/gtest.h>

#include <string>

#include "pdf_text.h"

namespace ipe::cert {
namespace {

using ipe::testing::PdfText;

CertificateDoc Doc() {
  CertificateDoc d;
  d.number = "XH2026-000042";
  d.verify_url = "https://ipe.example.cn/public/destruction-certificates/XH2026-000042";
  d.agency_name = "上海市市场监督管理局";
  d.unit_name = "上海某危险废物处置有限公司";
  d.unit_licence_no = "沪环危废经字第0107号";
  d.method = "焚烧处置";
  d.executed_on = "2026-06-01";
  d.weight_before_g = 74000;
  d.weight_after_g = 3000;
  d.supervisors = {"李执法", "王监督"};
  d.lines = {{"WP2026-000001", "假冒耐克运动鞋", "一般固体废物", 118, "双"},
             {"WP2026-000003", "假冒药品（胶囊）", "假劣药品", 30, "盒"}};
  d.issued_on = "2026-06-02";
  return d;
}

TEST(Certificate, RendersAPdfWhoseTextCarriesTheNumbers) {
  auto pdf = RenderDestructionCertificate(Doc());
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  std::string text = PdfText(*pdf);
  for (const char* expected : {"XH2026-000042", "侵权假冒商品无害化销毁证明", "上海某危险废物处置有限公司",
                               "沪环危废经字第0107号", "焚烧处置", "2026-06-01", "74千克", "3千克",
                               "假冒耐克运动鞋", "118双", "30盒", "合计 148", "李执法、王监督"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
}

TEST(Certificate, ManyLinesContinueOnFurtherPages) {
  CertificateDoc d = Doc();
  d.lines.clear();
  for (int i = 0; i < 120; ++i) d.lines.push_back({"WP-" + std::to_string(i), "物品" + std::to_string(i), "一般固体废物", 1, "件"});
  auto pdf = RenderDestructionCertificate(d);
  ASSERT_TRUE(pdf.has_value());
  std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("物品119"), std::string::npos);
  EXPECT_NE(text.find("合计 120"), std::string::npos);
  EXPECT_NE(text.find('\f'), std::string::npos) << "more than one page";
}

TEST(Certificate, QrCodeHasTheFinderPatterns) {
  auto qr = QrModules("https://ipe.example.cn/public/destruction-certificates/XH2026-000042");
  ASSERT_TRUE(qr.has_value());
  size_t n = qr->size();
  ASSERT_GE(n, 21u);
  // The three 7×7 finder squares: dark corners, a light ring inside.
  for (auto [r, c] : {std::pair<size_t, size_t>{0, 0}, {0, n - 7}, {n - 7, 0}}) {
    EXPECT_TRUE((*qr)[r][c]);
    EXPECT_TRUE((*qr)[r + 6][c + 6]);
    EXPECT_FALSE((*qr)[r + 1][c + 1]);
    EXPECT_TRUE((*qr)[r + 3][c + 3]);
  }
}

TEST(Label, CarriesTheLabelNumberAndTheLine) {
  LabelDoc d{"WP2026-000007", "上海市市场监督管理局", "沪市监案〔2025〕101号", "假冒耐克运动鞋",
             "一般固体废物", "120双", "2026-06-01", "沪封-0001、沪封-0002"};
  auto pdf = RenderItemLabel(d);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  std::string text = PdfText(*pdf);
  for (const char* expected : {"WP2026-000007", "假冒耐克运动鞋", "120双", "沪市监案〔2025〕101号", "沪封-0001"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
}

TEST(Statement, CarriesEveryLineWithItsBalanceAndTheMovements) {
  StatementDoc d;
  d.case_number = "沪市监案〔2026〕8号";
  d.case_title = "某公司销售假冒注册商标商品案";
  d.agency_name = "上海市市场监督管理局";
  d.as_of = "2026-06-30";
  d.issued_on = "2026-07-01";
  custody::Balance shoes{120, 0, 2, 0, 0, 0, 118};
  custody::Balance earphones{40, 0, 0, 0, 40, 0, 0};
  d.lines = {{"WP2026-000001", "假冒耐克运动鞋", "一般固体废物", "双", shoes},
             {"WP2026-000002", "假冒品牌耳机", "电子废物", "件", earphones}};
  d.movements = {{"2026-06-01", "WP2026-000001", "抽样取证", "2双", ""},
                 {"2026-06-02", "WP2026-000002", "移交公安", "40件", "沪公移〔2026〕3号"}};
  auto pdf = RenderCustodyStatement(d);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  ASSERT_EQ(pdf->substr(0, 5), "%PDF-");
  std::string text = PdfText(*pdf);
  for (const char* expected : {"涉案物品保管情况", "截至 2026-06-30", "沪市监案〔2026〕8号", "假冒耐克运动鞋",
                               "118", "沪公移〔2026〕3号", "40件", "共 2 项"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
  // Many lines continue on further pages, the header repeated.
  for (int i = 0; i < 80; ++i) d.lines.push_back({"WP-" + std::to_string(i), "物品" + std::to_string(i), "一般固体废物", "件", custody::Balance::Seized(1)});
  pdf = RenderCustodyStatement(d);
  ASSERT_TRUE(pdf.has_value());
  text = PdfText(*pdf);
  EXPECT_NE(text.find("物品79"), std::string::npos);
  EXPECT_NE(text.find('\f'), std::string::npos) << "more than one page";
}

}  // namespace
}  // namespace ipe::cert
