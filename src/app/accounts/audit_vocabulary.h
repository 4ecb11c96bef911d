#pragma once
// The words of the audit log: every action code and object type an audit record may carry, with
// the zh-CN and English names the log viewer shows (issue 14: no raw codes on screen).
//
// One list, checked when a record is appended: AppendAudit refuses an action or object type that
// is not here, so a new write path cannot reach the log without a name for its officers (every
// write path is exercised by the tests, which then fail naming the code).

#include <string_view>
#include <vector>

namespace ipe::app {

struct AuditTerm {
  std::string_view code;  // "case.create", "transfer" …
  std::string_view zh;
  std::string_view en;
};

const std::vector<AuditTerm>& AuditActions();
const std::vector<AuditTerm>& AuditEntityTypes();

/// The term for a code, or nullptr.
const AuditTerm* FindAuditAction(std::string_view code);
const AuditTerm* FindAuditEntityType(std::string_view code);

/// The name in the session's language; the code itself when unknown (records written before
/// the term was added).
std::string_view AuditActionLabel(std::string_view code, bool english);
std::string_view AuditEntityLabel(std::string_view code, bool english);

}  // namespace ipe::app
