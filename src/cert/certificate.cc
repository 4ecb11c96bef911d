#include "cert/certificate.h"

#include <qrencode.h>

#include <memory>

#include "cert/pdf_internal.h"

namespace ipe::cert {

namespace {

std::string Grams(const std::optional<int64_t>& g) {
  if (!g) return "—";
  if (*g >= 1000) {
    int64_t kg = *g / 1000;
    int64_t rest = *g % 1000;
    char buf[48];
    if (rest == 0) {
      std::snprintf(buf, sizeof buf, "%lld千克", static_cast<long long>(kg));
    } else {
      std::snprintf(buf, sizeof buf, "%lld.%03lld千克", static_cast<long long>(kg), static_cast<long long>(rest));
    }
    return buf;
  }
  return std::to_string(*g) + "克";
}

// Draws the modules of `qr` with their top left corner at (x, y), `module` points each.
void DrawQr(cairo_t* cr, const std::vector<std::vector<bool>>& qr, double x, double y, double module) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (size_t r = 0; r < qr.size(); ++r) {
    for (size_t c = 0; c < qr[r].size(); ++c) {
      if (qr[r][c]) cairo_rectangle(cr, x + c * module, y + r * module, module, module);
    }
  }
  cairo_fill(cr);
}

}  // namespace

core::Result<std::vector<std::vector<bool>>> QrModules(const std::string& text) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return core::Internal("二维码生成失败（内容过长）");
  std::vector<std::vector<bool>> out(code->width, std::vector<bool>(code->width));
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) out[y][x] = code->data[y * code->width + x] & 1;
  }
  QRcode_free(code);
  return out;
}

core::Result<std::string> RenderDestructionCertificate(const CertificateDoc& doc) {
  IPE_ASSIGN_OR_RETURN(auto qr, QrModules(doc.verify_url));
  return DrawPdf(kPageWidth, kPageHeight, [&](cairo_t* cr, Writer& w) -> core::Status {
    double width = kPageWidth - 2 * kMargin;
    double y = kMargin;
    cairo_set_source_rgb(cr, 0, 0, 0);
    y += w.Text("侵权假冒商品无害化销毁证明", kMargin, y, width, 22, true, PANGO_ALIGN_CENTER) + 6;
    y += w.Text("证明编号：" + doc.number, kMargin, y, width, 11, false, PANGO_ALIGN_CENTER) + 18;

    auto row = [&](const std::string& label, const std::string& value) {
      w.Text(label, kMargin, y, 110, 11, true);
      y += w.Text(value, kMargin + 115, y, width - 115 - 120, 11) + 6;
    };
    double top = y;
    row("执法机关", doc.agency_name);
    row("销毁单位", doc.unit_name);
    row("许可证编号", doc.unit_licence_no);
    row("销毁方式", doc.method);
    row("执行日期", doc.executed_on);
    row("销毁前重量", Grams(doc.weight_before_g));
    row("销毁后残余重量", Grams(doc.weight_after_g));
    std::string supervisors;
    for (const std::string& s : doc.supervisors) supervisors += (supervisors.empty() ? "" : "、") + s;
    row("监督人员", supervisors.empty() ? "—" : supervisors);

    // The QR code at the top right, beside the facts: the public verification page.
    const double module = 3.0;
    double qr_size = module * static_cast<double>(qr.size());
    double qx = kPageWidth - kMargin - qr_size;
    DrawQr(cr, qr, qx, top, module);
    w.Text("扫码核验", qx, top + qr_size + 4, qr_size, 9, false, PANGO_ALIGN_CENTER);
    if (y < top + qr_size + 20) y = top + qr_size + 20;

    y += 8;
    y += w.Text("销毁物品清单", kMargin, y, width, 13, true) + 6;
    const double cols[] = {kMargin, kMargin + 110, kMargin + 300, kMargin + 400};
    auto line_row = [&](const std::string& a, const std::string& b, const std::string& c,
                        const std::string& d, bool bold) {
      double h = w.Text(a, cols[0], y, 105, 10, bold);
      h = std::max(h, w.Text(b, cols[1], y, 185, 10, bold));
      h = std::max(h, w.Text(c, cols[2], y, 95, 10, bold));
      h = std::max(h, w.Text(d, cols[3], y, width - 400, 10, bold));
      y += h + 5;
    };
    line_row("标签号", "物品名称", "类别", "数量", true);
    int64_t total = 0;
    for (const CertificateLine& l : doc.lines) {
      if (y > kPageHeight - kMargin - 80) {
        cairo_show_page(cr);
        y = kMargin;
        line_row("标签号", "物品名称", "类别", "数量", true);
      }
      line_row(l.label_no, l.description, l.category, std::to_string(l.quantity) + l.unit, false);
      total += l.quantity;
    }
    y += 4;
    w.Text("共 " + std::to_string(doc.lines.size()) + " 项，合计 " + std::to_string(total) + "（各按其计量单位）",
           kMargin, y, width, 10);
    w.Text("出具日期：" + doc.issued_on + "。本证明可在公示平台按编号核验：" + doc.verify_url, kMargin,
           kPageHeight - kMargin - 30, width, 9);
    cairo_show_page(cr);
    return core::Status::Ok();
  });
}

core::Result<std::string> RenderItemLabel(const LabelDoc& doc) {
  IPE_ASSIGN_OR_RETURN(auto qr, QrModules(doc.label_no));
  // 100 × 60 mm in points.
  const double width = 283.46, height = 170.08, margin = 10;
  return DrawPdf(width, height, [&](cairo_t* cr, Writer& w) -> core::Status {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, 4, 4, width - 8, height - 8);
    cairo_stroke(cr);
    double qr_size = 84;
    double module = qr_size / static_cast<double>(qr.size());
    DrawQr(cr, qr, width - margin - qr_size, margin + 6, module);
    double text_width = width - 3 * margin - qr_size;
    double y = margin;
    y += w.Text("涉案物品标签", margin, y, text_width, 12, true) + 3;
    y += w.Text(doc.label_no, margin, y, text_width, 11, true) + 3;
    for (const std::string& line : {doc.agency_name, "案件：" + doc.case_number, doc.description,
                                    doc.category + "　" + doc.quantity, "查扣日期：" + doc.seized_on}) {
      y += w.Text(line, margin, y, text_width, 8) + 1;
    }
    if (!doc.seal_numbers.empty()) {
      w.Text("封条：" + doc.seal_numbers, margin, height - margin - 14, width - 2 * margin, 8);
    }
    cairo_show_page(cr);
    return core::Status::Ok();
  });
}

core::Result<std::string> RenderCustodyStatement(const StatementDoc& doc) {
  // A4 landscape: the balance has seven columns.
  const double page_w = kPageHeight, page_h = kPageWidth, margin = 40;
  return DrawPdf(page_w, page_h, [&](cairo_t* cr, Writer& w) -> core::Status {
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double width = page_w - 2 * margin;
    double y = margin;
    y += w.Text("涉案物品保管情况", margin, y, width, 18, true, PANGO_ALIGN_CENTER) + 6;
    y += w.Text("截至 " + doc.as_of, margin, y, width, 10, false, PANGO_ALIGN_CENTER) + 10;
    for (const auto& [label, value] : {std::pair<std::string, std::string>{"执法机关", doc.agency_name},
                                       {"案件编号", doc.case_number},
                                       {"案件名称", doc.case_title}}) {
      w.Text(label, margin, y, 70, 10, true);
      y += w.Text(value, margin + 75, y, width - 75, 10) + 4;
    }
    y += 8;

    // A table row: cells at `x` offsets (from the margin) with their widths; breaks the page
    // (repeating `header`) when the row would not fit.
    struct Column {
      double x, width;
    };
    auto row = [&](const std::vector<Column>& cols, const std::vector<std::string>& cells, bool bold,
                   const std::vector<std::string>* header) {
      if (y > page_h - margin - 30 && header) {
        cairo_show_page(cr);
        y = margin;
        double h = 0;
        for (size_t i = 0; i < cols.size(); ++i) {
          h = std::max(h, w.Text((*header)[i], margin + cols[i].x, y, cols[i].width, 9, true));
        }
        y += h + 4;
      }
      double h = 0;
      for (size_t i = 0; i < cols.size(); ++i) {
        h = std::max(h, w.Text(cells[i], margin + cols[i].x, y, cols[i].width, 9, bold));
      }
      y += h + 4;
    };

    y += w.Text("物品清单与去向", margin, y, width, 12, true) + 6;
    const std::vector<Column> line_cols = {{0, 84},   {86, 164},  {252, 70},  {324, 28},
                                           {354, 54}, {410, 54},  {466, 54},  {522, 54},
                                           {578, 54}, {634, 54},  {690, 54}};
    const std::vector<std::string> line_head = {"标签号", "物品名称", "类别", "单位", "查扣", "在库",
                                                "抽样", "退还", "移交公安", "留存", "销毁"};
    row(line_cols, line_head, true, nullptr);
    for (const StatementLine& l : doc.lines) {
      const custody::Balance& b = l.balance;
      row(line_cols,
          {l.label_no, l.description, l.category, l.unit, std::to_string(b.seized), std::to_string(b.in_custody),
           std::to_string(b.sampled), std::to_string(b.returned), std::to_string(b.handed_over),
           std::to_string(b.retained), std::to_string(b.destroyed)},
          false, &line_head);
    }
    y += 4;
    y += w.Text("共 " + std::to_string(doc.lines.size()) +
                    " 项。每项：查扣 = 在库 + 抽样 + 退还 + 移交公安 + 留存 + 销毁（各按其计量单位）。",
                margin, y, width, 9) +
         12;

    y += w.Text("流转记录", margin, y, width, 12, true) + 6;
    const std::vector<Column> move_cols = {{0, 80}, {82, 100}, {184, 100}, {286, 100}, {388, width - 388}};
    const std::vector<std::string> move_head = {"日期", "标签号", "流转", "数量", "文书编号"};
    row(move_cols, move_head, true, nullptr);
    for (const StatementMovement& m : doc.movements) {
      row(move_cols, {m.on, m.label_no, m.kind, m.quantity, m.reference}, false, &move_head);
    }
    if (doc.movements.empty()) row(move_cols, {"—", "", "", "", ""}, false, nullptr);
    if (y > page_h - margin - 20) {
      cairo_show_page(cr);
      y = margin;
    }
    w.Text("出具日期：" + doc.issued_on, margin, y + 10, width, 9);
    cairo_show_page(cr);
    return core::Status::Ok();
  });
}

}  // namespace ipe::cert
