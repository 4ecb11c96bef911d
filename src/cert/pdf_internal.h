#pragma once
// What the PDF renderers of ipe_cert share (certificate.cc, report.cc): A4, the CJK font the setup
// installs, owners of the Cairo/Pango objects, and a Writer that typesets wrapped text with Pango.
// Private to src/cert.

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace ipe::cert {

// A4 in points.
inline constexpr double kPageWidth = 595.28;
inline constexpr double kPageHeight = 841.89;
inline constexpr double kMargin = 56;
inline constexpr const char* kFont = "WenQuanYi Micro Hei";

inline cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Owners of the C objects: destroyed with their scope.
struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {}

  // Draws `text` at (x, y) within `width` points in `size`-point type; returns its height.
  double Text(const std::string& text, double x, double y, double width, double size, bool bold = false,
              PangoAlignment align = PANGO_ALIGN_LEFT) {
    std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_from_string(kFont));
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    PangoLayout* layout = layout_.get();
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_text(layout, text.c_str(), -1);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

 private:
  cairo_t* cr_;
  std::unique_ptr<PangoLayout, GObjectDeleter> layout_;
};

/// A PDF of `width` × `height`-point pages drawn by `draw`, which shows its own pages
/// (cairo_show_page); Internal when Cairo cannot make or finish the document.
inline core::Result<std::string> DrawPdf(double width, double height,
                                         const std::function<core::Status(cairo_t*, Writer&)>& draw) {
  std::string pdf;
  {
    std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter> surface(
        cairo_pdf_surface_create_for_stream(&AppendToString, &pdf, width, height));
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return core::Internal("PDF 画布创建失败");
    Writer w(cr.get());
    IPE_RETURN_IF_ERROR(draw(cr.get(), w));
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return core::Internal("PDF 生成失败");
  }
  return pdf;
}

}  // namespace ipe::cert
