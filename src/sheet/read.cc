// ReadXlsx: the ZIP container through minizip (over the upload in memory, no temp file), the XML
// parts through expat (streaming, no DOM: memory stays near the part's own size). Every byte that
// is inflated counts against ReadLimits::max_uncompressed_bytes as it is produced, so a zip bomb
// stops at the cap whatever its headers claim.
#include <expat.h>
#include <unzip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <unordered_map>

#include "core/time.h"
#include "sheet/sheet.h"

namespace ipe::sheet {
namespace {

// ---- ZIP over memory -------------------------------------------------------------------------

struct MemFile {
  std::string_view data;
  uint64_t pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf, const void* file, int) { return const_cast<void*>(file); }
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<MemFile*>(stream);
  if (f->pos >= f->data.size()) return 0;
  uint64_t n = std::min<uint64_t>(size, f->data.size() - f->pos);
  std::memcpy(buf, f->data.data() + f->pos, n);
  f->pos += n;
  return static_cast<uLong>(n);
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) { return static_cast<MemFile*>(stream)->pos; }
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<MemFile*>(stream);
  uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = f->pos;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = f->data.size();
      break;
    default:
      return -1;
  }
  if (offset > f->data.size() || base + offset > f->data.size()) return -1;
  f->pos = base + offset;
  return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

class Zip {
 public:
  Zip(std::string_view bytes, uint64_t budget) : file_{bytes, 0}, budget_(budget), limit_(budget) {
    zlib_filefunc64_def funcs{};
    funcs.zopen64_file = MemOpen;
    funcs.zread_file = MemRead;
    funcs.zwrite_file = MemWrite;
    funcs.ztell64_file = MemTell;
    funcs.zseek64_file = MemSeek;
    funcs.zclose_file = MemClose;
    funcs.zerror_file = MemError;
    funcs.opaque = nullptr;
    zip_ = unzOpen2_64(&file_, &funcs);
  }
  ~Zip() {
    if (zip_) unzClose(zip_);
  }
  Zip(const Zip&) = delete;  // owns the minizip handle
  Zip& operator=(const Zip&) = delete;

  bool ok() const { return zip_ != nullptr; }

  bool Has(const std::string& name) { return unzLocateFile(zip_, name.c_str(), 2) == UNZ_OK; }

  /// The inflated part, or InvalidArgument (missing, corrupt, encrypted, over the budget).
  core::Result<std::string> Read(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 2) != UNZ_OK) {
      return core::InvalidArgument("工作簿缺少部件 " + name);
    }
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return core::InvalidArgument("工作簿部件 " + name + " 已损坏");
    }
    if (info.flag & 1)
      return core::InvalidArgument("工作簿已加密（" + name + "），请另存为未加密的 .xlsx");
    if (unzOpenCurrentFile(zip_) != UNZ_OK) {
      return core::InvalidArgument("工作簿部件 " + name + " 无法解压");
    }
    std::string out;
    char buf[64 * 1024];
    for (;;) {
      int n = unzReadCurrentFile(zip_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zip_);
        return core::InvalidArgument("工作簿部件 " + name + " 解压失败（文件已损坏）");
      }
      if (n == 0) break;
      if (static_cast<uint64_t>(n) > budget_) {
        unzCloseCurrentFile(zip_);
        return core::InvalidArgument("工作簿解压后超过 " + std::to_string(limit_mib()) +
                                     " MiB 上限，拒绝读取");
      }
      budget_ -= static_cast<uint64_t>(n);
      out.append(buf, static_cast<size_t>(n));
    }
    if (unzCloseCurrentFile(zip_) != UNZ_OK) {
      return core::InvalidArgument("工作簿部件 " + name + " 校验失败（CRC 不符，文件已损坏）");
    }
    return out;
  }

 private:
  uint64_t limit_mib() const { return limit_ >> 20; }

  MemFile file_;
  uint64_t budget_;
  uint64_t limit_;
  unzFile zip_ = nullptr;
};

// ---- XML through expat -----------------------------------------------------------------------

// Names arrive as "namespace-uri\x01local" (XML_ParserCreateNS); parts from different producers
// use different prefixes for the same namespace, so handlers match local names only.
constexpr char kNsSep = '\x01';

std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  size_t p = n.rfind(kNsSep);
  return p == std::string_view::npos ? n : n.substr(p + 1);
}

using Attrs = const XML_Char**;

std::string_view Attr(Attrs attrs, std::string_view local) {
  for (int i = 0; attrs[i]; i += 2) {
    if (Local(attrs[i]) == local) return attrs[i + 1];
  }
  return {};
}

struct XmlHandler {
  std::function<core::Status(std::string_view name, Attrs attrs)> start;
  std::function<core::Status(std::string_view name)> end;
  // Called with character data only while `*capture` is true.
  std::string* text = nullptr;
  const bool* capture = nullptr;
};

struct XmlState {
  XML_Parser parser;
  XmlHandler* h;
  core::Status status;  // the first handler error
  bool dtd = false;     // a DOCTYPE was seen
};

void StopWith(XmlState* st, core::Status s) {
  if (st->status.ok()) st->status = std::move(s);
  XML_StopParser(st->parser, XML_FALSE);
}

core::Status ParseXml(const std::string& part, std::string_view xml, XmlHandler& handler) {
  XML_Parser p = XML_ParserCreateNS("UTF-8", kNsSep);
  if (!p) return core::Internal("expat: out of memory");
  XmlState st{p, &handler, {}};
  XML_SetUserData(p, &st);
  XML_SetElementHandler(
      p,
      [](void* ud, const XML_Char* name, const XML_Char** attrs) {
        auto* s = static_cast<XmlState*>(ud);
        if (!s->h->start) return;
        core::Status r = s->h->start(Local(name), attrs);
        if (!r.ok()) StopWith(s, std::move(r));
      },
      [](void* ud, const XML_Char* name) {
        auto* s = static_cast<XmlState*>(ud);
        if (!s->h->end) return;
        core::Status r = s->h->end(Local(name));
        if (!r.ok()) StopWith(s, std::move(r));
      });
  XML_SetCharacterDataHandler(p, [](void* ud, const XML_Char* t, int len) {
    auto* s = static_cast<XmlState*>(ud);
    if (s->h->text && s->h->capture && *s->h->capture)
      s->h->text->append(t, static_cast<size_t>(len));
  });
  // OOXML parts never carry a DTD; refusing one rules out entity-expansion attacks outright.
  XML_SetStartDoctypeDeclHandler(
      p, [](void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* s = static_cast<XmlState*>(ud);
        s->dtd = true;
        XML_StopParser(s->parser, XML_FALSE);
      });
  core::Status result;
  // Feed in slices: XML_Parse takes an int length.
  constexpr size_t kSlice = 1 << 20;
  size_t off = 0;
  do {
    size_t n = std::min(kSlice, xml.size() - off);
    bool last = off + n == xml.size();
    if (XML_Parse(p, xml.data() + off, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      if (st.dtd) {
        result = core::InvalidArgument("工作簿部件 " + part + " 含 DTD 声明，拒绝读取");
      } else if (!st.status.ok()) {
        result = st.status;
      } else {
        result = core::InvalidArgument("工作簿部件 " + part + " 不是合法的 XML（第 " +
                                       std::to_string(XML_GetCurrentLineNumber(p)) +
                                       " 行: " + XML_ErrorString(XML_GetErrorCode(p)) + "）");
      }
      break;
    }
    off += n;
  } while (off < xml.size());
  XML_ParserFree(p);
  return result;
}

// ---- OPC relationships -----------------------------------------------------------------------

struct Rel {
  std::string type;    // the URI's last segment: "officeDocument", "worksheet", "styles"…
  std::string target;  // resolved part name without a leading '/'
};

// "xl/workbook.xml" + "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"; "/xl/a.xml" →
// "xl/a.xml".
std::string ResolveTarget(const std::string& source_dir, std::string_view target) {
  std::string path = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                         : source_dir + std::string(target);
  std::vector<std::string> segs;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& s : segs) out += (out.empty() ? "" : "/") + s;
  return out;
}

std::string DirOf(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

std::string RelsOf(const std::string& part) {
  return DirOf(part) + "_rels/" + part.substr(DirOf(part).size()) + ".rels";
}

core::Result<std::map<std::string, Rel>> ReadRels(Zip& zip, const std::string& source_part) {
  std::map<std::string, Rel> rels;
  std::string name = RelsOf(source_part);
  if (!zip.Has(name)) return rels;
  IPE_ASSIGN_OR_RETURN(std::string xml, zip.Read(name));
  std::string dir = DirOf(source_part);
  XmlHandler h;
  h.start = [&](std::string_view el, Attrs a) -> core::Status {
    if (el != "Relationship" || Attr(a, "TargetMode") == "External") return {};
    std::string_view type = Attr(a, "Type");
    size_t slash = type.rfind('/');
    rels[std::string(Attr(a, "Id"))] = {
        std::string(slash == std::string_view::npos ? type : type.substr(slash + 1)),
        ResolveTarget(dir, Attr(a, "Target"))};
    return {};
  };
  IPE_RETURN_IF_ERROR(ParseXml(name, xml, h));
  return rels;
}

const Rel* FindRelOfType(const std::map<std::string, Rel>& rels, std::string_view type) {
  for (const auto& [id, rel] : rels) {
    if (rel.type == type) return &rel;
  }
  return nullptr;
}

// ---- Styles: which cell formats are dates ----------------------------------------------------

bool IsBuiltinDateFormat(int id) {
  // 14–17, 22: en-US dates; 27–31, 36, 50–58: the zh-CN built-ins (yyyy"年"m"月"d"日" …).
  // 18–21, 45–47 and 32–35 are times of day, left as numbers.
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
         (id >= 50 && id <= 58);
}

// A custom format is a date when, outside quoted text, escapes and [..] sections, it has a year
// or a day token ("yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "d-mmm-yy"); "0.00E+00" and "h:mm" are
// not.
bool IsDateFormatCode(std::string_view code) {
  std::string lower;
  for (char c : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("general") != std::string::npos) return false;
  bool quoted = false;
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = lower[i];
    if (quoted) {
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      size_t close = lower.find(']', i);
      if (close == std::string::npos) return false;
      i = close;
    } else if (c == ';') {
      break;  // the first section decides
    } else if (c == 'y' || c == 'd') {
      return true;
    }
  }
  return false;
}

struct Styles {
  std::vector<bool> xf_is_date;  // by cellXfs index (the cell's s attribute)
};

core::Result<Styles> ReadStyles(Zip& zip, const std::string& part) {
  Styles styles;
  IPE_ASSIGN_OR_RETURN(std::string xml, zip.Read(part));
  std::unordered_map<int, bool> custom;  // numFmtId → is date
  bool in_cell_xfs = false;
  XmlHandler h;
  h.start = [&](std::string_view el, Attrs a) -> core::Status {
    if (el == "numFmt") {
      int id = 0;
      std::string_view s = Attr(a, "numFmtId");
      std::from_chars(s.data(), s.data() + s.size(), id);
      custom[id] = IsDateFormatCode(Attr(a, "formatCode"));
    } else if (el == "cellXfs") {
      in_cell_xfs = true;
    } else if (el == "xf" && in_cell_xfs) {
      int id = 0;
      std::string_view s = Attr(a, "numFmtId");
      std::from_chars(s.data(), s.data() + s.size(), id);
      auto it = custom.find(id);
      styles.xf_is_date.push_back(it != custom.end() ? it->second : IsBuiltinDateFormat(id));
    }
    return {};
  };
  h.end = [&](std::string_view el) -> core::Status {
    if (el == "cellXfs") in_cell_xfs = false;
    return {};
  };
  IPE_RETURN_IF_ERROR(ParseXml(part, xml, h));
  return styles;
}

// ---- Shared strings --------------------------------------------------------------------------

core::Result<std::vector<std::string>> ReadSharedStrings(Zip& zip, const std::string& part) {
  std::vector<std::string> strings;
  IPE_ASSIGN_OR_RETURN(std::string xml, zip.Read(part));
  std::string text;
  bool capture = false;
  int phonetic_depth = 0;  // <rPh> carries furigana/pinyin runs that are not part of the value
  bool in_si = false;
  XmlHandler h;
  h.text = &text;
  h.capture = &capture;
  h.start = [&](std::string_view el, Attrs) -> core::Status {
    if (el == "si") {
      in_si = true;
      text.clear();
    } else if (el == "rPh") {
      ++phonetic_depth;
    } else if (el == "t" && in_si && phonetic_depth == 0) {
      capture = true;
    }
    return {};
  };
  h.end = [&](std::string_view el) -> core::Status {
    if (el == "t") {
      capture = false;
    } else if (el == "rPh") {
      --phonetic_depth;
    } else if (el == "si") {
      in_si = false;
      strings.push_back(std::move(text));
      text.clear();
    }
    return {};
  };
  IPE_RETURN_IF_ERROR(ParseXml(part, xml, h));
  return strings;
}

// ---- Worksheets ------------------------------------------------------------------------------

// "B12" → column 1, row 12. False for anything else.
bool ParseRef(std::string_view ref, int64_t& col, int64_t& row) {
  size_t i = 0;
  col = 0;
  while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])) && i < 4) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
    ++i;
  }
  if (i == 0 || i >= ref.size() || i > 3) return false;
  row = 0;
  auto res = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (res.ec != std::errc() || res.ptr != ref.data() + ref.size() || row < 1) return false;
  col -= 1;
  return true;
}

// Excel serial day → ISO date, or "" when out of the representable range.
std::string SerialToIso(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return "";
  auto day = static_cast<int64_t>(std::floor(serial));
  core::Date d;
  if (date1904) {
    d = core::Date::FromCivil(1904, 1, 1).AddDays(static_cast<int>(day));
  } else {
    if (day < 1) return "";
    // Serial 60 is Excel's fictitious 1900-02-29; before it Excel counts from 1899-12-31.
    d = day < 61 ? core::Date::FromCivil(1899, 12, 31).AddDays(static_cast<int>(day))
                 : core::Date::FromCivil(1899, 12, 30).AddDays(static_cast<int>(day));
  }
  return d.ToString();
}

struct SheetContext {
  const std::vector<std::string>& shared;
  const Styles& styles;
  bool date1904;
  const ReadLimits& limits;
  int64_t& cells_used;
};

core::Status ReadWorksheet(Zip& zip, const std::string& part, SheetContext& ctx, Sheet& sheet) {
  IPE_ASSIGN_OR_RETURN(std::string xml, zip.Read(part));
  const std::string where = "工作表「" + sheet.name + "」";

  int64_t row_no = 0;   // 1-based current row
  int64_t col_no = -1;  // 0-based current column
  std::string type;
  int64_t style = -1;
  bool in_cell = false, in_inline = false, capture = false;
  int phonetic_depth = 0;
  std::string value, inline_text;
  std::string* sink = &value;
  bool have_value = false;

  XmlHandler h;
  h.capture = &capture;
  h.text = &value;
  h.start = [&](std::string_view el, Attrs a) -> core::Status {
    if (el == "row") {
      std::string_view r = Attr(a, "r");
      int64_t n = row_no + 1;
      if (!r.empty()) {
        auto res = std::from_chars(r.data(), r.data() + r.size(), n);
        if (res.ec != std::errc() || res.ptr != r.data() + r.size() || n < 1) {
          return core::InvalidArgument(where + " 的行号无效: " + std::string(r));
        }
      }
      row_no = n;
      col_no = -1;
    } else if (el == "c") {
      if (row_no < 1) row_no = 1;
      std::string_view r = Attr(a, "r");
      int64_t col = col_no + 1, row = row_no;
      if (!r.empty() && !ParseRef(r, col, row)) {
        return core::InvalidArgument(where + " 的单元格引用无效: " + std::string(r));
      }
      row_no = row;
      col_no = col;
      type = std::string(Attr(a, "t"));
      style = -1;
      std::string_view s = Attr(a, "s");
      if (!s.empty()) std::from_chars(s.data(), s.data() + s.size(), style);
      in_cell = true;
      have_value = false;
      value.clear();
      inline_text.clear();
    } else if (in_cell && el == "v") {
      h.text = sink = &value;
      capture = true;
      have_value = true;
    } else if (in_cell && el == "is") {
      in_inline = true;
      have_value = true;
    } else if (in_inline && el == "rPh") {
      ++phonetic_depth;
    } else if (in_inline && el == "t" && phonetic_depth == 0) {
      h.text = sink = &inline_text;
      capture = true;
    }
    return {};
  };
  h.end = [&](std::string_view el) -> core::Status {
    if (el == "v" || el == "t") {
      capture = false;
      return {};
    }
    if (el == "rPh") {
      --phonetic_depth;
      return {};
    }
    if (el == "is") {
      in_inline = false;
      return {};
    }
    if (el != "c" || !in_cell) return {};
    in_cell = false;
    if (!have_value) return {};

    Cell cell;
    if (type == "s") {
      int64_t idx = -1;
      auto res = std::from_chars(value.data(), value.data() + value.size(), idx);
      if (res.ec != std::errc() || idx < 0 || idx >= static_cast<int64_t>(ctx.shared.size())) {
        return core::InvalidArgument(where + ColumnName(col_no) + std::to_string(row_no) +
                                     " 引用了不存在的共享字符串");
      }
      cell = Cell::Text(ctx.shared[static_cast<size_t>(idx)]);
    } else if (type == "inlineStr") {
      cell = Cell::Text(inline_text);
    } else if (type == "str" || type == "e") {
      cell = Cell::Text(value);
    } else if (type == "b") {
      cell = Cell::Bool(value == "1" || value == "true");
    } else if (type == "d") {
      auto d = core::ParseDate(std::string_view(value).substr(0, 10));
      cell = d ? Cell::Date(d->ToString()) : Cell::Text(value);
    } else {
      if (value.empty()) return {};
      double v = 0;
      auto res = std::from_chars(value.data(), value.data() + value.size(), v);
      if (res.ec != std::errc() || res.ptr != value.data() + value.size()) {
        cell = Cell::Text(value);
      } else {
        bool is_date = style >= 0 && style < static_cast<int64_t>(ctx.styles.xf_is_date.size()) &&
                       ctx.styles.xf_is_date[static_cast<size_t>(style)];
        std::string iso = is_date ? SerialToIso(v, ctx.date1904) : "";
        cell = iso.empty() ? Cell::Number(v) : Cell::Date(std::move(iso));
      }
    }
    if (cell.kind == CellKind::kText && cell.text.empty()) return {};

    // Limits apply to cells that hold a value: formatted blanks far away (a styled column) cost
    // nothing and are not an error.
    if (row_no > ctx.limits.max_rows) {
      return core::InvalidArgument(where + " 超过 " + std::to_string(ctx.limits.max_rows) +
                                   " 行的上限");
    }
    if (col_no >= ctx.limits.max_columns) {
      return core::InvalidArgument(where + " 超过 " + std::to_string(ctx.limits.max_columns) +
                                   " 列的上限");
    }
    auto r = static_cast<size_t>(row_no - 1);
    auto c = static_cast<size_t>(col_no);
    if (sheet.rows.size() <= r) sheet.rows.resize(r + 1);
    Row& row = sheet.rows[r];
    if (row.size() <= c) {
      ctx.cells_used += static_cast<int64_t>(c + 1 - row.size());
      if (ctx.cells_used > ctx.limits.max_cells) {
        return core::InvalidArgument("工作簿单元格总数超过 " +
                                     std::to_string(ctx.limits.max_cells) + " 的上限");
      }
      row.resize(c + 1);
    }
    row[c] = std::move(cell);
    return {};
  };
  return ParseXml(part, xml, h);
}

}  // namespace

core::Result<std::vector<Sheet>> ReadXlsx(std::string_view bytes, const ReadLimits& limits) {
  const std::string not_xlsx = "不是有效的 Excel 工作簿（.xlsx）";
  if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") {
    return core::InvalidArgument(not_xlsx + "：不是 ZIP 格式（旧版 .xls 请另存为 .xlsx）");
  }
  Zip zip(bytes, limits.max_uncompressed_bytes);
  if (!zip.ok()) return core::InvalidArgument(not_xlsx + "：ZIP 目录损坏");

  // The package relationships name the workbook part; xl/workbook.xml is the usual fallback.
  IPE_ASSIGN_OR_RETURN(auto root_rels, ReadRels(zip, ""));
  std::string workbook_part = "xl/workbook.xml";
  if (const Rel* r = FindRelOfType(root_rels, "officeDocument")) workbook_part = r->target;
  if (!zip.Has(workbook_part))
    return core::InvalidArgument(not_xlsx + "：缺少工作簿部件 " + workbook_part);

  IPE_ASSIGN_OR_RETURN(auto wb_rels, ReadRels(zip, workbook_part));
  IPE_ASSIGN_OR_RETURN(std::string wb_xml, zip.Read(workbook_part));
  struct SheetRef {
    std::string name, rel_id;
  };
  std::vector<SheetRef> refs;
  bool date1904 = false;
  XmlHandler h;
  h.start = [&](std::string_view el, Attrs a) -> core::Status {
    if (el == "workbookPr") {
      std::string_view v = Attr(a, "date1904");
      date1904 = v == "1" || v == "true";
    } else if (el == "sheet") {
      refs.push_back({std::string(Attr(a, "name")), std::string(Attr(a, "id"))});
    }
    return {};
  };
  IPE_RETURN_IF_ERROR(ParseXml(workbook_part, wb_xml, h));
  wb_xml.clear();

  std::vector<std::string> shared;
  if (const Rel* r = FindRelOfType(wb_rels, "sharedStrings"); r && zip.Has(r->target)) {
    IPE_ASSIGN_OR_RETURN(shared, ReadSharedStrings(zip, r->target));
  }
  Styles styles;
  if (const Rel* r = FindRelOfType(wb_rels, "styles"); r && zip.Has(r->target)) {
    IPE_ASSIGN_OR_RETURN(styles, ReadStyles(zip, r->target));
  }

  std::vector<Sheet> sheets;
  int64_t cells_used = 0;
  SheetContext ctx{shared, styles, date1904, limits, cells_used};
  for (const SheetRef& ref : refs) {
    auto it = wb_rels.find(ref.rel_id);
    if (it == wb_rels.end() || it->second.type != "worksheet") continue;  // chart/dialog sheets
    Sheet sheet;
    sheet.name = ref.name;
    sheet.bold_header = false;
    IPE_RETURN_IF_ERROR(ReadWorksheet(zip, it->second.target, ctx, sheet));
    sheets.push_back(std::move(sheet));
  }
  if (sheets.empty()) return core::InvalidArgument(not_xlsx + "：没有工作表");
  return sheets;
}

}  // namespace ipe::sheet
