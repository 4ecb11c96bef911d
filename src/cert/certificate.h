#pragma once
// Destruction certificates (销毁证明) as PDF: Chinese text typeset by Pango on a Cairo PDF surface
// with the fonts the setup installs (fonts-wqy-microhei), and a QR code (libqrencode) holding the
// public verification address. An I/O edge: it touches fontconfig and the font files; the data
// comes in filled, nothing is read from the database here.
//
//   CertificateDoc doc{.number = "XH2026-000012", .verify_url = "https://…/public/destruction-certificates/XH2026-000012", …};
//   auto pdf = RenderDestructionCertificate(doc);   // bytes starting "%PDF-"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "custody/ledger.h"

namespace ipe::cert {

struct CertificateLine {
  std::string label_no;
  std::string description;
  std::string category;   // zh-CN
  int64_t quantity = 0;
  std::string unit;       // zh-CN
};

/// What a certificate states; every text already in zh-CN.
struct CertificateDoc {
  std::string number;
  std::string verify_url;
  std::string agency_name;
  std::string unit_name;
  std::string unit_licence_no;
  std::string method;
  std::string executed_on;  // YYYY-MM-DD
  std::optional<int64_t> weight_before_g;
  std::optional<int64_t> weight_after_g;
  std::vector<std::string> supervisors;
  std::vector<CertificateLine> lines;
  std::string issued_on;  // YYYY-MM-DD
};

/// The PDF bytes (A4, one page; lines past what fits continue on further pages). Internal when
/// Cairo or libqrencode fail (out of memory, a URL too long for a QR code).
core::Result<std::string> RenderDestructionCertificate(const CertificateDoc& doc);

/// The QR code of `text` as rows of modules (true = dark), error correction M; Internal when
/// libqrencode refuses it.
core::Result<std::vector<std::vector<bool>>> QrModules(const std::string& text);

/// What a seized line's label (涉案物品标签) carries; texts in zh-CN.
struct LabelDoc {
  std::string label_no;      // also the QR code's content
  std::string agency_name;
  std::string case_number;
  std::string description;
  std::string category;
  std::string quantity;      // "120双"
  std::string seized_on;     // YYYY-MM-DD
  std::string seal_numbers;
};

/// A 100 × 60 mm label as PDF, one page. Internal as RenderDestructionCertificate.
core::Result<std::string> RenderItemLabel(const LabelDoc& doc);

/// One line of a custody statement: what it is and where its quantity is as of the day.
struct StatementLine {
  std::string label_no;
  std::string description;
  std::string category;  // zh-CN
  std::string unit;      // zh-CN
  custody::Balance balance;
};
struct StatementMovement {
  std::string on;        // YYYY-MM-DD
  std::string label_no;
  std::string kind;      // zh-CN
  std::string quantity;  // "2双"
  std::string reference;
};
/// 涉案物品保管情况 of a case; texts in zh-CN.
struct StatementDoc {
  std::string case_number;
  std::string case_title;
  std::string agency_name;
  std::string as_of;      // YYYY-MM-DD
  std::string issued_on;  // YYYY-MM-DD
  std::vector<StatementLine> lines;
  std::vector<StatementMovement> movements;
};

/// The statement as PDF (A4 landscape; the tables continue on further pages), without a QR code:
/// there is no public check of a statement. Internal as RenderDestructionCertificate.
core::Result<std::string> RenderCustodyStatement(const StatementDoc& doc);

}  // namespace ipe::cert
