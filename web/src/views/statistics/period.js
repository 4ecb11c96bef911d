// Statistical periods as month ranges ['YYYY-MM', 'YYYY-MM'] (the API's from/to), the same period
// a year earlier (同期) for the comparison, and rates given in basis points by the server.

function pad(n) {
  return String(n).padStart(2, '0');
}

/** Months of a period: kind month | quarter | year | custom. */
export function monthsOf(kind, { month, year, quarter, range }) {
  if (kind === 'month') return [month, month];
  if (kind === 'quarter') {
    const first = (Number(quarter) - 1) * 3 + 1;
    return [`${year}-${pad(first)}`, `${year}-${pad(first + 2)}`];
  }
  if (kind === 'year') return [`${year}-01`, `${year}-12`];
  return [range[0], range[1]];
}

/** 'YYYY-MM' moved by n months. */
export function addMonths(ym, n) {
  const index = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The same period a year earlier (同期), whatever its kind. */
export function previousPeriod(kind, [from, to]) {
  return [addMonths(from, -12), addMonths(to, -12)];
}

/** Months from `from` to `to` inclusive (both 'YYYY-MM'); 0 when inverted. */
export function monthSpan(from, to) {
  const index = (ym) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
  return Math.max(0, index(to) - index(from) + 1);
}

/**
 * The period a figure is compared with: `year_ago` the same months a year earlier (同期), `previous`
 * the as many months just before (环比), `custom` the month range given.
 */
export function comparePeriodOf(mode, [from, to], custom) {
  if (mode === 'previous') {
    const n = monthSpan(from, to);
    return [addMonths(from, -n), addMonths(from, -1)];
  }
  if (mode === 'custom' && custom && custom[0] && custom[1]) return [custom[0], custom[1]];
  return previousPeriod('', [from, to]);
}

/** 6667 basis points → '66.67%' (integers only, as the server computed them). */
export function formatRate(bp) {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}%`;
}
