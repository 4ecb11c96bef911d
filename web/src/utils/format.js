// Formatting helpers shared by every module. Pure functions (unit-tested with `node --test`).
//
// Money: the API carries integer fen in fields ending `_fen`. It is formatted from the integer by
// string and BigInt arithmetic only — never by dividing a float — so 12345 → "123.45 元" exactly,
// for any magnitude the server can send.

const FEN_PATTERN = /^-?\d+$/;

/** Normalises a fen amount (number, bigint or decimal string) to a BigInt; null when not an integer. */
export function toFen(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? BigInt(value) : null;
  }
  if (typeof value === 'string' && FEN_PATTERN.test(value.trim())) return BigInt(value.trim());
  return null;
}

function groupThousands(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * 12345 → "123.45 元"; -5 → "-0.05 元"; 123456789 → "1,234,567.89 元".
 * Options: unit (default true, appends " 元"), group (default true, thousands separators).
 * Anything that is not an integer amount renders as "—" (never a guessed number).
 */
export function formatFen(value, { unit = true, group = true } = {}) {
  const fen = toFen(value);
  if (fen === null) return '—';
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = (abs / 100n).toString();
  const cents = (abs % 100n).toString().padStart(2, '0');
  const text = `${negative ? '-' : ''}${group ? groupThousands(yuan) : yuan}.${cents}`;
  return unit ? `${text} 元` : text;
}

/**
 * Parses what an officer types as 元 ("1,234.5", "1234.56", "０.５" is rejected) into integer fen.
 * Returns a BigInt, or null when the text is not an amount with at most two decimals.
 */
export function parseYuan(text) {
  if (typeof text !== 'string') return null;
  const s = text.replace(/[,，\s]/g, '').replace(/元$/, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -fen : fen;
}

// Officers work in Beijing time whatever the browser's zone is.
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const instantFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** ISO-8601 instant ("2026-11-28T08:00:00Z") → "2026-11-28 16:00:00" (Beijing time); "—" if invalid. */
export function formatInstant(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const parts = Object.fromEntries(instantFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A calendar date "YYYY-MM-DD" stays as is (no time-zone shift); anything else renders "—". */
export function formatDate(value) {
  if (typeof value !== 'string') return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '—';
}

/** Today's date in Beijing as "YYYY-MM-DD" (for file names and default filters). */
export function todayBeijing(now = new Date()) {
  const parts = Object.fromEntries(instantFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Integer counts with thousands separators: 1234567 → "1,234,567". */
export function formatCount(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return groupThousands(String(Math.trunc(n)));
}

/** 1536 → '1.5 KB'; 2097152 → '2.0 MB'. */
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
