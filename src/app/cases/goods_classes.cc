#include "app/cases/goods_classes.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/data_table.h"
#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kNiceGoodsClasses[];
extern const unsigned long kNiceGoodsClasses_size;
}  // namespace ipe::embedded

namespace ipe::app {

core::Result<GoodsClassification> ParseGoodsClassification(std::string_view name, std::string_view text) {
  GoodsClassification out;
  std::set<std::string> seen;
  core::DataTableHeader header;
  IPE_RETURN_IF_ERROR(core::ReadDataTable(text, &header, [&](int line_no, std::vector<std::string> cols) {
    bool code_ok = cols[0].size() == 2 && cols[0][0] >= '0' && cols[0][0] <= '9' && cols[0][1] >= '0' &&
                   cols[0][1] <= '9' && cols[0] != "00";
    if (cols.size() != 3 || !code_ok || cols[1].empty() || cols[2].empty()) {
      return core::SectionError(name, line_no, "expected: two-digit class, zh name, en name");
    }
    if (!seen.insert(cols[0]).second) return core::SectionError(name, line_no, "class " + cols[0] + " given twice");
    out.codes.push_back(cols[0]);
    out.names_zh.push_back(cols[1]);
    out.names_en.push_back(cols[2]);
    return core::Status();
  }));
  out.source = header.source;
  out.confidence = header.confidence;
  out.version = header.version;
  if (out.codes.empty() || out.source.empty() || out.version.empty()) {
    return core::SectionError(name, 1, "no source, version or class");
  }
  return out;
}

const GoodsClassification& DefaultGoodsClassification() {
  static const GoodsClassification kClassification = [] {
    auto parsed = ParseGoodsClassification(
        "classification/nice_goods_classes.tsv",
        std::string_view(embedded::kNiceGoodsClasses, embedded::kNiceGoodsClasses_size));
    if (!parsed) {
      std::fprintf(stderr, "%s\n", parsed.error().ToString().c_str());
      std::abort();  // compiled in and tested
    }
    return *parsed;
  }();
  return kClassification;
}

const std::vector<CodeLabel>& GoodsClasses() {
  // CodeLabel holds pointers: the strings live as long as the program (static storage).
  static const std::vector<std::string> kLabels = [] {
    std::vector<std::string> labels;
    const GoodsClassification& c = DefaultGoodsClassification();
    for (size_t i = 0; i < c.codes.size(); ++i) {
      labels.push_back("第" + std::to_string(std::atoi(c.codes[i].c_str())) + "类 " + c.names_zh[i]);
    }
    return labels;
  }();
  static const std::vector<CodeLabel> kTable = [] {
    std::vector<CodeLabel> t;
    const GoodsClassification& c = DefaultGoodsClassification();
    for (size_t i = 0; i < c.codes.size(); ++i) t.push_back({c.codes[i].c_str(), kLabels[i].c_str()});
    return t;
  }();
  return kTable;
}

}  // namespace ipe::app
