// Fuzzes the XML side of ReadXlsx (sheet/sheet.h): the input, split at 0xFF bytes, becomes the
// worksheet, the shared strings and the styles of a package whose other parts are valid, zipped in
// memory so that the CRCs match and the parser sees the mutated XML. The first byte's low bit picks
// the 1904 date system. Checks: no crash, no UB, only InvalidArgument as an error, limits kept, dates
// in ISO form.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "sheet/sheet.h"

namespace {

// minizip's writer over a std::string.
struct MemOut {
  std::string data;
  uint64_t pos = 0;
};
voidpf ZCALLBACK Open(voidpf opaque, const void*, int) { return opaque; }
uLong ZCALLBACK Read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<MemOut*>(stream);
  if (m->pos >= m->data.size()) return 0;
  uLong n = static_cast<uLong>(std::min<uint64_t>(size, m->data.size() - m->pos));
  std::memcpy(buf, m->data.data() + m->pos, n);
  m->pos += n;
  return n;
}
uLong ZCALLBACK Write(voidpf, voidpf stream, const void* buf, uLong size) {
  auto* m = static_cast<MemOut*>(stream);
  if (m->pos + size > m->data.size()) m->data.resize(m->pos + size);
  std::memcpy(m->data.data() + m->pos, buf, size);
  m->pos += size;
  return size;
}
ZPOS64_T ZCALLBACK Tell(voidpf, voidpf stream) { return static_cast<MemOut*>(stream)->pos; }
long ZCALLBACK Seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* m = static_cast<MemOut*>(stream);
  uint64_t base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                  : origin == ZLIB_FILEFUNC_SEEK_END ? m->data.size()
                                                     : 0;
  m->pos = base + offset;
  return 0;
}
int ZCALLBACK Close(voidpf, voidpf) { return 0; }
int ZCALLBACK Error(voidpf, voidpf) { return 0; }

std::string Zip(const std::vector<std::pair<const char*, std::string_view>>& parts) {
  MemOut out;
  zlib_filefunc64_def f{Open, Read, Write, Tell, Seek, Close, Error, &out};
  zipFile z = zipOpen2_64("mem", APPEND_STATUS_CREATE, nullptr, &f);
  if (!z) __builtin_trap();
  for (const auto& [name, content] : parts) {
    if (zipOpenNewFileInZip64(z, name, nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 1, 0) !=
            ZIP_OK ||
        zipWriteInFileInZip(z, content.data(), static_cast<unsigned>(content.size())) != ZIP_OK ||
        zipCloseFileInZip(z) != ZIP_OK) {
      __builtin_trap();
    }
  }
  zipClose(z, nullptr);
  return out.data;
}

constexpr const char* kRootRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
constexpr const char* kWorkbookRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  bool date1904 = data[0] & 1;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    size_t cut = i < 2 ? rest.find('\xFF') : std::string_view::npos;
    parts[i] = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
  }
  std::string workbook =
      std::string(R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
      (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
      R"(<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  std::string bytes = Zip({{"_rels/.rels", kRootRels},
                           {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                           {"xl/workbook.xml", workbook},
                           {"xl/worksheets/sheet1.xml", parts[0]},
                           {"xl/sharedStrings.xml", parts[1]},
                           {"xl/styles.xml", parts[2]}});
  const ipe::sheet::ReadLimits limits{
      .max_uncompressed_bytes = 1u << 20, .max_rows = 500, .max_columns = 32, .max_cells = 4000};
  auto sheets = ipe::sheet::ReadXlsx(bytes, limits);
  if (!sheets) {
    if (sheets.error().code() != ipe::core::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  int64_t cells = 0;
  for (const auto& s : *sheets) {
    if (static_cast<int64_t>(s.rows.size()) > limits.max_rows) __builtin_trap();
    for (const auto& row : s.rows) {
      if (static_cast<int64_t>(row.size()) > limits.max_columns) __builtin_trap();
      cells += static_cast<int64_t>(row.size());
      for (const auto& c : row) {
        if (c.kind == ipe::sheet::CellKind::kDate &&
            (c.text.size() != 10 || c.text[4] != '-' || c.text[7] != '-')) {
          __builtin_trap();
        }
      }
    }
  }
  if (cells > limits.max_cells) __builtin_trap();
  return 0;
}
