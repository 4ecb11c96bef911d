#include "pdf_text.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace ipe::testing {

std::string PdfText(const std::string& pdf) {
  char path[] = "/tmp/ipe-pdf-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return "";
  std::FILE* f = fdopen(fd, "wb");
  std::fwrite(pdf.data(), 1, pdf.size(), f);
  std::fclose(f);
  std::string out;
  std::string cmd = std::string("pdftotext -layout ") + path + " -";
  if (std::FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  return out;
}

}  // namespace ipe::testing
