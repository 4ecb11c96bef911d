#include "app/accounts/audit.h"

#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

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

constexpr const char* kAuditColumns =
    "id, seq, at, actor_id, actor_login, action, entity_type, entity_id, summary, before_json, "
    "after_json, prev_hash, hash";

AuditRecord FromRow(const Row& row) {
  AuditRecord r;
  r.id = row.Int(0);
  r.seq = row.Int(1);
  r.at = core::Timestamp{row.Int(2)};
  r.actor_id = row.OptInt(3);
  r.actor_login = row.Text(4);
  r.action = row.Text(5);
  r.entity_type = row.Text(6);
  r.entity_id = row.Text(7);
  r.summary = row.Text(8);
  r.before_json = row.OptText(9);
  r.after_json = row.OptText(10);
  r.prev_hash = row.Text(11);
  r.hash = row.Text(12);
  return r;
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

core::Status AppendAudit(storage::Tx& tx, const Principal& actor, core::Timestamp at,
                         const AuditEvent& event) {
  // Lock the head row: on PostgreSQL FOR UPDATE serialises appenders; SQLite write transactions
  // are serialised already (BEGIN IMMEDIATE) and does not know FOR UPDATE.
  const char* head_sql = tx.dialect() == storage::Dialect::kPostgres
                             ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                             : "SELECT seq, hash FROM audit_head WHERE id = 1";
  IPE_ASSIGN_OR_RETURN(auto head, tx.Query(head_sql));
  if (head.size() != 1) return core::Internal("audit_head row missing");

  AuditRecord r;
  r.seq = head[0].Int(0) + 1;
  r.prev_hash = head[0].Text(1);
  r.at = at;
  if (!actor.is_system()) r.actor_id = actor.user_id;
  r.actor_login = actor.login;
  r.action = event.action;
  r.entity_type = event.entity_type;
  r.entity_id = event.entity_id;
  r.summary = event.summary;
  r.before_json = event.before_json;
  r.after_json = event.after_json;
  r.hash = AuditRecordHash(r);

  IPE_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO audit_log (seq, at, actor_id, actor_login, action, entity_type, "
              "entity_id, summary, before_json, after_json, prev_hash, hash) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {r.seq, r.at.seconds, Value(r.actor_id), r.actor_login, r.action, r.entity_type,
               r.entity_id, r.summary, Value(r.before_json), Value(r.after_json), r.prev_hash,
               r.hash})
          .status());
  return tx.Exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {r.seq, r.hash}).status();
}

core::Result<AuditVerification> VerifyAudit(storage::Database& db) {
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
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
    IPE_ASSIGN_OR_RETURN(
        auto rows, tx->Query(std::string("SELECT ") + kAuditColumns +
                                 " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                             {after_seq, kBatch}));
    for (const Row& row : rows) {
      AuditRecord r = FromRow(row);
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
  IPE_ASSIGN_OR_RETURN(auto head, tx->Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.size() != 1) return fail(expected_seq, std::nullopt, "链头缺失 (audit_head missing)");
  if (head[0].Int(0) != v.records || head[0].Text(1) != prev_hash) {
    return fail(v.records + 1, std::nullopt,
                "链头不符 (head says seq " + std::to_string(head[0].Int(0)) +
                    "; newest records were deleted or the head was edited)");
  }
  return v;
}

core::Result<Page<AuditRecord>> ListAudit(Context& ctx, const Principal& who,
                                          const AuditFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAuditor, Role::kAdmin}, "查看审计日志"));
  IPE_RETURN_IF_ERROR(page.Validate());
  std::string where = " WHERE 1 = 1";
  Params params;
  if (f.actor) {
    where += " AND actor_login = ?";
    params.emplace_back(*f.actor);
  }
  if (f.action) {
    if (!f.action->empty() && f.action->back() == '.') {
      where += " AND action LIKE ? ESCAPE '\\'";
      params.emplace_back(internal::LikePrefix(*f.action));
    } else {
      where += " AND action = ?";
      params.emplace_back(*f.action);
    }
  }
  if (f.entity_type) {
    where += " AND entity_type = ?";
    params.emplace_back(*f.entity_type);
  }
  if (f.entity_id) {
    where += " AND entity_id = ?";
    params.emplace_back(*f.entity_id);
  }
  if (f.from) {
    where += " AND at >= ?";
    params.emplace_back(core::StartOfLocalDay(*f.from).seconds);
  }
  if (f.to) {
    where += " AND at < ?";
    params.emplace_back(core::EndOfLocalDay(*f.to).seconds);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query("SELECT count(*) FROM audit_log" + where, params));
  Params page_params = params;
  page_params.emplace_back(page.page_size);
  page_params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kAuditColumns +
                                                " FROM audit_log" + where +
                                                " ORDER BY seq DESC LIMIT ? OFFSET ?",
                                            page_params));
  Page<AuditRecord> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& row : rows) out.items.push_back(FromRow(row));
  return out;
}

}  // namespace ipe::app
