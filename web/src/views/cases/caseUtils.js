// Pure helpers of the cases pages (unit-tested with `node --test`, no Vue, no fetch).
//
// Money: the officer types 元 as a decimal string; it is sent as integer fen. The conversion is done
// on the digits (utils/format.js parseYuan, BigInt) — never by multiplying a float — so
// "50000.5" → 5000050 and "0.29" → 29 exactly (0.29 * 100 is 28.999999999999996 in floating point).
import { parseYuan, formatFen, toFen } from '../../utils/format.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * What an officer typed as 元 → { fen, error }.
 *   ''            → { fen: null }                       (not given; the API takes null)
 *   '50000.5'     → { fen: 5000050 }
 *   '1,234.56'    → { fen: 123456 }
 *   '-1' / 'abc' / '1.234' → { fen: null, error: 'negative' | 'format' }
 * fen is a JS number only when it is a safe integer (JSON carries it exactly); larger → 'tooLarge'.
 */
export function yuanToFen(text) {
  const s = text === null || text === undefined ? '' : String(text).trim();
  if (s === '') return { fen: null, error: null };
  const fen = parseYuan(s);
  if (fen === null) return { fen: null, error: 'format' };
  if (fen < 0n) return { fen: null, error: 'negative' };
  if (fen > MAX_SAFE) return { fen: null, error: 'tooLarge' };
  return { fen: Number(fen), error: null };
}

/** Integer fen from the API → the text shown in an input ("5000050" → "50000.50"); '' for null. */
export function fenToYuanInput(fen) {
  if (fen === null || fen === undefined) return '';
  return toFen(fen) === null ? '' : formatFen(fen, { unit: false, group: false });
}

/** A count typed by the officer → { value, error }; '' → null, non-negative integers only. */
export function parseCount(text) {
  const s = text === null || text === undefined ? '' : String(text).replace(/[,，\s]/g, '');
  if (s === '') return { value: null, error: null };
  if (!/^\d+$/.test(s)) return { value: null, error: 'format' };
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return { value: null, error: 'tooLarge' };
  return { value: n, error: null };
}

/** The national special campaigns (专项行动); a case's tag is name + year, e.g. "铁拳2025". */
export const CAMPAIGNS = ['剑网', '秋风', '铁拳', '昆仑', '清风', '龙腾', '农资打假'];

export function campaignTag(name, year) {
  return `${name}${year}`;
}

/** "铁拳2025" → { name: '铁拳', year: '2025' }; unknown shapes → { name: tag, year: '' }. */
export function splitCampaignTag(tag) {
  const m = /^(.*?)(\d{4})$/.exec(String(tag));
  return m ? { name: m[1], year: m[2] } : { name: String(tag), year: '' };
}

/** Amount fields of a Case (API names) in display order, with their i18n keys. */
export const AMOUNT_FIELDS = ['illegal_business', 'illegal_gains', 'sales', 'unsold_value', 'loss'];
export const COUNT_FIELDS = ['marks', 'copies', 'rights_involved', 'unsold_marks', 'unsold_copies', 'clicks', 'members', 'works'];

/** The five documents a transfer must carry (Decree 310 art. 6), API keys in the article's order. */
export const TRANSFER_DOCUMENTS = ['transfer_letter', 'investigation_report', 'items_list', 'inspection_reports', 'other'];

// Which side acts on which step (rules/deadlines/*.rules step keys) and the actions it may take
// (docs/api.md POST /transfers/{id}/actions). The server decides; the UI only offers the buttons.
export const STEP_ACTIONS = {
  verify_and_report: { side: 'agency', actions: [] },
  head_decision: { side: 'head', actions: ['approve', 'reject'] },
  transfer_to_police: { side: 'agency', actions: ['send'] },
  police_receipt: { side: 'police', actions: ['receive', 'forward'] },
  police_forward: { side: 'police', actions: ['receive', 'forward'] },
  police_filing_decision: { side: 'police', actions: ['file', 'not_file', 'return'] },
  police_economic_decision: { side: 'police', actions: ['file', 'not_file', 'return', 'extend'] },
  police_economic_decision_complex: { side: 'police', actions: ['file', 'not_file', 'return', 'extend'] },
  police_economic_decision_extended: { side: 'police', actions: ['file', 'not_file', 'return'] },
  agency_review_request: { side: 'agency', actions: ['request_review', 'propose_supervision'] },
  police_review_decision: { side: 'police', actions: ['review_uphold', 'review_reverse'] },
  agency_supervision_proposal: { side: 'agency', actions: ['propose_supervision'] },
  handover_items: { side: 'agency', actions: ['handover'] },
};

// The server's transfer states (app/transfers.cc) → the side that acts and the actions it may take.
// Preferred over the step table: the server's action check uses the state.
export const STATUS_ACTIONS = {
  awaiting_decision: [['head', ['approve', 'reject']]],
  approved: [['agency', ['send']]],
  sent: [['police', ['receive', 'forward']]],
  accepted: [['police', ['file', 'not_file', 'forward', 'return', 'extend']]],
  filed: [['agency', ['handover']], ['police', ['return']]],
  not_filed: [['agency', ['request_review', 'propose_supervision']]],
  review_requested: [['police', ['review_uphold', 'review_reverse']]],
  review_upheld: [['agency', ['propose_supervision']]],
  rejected: [], handed_over: [], supervision_proposed: [], returned: [],
};

const SIDE_ROLES = {
  head: ['agency_head'],
  agency: ['officer', 'agency_head'],
  police: ['police'],
};

const ALL_ACTIONS = {
  head: ['approve', 'reject'],
  agency: ['send', 'handover', 'request_review', 'propose_supervision'],
  police: ['receive', 'forward', 'file', 'not_file', 'review_uphold', 'review_reverse', 'return', 'extend'],
};

/** Actions that need a reasons text (the law wants them on file). */
export const ACTIONS_WITH_REASONS = ['reject', 'forward', 'not_file', 'return', 'review_uphold', 'review_reverse', 'request_review', 'propose_supervision', 'extend'];
export const ACTIONS_REQUIRING_REASONS = ['reject', 'forward', 'not_file', 'return', 'review_uphold', 'extend'];
/** Actions that name a police agency. */
export const ACTIONS_WITH_POLICE = ['send', 'forward'];

/**
 * The action buttons a user with `roles` may see for `transfer`.
 * Uses transfer.allowed_actions when the server sends it; otherwise the step table above;
 * for a step the table does not know, every action of the user's side (the server still decides).
 */
export function actionsFor(transfer, roles) {
  if (!transfer) return [];
  const has = (side) => SIDE_ROLES[side].some((r) => roles.includes(r));
  if (Array.isArray(transfer.allowed_actions)) return transfer.allowed_actions;
  const byStatus = STATUS_ACTIONS[transfer.status];
  if (byStatus) return byStatus.filter(([side]) => has(side)).flatMap(([, actions]) => actions);
  if (['closed', 'completed', 'done', 'returned'].includes(transfer.status) && !transfer.current_step) return [];
  const step = STEP_ACTIONS[transfer.current_step];
  if (step) return has(step.side) ? step.actions : [];
  if (!transfer.current_step || transfer.current_step === 'done') return [];
  return Object.keys(ALL_ACTIONS).filter(has).flatMap((side) => ALL_ACTIONS[side]);
}

/**
 * Time left until `dueAt` (ISO) at `now` → { overdue, days, hours, minutes }; null without a due date.
 */
export function timeLeft(dueAt, now = Date.now()) {
  if (!dueAt) return null;
  const due = new Date(dueAt).getTime();
  if (Number.isNaN(due)) return null;
  let ms = due - now;
  const overdue = ms < 0;
  ms = Math.abs(ms);
  const minutesAll = Math.floor(ms / 60000);
  return {
    overdue,
    days: Math.floor(minutesAll / 1440),
    hours: Math.floor((minutesAll % 1440) / 60),
    minutes: minutesAll % 60,
  };
}

/** A finding must carry the 未核实 tag when its rule is unconfirmed (confidence M, legal-rules.md). */
export function isUnconfirmed(finding) {
  return !!finding && (finding.unconfirmed === true || String(finding.confidence || '').toUpperCase() === 'M');
}

/** 以罚代刑 risk when closing: a threshold is met and there is no transfer. */
// Transfer states in which the case has not reached the police (rules::WasSentToPolice).
const UNSENT_TRANSFER_STATES = ['awaiting_decision', 'approved', 'rejected'];

export function penaltyInsteadOfProsecutionRisk(c) {
  if (!c) return false;
  const met = c.threshold_met === true || (Array.isArray(c.findings) && c.findings.some((f) => f.met));
  // Issue 13: a transfer the head refused (or never sent) is no transfer to the police.
  const sent = typeof c.sent_to_police === 'boolean'
    ? c.sent_to_police
    : !!c.transfer && !UNSENT_TRANSFER_STATES.includes(c.transfer.status);
  return met && !sent;
}

/** An amount of a case in fen: `amounts_fen.<key>` (docs/api.md), or a flat `<key>_fen` if a summary has it. */
export function amountOf(c, key) {
  if (!c) return null;
  if (c.amounts_fen && c.amounts_fen[key] !== undefined) return c.amounts_fen[key];
  return c[`${key}_fen`] ?? null;
}

/** Label of a code from a [{code,name_zh}] list (the server's name), else the code itself. */
export function codeName(list, code) {
  if (code === null || code === undefined || code === '') return '—';
  const hit = (list || []).find((x) => x.code === code);
  return hit ? hit.name_zh || hit.name || code : code;
}

/**
 * The case import template's columns (GET /cases/import/template[.xlsx]): key → the zh-CN column name the
 * template shows. The server accepts either as a column name; errors name the key.
 */
export const IMPORT_COLUMNS = {
  case_number: '案件编号', title: '案件名称', category: '案件类别', conduct: '违法行为类型', source: '案件来源',
  campaign_tags: '专项行动', act_date_from: '行为开始日期', act_date_to: '行为结束日期', goods: '涉案物品',
  illegal_business_yuan: '非法经营数额(元)', illegal_gains_yuan: '违法所得(元)', sales_yuan: '销售金额(元)',
  unsold_value_yuan: '货值金额(元)', loss_yuan: '损失(元)', marks: '标识件数', copies: '复制品数量',
  rights_involved: '涉及权利数', party_name: '当事人名称', party_uscc: '统一社会信用代码',
  unsold_marks: '尚未销售标识件数', unsold_copies: '尚未销售复制品数量', clicks: '实际被点击数', members: '注册会员数',
  works: '传播作品数量', right_holder_bankrupt: '权利人破产倒闭', drug_aggravating_circumstance: '药品从重情形',
  harm_to_health: '对人体健康造成严重危害', harm_to_health_detail: '严重危害情形',
};

/**
 * An import's errors as ApiError.rowErrors() gives them → rows for the error table with the template's
 * column name, file-level first, then by row (the server's order within a row):
 *   {row: 5, column: 'category'}   → {row: 5, column: 'category', label: '案件类别'}
 *   {row: null, column: 'header'}  → {row: null, column: 'header', label: null}
 */
export function importErrorRows(rowErrors) {
  return (rowErrors || [])
    .map((e, i) => ({
      row: e.row ?? null,
      column: e.column || '',
      label: e.row == null ? null : IMPORT_COLUMNS[e.column] || null,
      message: e.message || '',
      order: i,
    }))
    .sort((a, b) => (a.row ?? -1) - (b.row ?? -1) || a.order - b.order);
}

export { bytesToBase64 } from '../../utils/base64.js';

/**
 * Whether `user` (the session's) may edit and close case `c`: an open case of the user's own
 * agency, for its officers and head (the server checks the same; this only decides what is shown).
 */
export function canEditCase(user, c) {
  return !!c && c.status === 'open' && !!user && !!user.agency && user.agency.id === c.agency?.id
    && user.roles.some((r) => r === 'officer' || r === 'agency_head');
}
