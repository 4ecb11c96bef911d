import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterValue, parseFilter, campaignValues } from './filter.js';

test('a filter value is dimension=code and parses back, a code with = kept whole', () => {
  assert.equal(filterValue('category', 'trademark'), 'category=trademark');
  assert.deepEqual(parseFilter('category=trademark'), { dimension: 'category', code: 'trademark' });
  assert.deepEqual(parseFilter(filterValue('campaign', '铁拳=2025')), { dimension: 'campaign', code: '铁拳=2025' });
  assert.deepEqual(parseFilter('campaign==x='), { dimension: 'campaign', code: '=x=' });
});

test('no filter, or a value without a dimension or a code, is none', () => {
  assert.equal(parseFilter(''), null);
  assert.equal(parseFilter(undefined), null);
  assert.equal(parseFilter('campaign'), null);
  assert.equal(parseFilter('=铁拳2025'), null);
  assert.equal(parseFilter('campaign='), null);
});

test('campaign values are the tags of the figure rows, labelled by the tag', () => {
  const rows = [
    { key: '铁拳2025', label: '铁拳2025', value: 3 },
    { key: '剑网2024', label: '剑网2024', value: 5 },
    { key: '昆仑=2025', label: '昆仑=2025', value: 1 },
  ];
  const values = campaignValues(rows);
  assert.deepEqual(values.map((v) => v.code).sort(), ['剑网2024', '昆仑=2025', '铁拳2025']);
  for (const v of values) assert.equal(v.label, v.code);
  // Nothing invented: no rows, no values.
  assert.deepEqual(campaignValues([]), []);
  assert.deepEqual(campaignValues(null), []);
  // A row without a key (no tag) is no value: the API refuses an empty filter.
  assert.deepEqual(campaignValues([{ key: '', value: 2 }]), []);
});

test('the chosen tag stays listed once when the period has none of its records', () => {
  assert.deepEqual(campaignValues([], '铁拳2023'), [{ code: '铁拳2023', label: '铁拳2023' }]);
  assert.equal(campaignValues([{ key: '铁拳2025' }], '铁拳2025').length, 1);
});
