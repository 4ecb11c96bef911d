// Pure helpers of the work-plan pages (工作要点): period strings, status colours, tree filters,
// text decoding of uploaded plans, attachment checks. Unit-tested with `node --test` (planUtils.test.js).

// --- Periods -----------------------------------------------------------------------------------
// The API's period strings (docs/plans-api contract, plan/model.h YearOf/HalfOf/QuarterOf/MonthOf):
//   "2020" year · "2020-H1" half · "2020-Q2" quarter · "2020-M04" month.
const PERIOD_RE = /^(\d{4})(?:-(H[12]|Q[1-4]|M(?:0[1-9]|1[0-2])))?$/;
const CN_DIGITS = ['零', '一', '二', '三', '四'];

/** The selector's value for "every report, latest status" (the API: no period parameter). */
export const LATEST = 'latest';

/** '2020-Q2' → {year: 2020, kind: 'quarter', index: 2}; null when not a period string. */
export function parsePeriod(text) {
  const m = PERIOD_RE.exec(typeof text === 'string' ? text.trim() : '');
  if (!m) return null;
  const year = Number(m[1]);
  if (!m[2]) return { year, kind: 'year', index: 0 };
  const index = Number(m[2].slice(1));
  const kind = { H: 'half', Q: 'quarter', M: 'month' }[m[2][0]];
  return { year, kind, index };
}

/** {year, kind, index} → the API string; null for an impossible period. */
export function periodString({ year, kind, index }) {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  switch (kind) {
    case 'year': return String(year);
    case 'half': return index >= 1 && index <= 2 ? `${year}-H${index}` : null;
    case 'quarter': return index >= 1 && index <= 4 ? `${year}-Q${index}` : null;
    case 'month': return index >= 1 && index <= 12 ? `${year}-M${String(index).padStart(2, '0')}` : null;
    default: return null;
  }
}

/** '2020-Q2' → '2020年第二季度' (zh) / '2020 Q2' (en); anything else is shown as it came. */
export function formatPeriod(text, locale = 'zh-CN') {
  const p = parsePeriod(text);
  if (!p) return text ? String(text) : '—';
  const en = locale === 'en';
  switch (p.kind) {
    case 'year': return en ? `${p.year}` : `${p.year}年`;
    case 'half': return en ? `${p.year} H${p.index}` : `${p.year}年${p.index === 1 ? '上' : '下'}半年`;
    case 'quarter': return en ? `${p.year} Q${p.index}` : `${p.year}年第${CN_DIGITS[p.index]}季度`;
    default: return en ? `${p.year}-${String(p.index).padStart(2, '0')}` : `${p.year}年${p.index}月`;
  }
}

/** Every period of a year, year first, then halves, quarters, months: [{value, kind}]. */
export function periodsOfYear(year) {
  const out = [{ value: periodString({ year, kind: 'year', index: 0 }), kind: 'year' }];
  for (let i = 1; i <= 2; i += 1) out.push({ value: periodString({ year, kind: 'half', index: i }), kind: 'half' });
  for (let i = 1; i <= 4; i += 1) out.push({ value: periodString({ year, kind: 'quarter', index: i }), kind: 'quarter' });
  for (let i = 1; i <= 12; i += 1) out.push({ value: periodString({ year, kind: 'month', index: i }), kind: 'month' });
  return out;
}

/**
 * The period a report is most likely about: the current quarter when today ("YYYY-MM-DD") falls in
 * the plan's year, the whole year otherwise (an old plan is reported on as a year).
 */
export function defaultReportPeriod(planYear, today) {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(today || '');
  if (m && Number(m[1]) === planYear) {
    return periodString({ year: planYear, kind: 'quarter', index: Math.floor((Number(m[2]) - 1) / 3) + 1 });
  }
  return String(planYear);
}

// --- Statuses and colours ----------------------------------------------------------------------
export const REPORT_STATUSES = ['not_started', 'in_progress', 'completed', 'blocked'];
export const NOTICE_KINDS = ['supervision', 'reminder', 'criticism', 'interview'];
export const ROLES = ['lead', 'co'];

/** Worst first — the matrix rule of the contract: blocked > overdue > not_started > in_progress > completed. */
export const SEVERITY = ['blocked', 'overdue', 'not_started', 'in_progress', 'completed'];

/**
 * Matrix / legend colours. Red is kept for 逾期 (the office's first question); 受阻 is amber, 推进中
 * blue, 已完成 green, 未启动 grey. Text colour is chosen for contrast on each fill.
 */
export const STATUS_COLORS = {
  overdue: { fill: '#f56c6c', text: '#fff' },
  blocked: { fill: '#e6a23c', text: '#fff' },
  not_started: { fill: '#dcdfe6', text: '#303133' },
  in_progress: { fill: '#409eff', text: '#fff' },
  completed: { fill: '#67c23a', text: '#fff' },
};

/**
 * What a cell or an assignment shows: blocked wins over overdue (both need the office, but 受阻 says
 * why), overdue over the reported status. Accepts {status|latest_status, overdue}; the server may
 * also send status "overdue" itself. Unknown statuses count as not_started (nothing reported).
 */
export function displayStatus(entry) {
  if (!entry) return 'not_started';
  const status = entry.status ?? entry.latest_status ?? 'not_started';
  if (status === 'blocked') return 'blocked';
  if (entry.overdue || status === 'overdue') return 'overdue';
  return SEVERITY.includes(status) ? status : 'not_started';
}

/** The worst display status of several entries (a task's items); 'not_started' for none. */
export function worstStatus(entries) {
  let worst = null;
  for (const e of entries || []) {
    const s = displayStatus(e);
    if (worst === null || SEVERITY.indexOf(s) < SEVERITY.indexOf(worst)) worst = s;
  }
  return worst ?? 'not_started';
}

export function statusColor(entry) {
  return STATUS_COLORS[displayStatus(entry)];
}

/** Counts of display statuses over entries: {overdue: 2, completed: 5, …} with every key present. */
export function countStatuses(entries) {
  const out = Object.fromEntries(SEVERITY.map((s) => [s, 0]));
  for (const e of entries || []) out[displayStatus(e)] += 1;
  return out;
}

/** Completion share as "42.5%" from the ranking's integer per mille; "—" when there is none. */
export function formatPermille(permille) {
  if (typeof permille !== 'number' || !Number.isInteger(permille)) return '—';
  return `${Math.trunc(permille / 10)}.${Math.abs(permille % 10)}%`;
}

// --- Tree ---------------------------------------------------------------------------------------
/** Task numbers as the document writes them: 21 → '（二十一）'. Up to 99. */
export function chineseNumber(n) {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return d[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : d[tens]}十${ones ? d[ones] : ''}`;
}

/**
 * Filters the plan tree (sections → tasks → items → assignments) on the client: a keyword in the task
 * title or item text, a display status, an agency. Items keep only matching assignments when an
 * agency or status is chosen; empty tasks and sections drop out. Returns a new tree.
 */
export function filterTree(tree, { q = '', status = '', agencyId = null } = {}) {
  const term = q.trim();
  const byAssignment = !!status || (agencyId !== null && agencyId !== '');
  const keepAssignment = (a) => (!status || displayStatus(a) === status)
    && (agencyId === null || agencyId === '' || a.agency_id === agencyId);
  const out = [];
  for (const section of tree || []) {
    const tasks = [];
    for (const task of section.tasks || []) {
      const titleHit = !term || (task.title || '').includes(term);
      const items = [];
      for (const item of task.items || []) {
        if (term && !titleHit && !(item.text || '').includes(term)) continue;
        const assignments = (item.assignments || []).filter(keepAssignment);
        if (byAssignment && !assignments.length) continue;
        items.push({ ...item, assignments });
      }
      if (items.length || (!byAssignment && titleHit && term)) tasks.push({ ...task, items });
    }
    if (tasks.length) out.push({ ...section, tasks });
  }
  return out;
}

/** Counts of the tree: {sections, tasks, items, assignments}. */
export function treeCounts(tree) {
  const c = { sections: 0, tasks: 0, items: 0, assignments: 0 };
  for (const s of tree || []) {
    c.sections += 1;
    for (const task of s.tasks || []) {
      c.tasks += 1;
      for (const item of task.items || []) {
        c.items += 1;
        c.assignments += (item.assignments || []).length;
      }
    }
  }
  return c;
}

/** task number → section {number, title}, from the tree (the matrix groups its columns by section). */
export function sectionOfTask(tree) {
  const out = new Map();
  for (const s of tree || []) for (const task of s.tasks || []) out.set(task.number, { number: s.number, title: s.title });
  return out;
}

/** Consecutive runs of tasks with the same section: [{section, tasks:[…]}] for a grouped header. */
export function groupTasksBySection(tasks, sections) {
  const groups = [];
  for (const task of tasks || []) {
    const sec = sections.get(task.number) || null;
    const last = groups[groups.length - 1];
    if (last && (last.section?.number ?? null) === (sec?.number ?? null)) last.tasks.push(task);
    else groups.push({ section: sec, tasks: [task] });
  }
  return groups;
}

/** The matrix's cells by "task|agency" for O(1) lookup while rendering. */
export function indexCells(cells) {
  const out = new Map();
  for (const c of cells || []) out.set(`${c.task}|${c.agency_id}`, c);
  return out;
}

// --- Uploads ------------------------------------------------------------------------------------
/**
 * Plan documents come as UTF-8 (web pages) or GB18030/GBK (Windows exports of PDFs). UTF-8 is tried
 * strictly first; otherwise GB18030. A UTF-8 BOM is dropped.
 */
export function decodePlanText(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(view), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(view), encoding: 'gb18030' };
  }
}

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

/** Which picked files the form refuses before sending (the server checks again): [{name, reason}]. */
export function attachmentProblems(files, already = 0) {
  const out = [];
  let count = already;
  for (const f of files || []) {
    count += 1;
    if (count > MAX_ATTACHMENTS) out.push({ name: f.name, reason: 'tooMany' });
    else if (f.size > MAX_ATTACHMENT_BYTES) out.push({ name: f.name, reason: 'tooLarge' });
    else if (f.size === 0) out.push({ name: f.name, reason: 'empty' });
  }
  return out;
}

export { bytesToBase64 } from '../../utils/base64.js';

export { formatBytes } from '../../utils/format.js';

/**
 * Figures as entered (rows of {name, value}) → the API's {"name": integer}. Empty rows are skipped;
 * values are sent as typed so the server judges them (its field errors name `figures.<name>`).
 */
export function figuresToBody(rows) {
  const out = {};
  for (const r of rows || []) {
    const name = (r.name || '').trim();
    if (!name && (r.value === null || r.value === undefined || r.value === '')) continue;
    out[name] = typeof r.value === 'string' && /^-?\d+$/.test(r.value.trim()) ? Number(r.value.trim()) : r.value;
  }
  return out;
}

/** Whether the user may report on an assignment: the office/admin, or officer/agency head of that agency. */
export function canReportOn(user, assignment) {
  if (!user || !assignment) return false;
  const roles = user.roles || [];
  if (roles.includes('office') || roles.includes('admin')) return true;
  return (roles.includes('officer') || roles.includes('agency_head'))
    && !!user.agency && user.agency.id === assignment.agency_id;
}
