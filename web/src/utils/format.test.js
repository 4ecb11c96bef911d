import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFen, parseYuan, formatInstant, formatDate, toFen, formatCount } from './format.js';
import { toCsv, csvCell } from './csv.js';

test('formatFen formats from the integer with 分 precision', () => {
  assert.equal(formatFen(12345), '123.45 元');
  assert.equal(formatFen(0), '0.00 元');
  assert.equal(formatFen(5), '0.05 元');
  assert.equal(formatFen(-5), '-0.05 元');
  assert.equal(formatFen(100), '1.00 元');
  assert.equal(formatFen(123456789), '1,234,567.89 元');
  assert.equal(formatFen(123456789, { group: false, unit: false }), '1234567.89');
  // Beyond double precision: exact from the string.
  assert.equal(formatFen('900719925474099123'), '9,007,199,254,740,991.23 元');
  assert.equal(formatFen(10n ** 20n + 1n), '1,000,000,000,000,000,000.01 元');
});

test('formatFen refuses non-integers instead of guessing', () => {
  for (const bad of [1.5, NaN, Infinity, '12.3', '', null, undefined, {}, 2 ** 60]) {
    assert.equal(formatFen(bad), '—', String(bad));
  }
  assert.equal(toFen(' 42 '), 42n);
});

test('parseYuan turns typed 元 into integer fen without floats', () => {
  assert.equal(parseYuan('123.45'), 12345n);
  assert.equal(parseYuan('1,234.5'), 123450n);
  assert.equal(parseYuan('0.1'), 10n);
  assert.equal(parseYuan('0.07'), 7n);
  assert.equal(parseYuan('-3'), -300n);
  assert.equal(parseYuan('12 元'), 1200n);
  assert.equal(parseYuan('1.234'), null);
  assert.equal(parseYuan('abc'), null);
  assert.equal(parseYuan(''), null);
});

test('formatInstant shows Beijing time; formatDate keeps calendar dates', () => {
  assert.equal(formatInstant('2026-11-28T08:00:00Z'), '2026-11-28 16:00:00');
  assert.equal(formatInstant('2026-12-31T16:30:05Z'), '2027-01-01 00:30:05');
  assert.equal(formatInstant('not a date'), '—');
  assert.equal(formatInstant(null), '—');
  assert.equal(formatDate('2026-11-28'), '2026-11-28');
  assert.equal(formatDate('2026-11-28T00:00:00Z'), '—');
  assert.equal(formatCount(1234567), '1,234,567');
});

test('CSV quoting, BOM and formula neutralisation', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell(['a', 'b']), 'a、b');
  assert.equal(csvCell(null), '');
  const csv = toCsv([{ label: '名称', value: (r) => r.n }], [{ n: '上海' }, { n: 'x\ny' }]);
  assert.equal(csv, '\uFEFF名称\r\n上海\r\n"x\ny"\r\n');
});
