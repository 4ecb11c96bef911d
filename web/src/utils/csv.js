// CSV for the export button: UTF-8 with BOM (so Excel on Windows opens Chinese text correctly), CRLF
// line ends, RFC 4180 quoting, and cells that a spreadsheet would run as a formula (= + - @ and tab/CR
// at the start) prefixed with an apostrophe (CSV injection).

export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let s = Array.isArray(value) ? value.join('、') : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** columns: [{label, value(row)}] → the whole file as a string (with BOM). */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
