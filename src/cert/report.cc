#include "cert/report.h"

#include <algorithm>

#include "cert/pdf_internal.h"

namespace ipe::cert {

namespace {

// Columns from the margin: a value that does not fit its box wraps inside it.
struct Column {
  double x;
  double width;
};

// A page in progress: the running y, a new page when a block of `needed` points does not fit.
class Pages {
 public:
  Pages(cairo_t* cr, Writer& w) : cr_(cr), w_(w) {}
  double& y() { return y_; }
  void Need(double needed) {
    if (y_ + needed > kPageHeight - kMargin) {
      cairo_show_page(cr_);
      y_ = kMargin;
    }
  }
  void Heading(const std::string& text) {
    Need(60);
    y_ += w_.Text(text, kMargin, y_, kPageWidth - 2 * kMargin, 12, true) + 6;
  }

 private:
  cairo_t* cr_;
  Writer& w_;
  double y_ = kMargin;
};

// Columns of `bars` in a box (x, y, width, height): the value above each, its label below.
void DrawColumns(cairo_t* cr, Writer& w, const std::vector<ReportBar>& bars, double x, double y, double width,
                 double height) {
  if (bars.empty()) return;
  int64_t top = 1;
  for (const ReportBar& b : bars) top = std::max(top, b.value);
  const double label_h = 14, value_h = 12;
  const double plot_h = height - label_h - value_h;
  const double slot = width / static_cast<double>(bars.size());
  const double bar_w = std::min(28.0, slot * 0.6);
  const double base = y + value_h + plot_h;
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, x, base);
  cairo_line_to(cr, x + width, base);
  cairo_stroke(cr);
  for (size_t i = 0; i < bars.size(); ++i) {
    const double h = plot_h * static_cast<double>(bars[i].value) / static_cast<double>(top);
    const double bx = x + slot * static_cast<double>(i) + (slot - bar_w) / 2;
    cairo_set_source_rgb(cr, 0.16, 0.37, 0.63);
    cairo_rectangle(cr, bx, base - h, bar_w, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    w.Text(std::to_string(bars[i].value), x + slot * static_cast<double>(i), base - h - value_h, slot, 7, false,
           PANGO_ALIGN_CENTER);
    w.Text(bars[i].label, x + slot * static_cast<double>(i), base + 2, slot, 7, false, PANGO_ALIGN_CENTER);
  }
}

// Horizontal bars of `bars`, one row each: the label left, the bar and its value right.
void DrawRanking(cairo_t* cr, Writer& w, Pages& pages, const std::vector<ReportBar>& bars, double width) {
  int64_t top = 1;
  for (const ReportBar& b : bars) top = std::max(top, b.value);
  const double label_w = 120, value_w = 50, row_h = 16;
  const double bar_room = width - label_w - value_w - 8;
  for (const ReportBar& b : bars) {
    pages.Need(row_h);
    double& y = pages.y();
    cairo_set_source_rgb(cr, 0, 0, 0);
    w.Text(b.label, kMargin, y + 2, label_w, 9);
    const double len = bar_room * static_cast<double>(b.value) / static_cast<double>(top);
    cairo_set_source_rgb(cr, 0.16, 0.37, 0.63);
    cairo_rectangle(cr, kMargin + label_w, y + 3, std::max(len, 0.5), row_h - 6);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    w.Text(std::to_string(b.value), kMargin + label_w + len + 4, y + 2, value_w, 9);
    y += row_h;
  }
}

}  // namespace

core::Result<std::string> RenderSituationReport(const SituationReportDoc& doc) {
  return DrawPdf(kPageWidth, kPageHeight, [&](cairo_t* cr, Writer& w) -> core::Status {
    Pages pages(cr, w);
    const double width = kPageWidth - 2 * kMargin;
    double& y = pages.y();
    cairo_set_source_rgb(cr, 0, 0, 0);
    y += w.Text(doc.title, kMargin, y, width, 17, true, PANGO_ALIGN_CENTER) + 6;
    y += w.Text(doc.scope + "　统计期间：" + doc.period, kMargin, y, width, 10, false, PANGO_ALIGN_CENTER) + 14;

    pages.Heading("一、主要指标");
    const std::vector<Column> cols = {{0, 210}, {214, 90}, {308, 90}, {402, width - 402}};
    auto row = [&](const std::vector<std::string>& cells, bool bold) {
      pages.Need(16);
      double h = 0;
      for (size_t i = 0; i < cols.size(); ++i) {
        h = std::max(h, w.Text(cells[i], kMargin + cols[i].x, y, cols[i].width, 9, bold,
                               i == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT));
      }
      y += h + 4;
    };
    row({"指标", "本期", "上年同期", "同比"}, true);
    for (const ReportTableRow& r : doc.indicators) row({r.name, r.value, r.previous, r.change}, false);
    y += 10;

    if (!doc.trend.empty()) {
      pages.Heading("二、" + doc.trend_title);
      pages.Need(170);
      DrawColumns(cr, w, doc.trend, kMargin, y, width, 160);
      y += 170;
    }
    if (!doc.ranking.empty()) {
      pages.Heading(std::string(doc.trend.empty() ? "二、" : "三、") + doc.ranking_title);
      DrawRanking(cr, w, pages, doc.ranking, width);
      y += 10;
    }
    pages.Need(40);
    y += w.Text(doc.note, kMargin, y, width, 8) + 6;
    w.Text("生成日期：" + doc.generated_on, kMargin, y, width, 9);
    cairo_show_page(cr);
    return core::Status::Ok();
  });
}

}  // namespace ipe::cert
