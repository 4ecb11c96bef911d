#pragma once
// The goods classification a case's goods are counted by (issue 18's "goods category, a standard
// classification loaded as data"): the goods classes 1–34 of the Nice Classification, compiled in
// from data/classification/nice_goods_classes.tsv (its source and edition are in the file).

#include <string>
#include <string_view>
#include <vector>

#include "app/code_label.h"
#include "core/status.h"

namespace ipe::app {

/// A parsed classification: its source line, edition and classes (code → zh-CN name, in order).
struct GoodsClassification {
  std::string source;
  std::string confidence;
  std::string version;
  std::vector<std::string> codes;
  std::vector<std::string> names_zh;
  std::vector<std::string> names_en;
};

/// Parses the TSV format of data/classification/ (`source`, `version`, then code, zh, en lines;
/// `#` comments). Errors name `name:line`.
core::Result<GoodsClassification> ParseGoodsClassification(std::string_view name, std::string_view text);

/// The compiled-in classification.
const GoodsClassification& DefaultGoodsClassification();

/// Its classes as a code table: code "25", name "第25类 服装鞋帽".
const std::vector<CodeLabel>& GoodsClasses();

}  // namespace ipe::app
