#pragma once
// The text of a PDF as poppler's pdftotext reads it back (poppler-utils), for tests that check what
// a rendered document says.

#include <string>

namespace ipe::testing {

/// `pdftotext -layout` of `pdf` ("" when pdftotext is missing or fails; the caller's
/// expectations then fail). -layout keeps a table row on one line.
std::string PdfText(const std::string& pdf);

}  // namespace ipe::testing
