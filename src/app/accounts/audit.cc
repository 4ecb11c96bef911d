#include "app/accounts/audit.h"

#include "app/accounts/audit_store.h"
#include "app/accounts/audit_vocabulary.h"
#include "app/crypto.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

// Length-prefixed fields make the canonical text unambiguous: "S5:hello" or "N" for NULL.
void AppendField(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "N|";
    return;
  }
  out += 'S';
  out += std::to_string(v->size());
  out += ':';
  out += *v;
  out += '|';
}

}  // namespace

std::string AuditRecordHash(const AuditRecord& r) {
  std::string text = "ipe-audit-v1|";
  AppendField(text, std::to_string(r.seq));
  AppendField(text, std::to_string(r.at.seconds));
  AppendField(text, r.actor_id ? std::optional<std::string>(std::to_string(*r.actor_id))
                               : std::nullopt);
  AppendField(text, r.actor_login);
  AppendField(text, r.action);
  AppendField(text, r.entity_type);
  AppendField(text, r.entity_id);
  AppendField(text, r.summary);
  AppendField(text, r.before_json);
  AppendField(text, r.after_json);
  AppendField(text, r.prev_hash);
  return Sha256Hex(text);
}

std::optional<AuditScope> AuditScopeOf(const std::string& region, std::optional<int64_t> agency) {
  if (region.size() != 6 || region == "000000") return std::nullopt;
  return AuditScope{region, agency};
}

core::Status AppendAudit(storage::Tx& tx, const Principal& actor, core::Timestamp at,
                         const AuditEvent& event) {
  // The vocabulary is the contract with the log viewer (audit_vocabulary.h).
  if (!FindAuditAction(event.action)) {
    return core::Internal("audit action not in the vocabulary: " + event.action);
  }
  if (!FindAuditEntityType(event.entity_type)) {
    return core::Internal("audit object type not in the vocabulary: " + event.entity_type);
  }
  AuditStore store(tx);
  // Locking the head serialises appenders (AuditStore::ReadHead).
  IPE_ASSIGN_OR_RETURN(auto head, store.ReadHead(/*lock=*/true));
  if (!head) return core::Internal("audit_head row missing");

  AuditRecord r;
  r.seq = head->seq + 1;
  r.prev_hash = head->hash;
  r.at = at;
  if (!actor.is_system()) r.actor_id = actor.user_id;
  r.actor_login = actor.login;
  r.action = event.action;
  r.entity_type = event.entity_type;
  r.entity_id = event.entity_id;
  r.summary = event.summary;
  r.before_json = event.before_json;
  r.after_json = event.after_json;
  r.scope = event.scope;
  if (r.scope && r.scope->region_code == "000000") r.scope.reset();
  r.hash = AuditRecordHash(r);

  IPE_RETURN_IF_ERROR(store.Insert(r));
  return store.SetHead(r.seq, r.hash);
}

core::Result<AuditVerification> VerifyAudit(storage::Database& db) {
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  AuditStore store(*tx);
  AuditVerification v;
  std::string prev_hash(64, '0');
  int64_t expected_seq = 1;
  int64_t after_seq = 0;
  constexpr int64_t kBatch = 5000;
  auto fail = [&](int64_t seq, std::optional<int64_t> id, std::string reason) {
    v.ok = false;
    v.bad_seq = seq;
    v.bad_id = id;
    v.reason = std::move(reason);
    return v;
  };
  for (;;) {
    IPE_ASSIGN_OR_RETURN(std::vector<AuditRecord> rows, store.After(after_seq, kBatch));
    for (const AuditRecord& r : rows) {
      if (r.seq != expected_seq) {
        return fail(expected_seq, std::nullopt,
                    "记录缺失 (record missing): seq " + std::to_string(expected_seq) +
                        " absent, next present is " + std::to_string(r.seq));
      }
      if (r.prev_hash != prev_hash) {
        return fail(r.seq, r.id, "前序哈希不符 (prev_hash does not match the previous record)");
      }
      if (AuditRecordHash(r) != r.hash) {
        return fail(r.seq, r.id, "记录内容被改动 (record content does not match its hash)");
      }
      prev_hash = r.hash;
      ++expected_seq;
      ++v.records;
      after_seq = r.seq;
    }
    if (static_cast<int64_t>(rows.size()) < kBatch) break;
  }
  IPE_ASSIGN_OR_RETURN(auto head, store.ReadHead(/*lock=*/false));
  if (!head) return fail(expected_seq, std::nullopt, "链头缺失 (audit_head missing)");
  if (head->seq != v.records || head->hash != prev_hash) {
    return fail(v.records + 1, std::nullopt,
                "链头不符 (head says seq " + std::to_string(head->seq) +
                    "; newest records were deleted or the head was edited)");
  }
  return v;
}

core::Result<Page<AuditRecord>> ListAudit(Context& ctx, const Principal& who,
                                          const AuditFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kAuditRead, "查看审计日志"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return AuditStore(*tx).List(f, who.is_system() ? "000000" : who.region_code, page);
}

}  // namespace ipe::app
