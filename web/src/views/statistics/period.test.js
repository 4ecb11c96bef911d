import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthsOf, addMonths, previousPeriod, formatRate, monthSpan, comparePeriodOf } from './period.js';

test('periods are month ranges', () => {
  assert.deepEqual(monthsOf('month', { month: '2025-03' }), ['2025-03', '2025-03']);
  assert.deepEqual(monthsOf('quarter', { year: '2025', quarter: 4 }), ['2025-10', '2025-12']);
  assert.deepEqual(monthsOf('year', { year: '2024' }), ['2024-01', '2024-12']);
  assert.deepEqual(monthsOf('custom', { range: ['2024-11', '2025-02'] }), ['2024-11', '2025-02']);
});

test('the comparison period is the same months a year earlier', () => {
  assert.equal(addMonths('2025-01', -1), '2024-12');
  assert.equal(addMonths('2024-12', 1), '2025-01');
  assert.deepEqual(previousPeriod('quarter', ['2025-01', '2025-03']), ['2024-01', '2024-03']);
});

test('rates in basis points print with two decimals', () => {
  assert.equal(formatRate(6667), '66.67%');
  assert.equal(formatRate(5), '0.05%');
  assert.equal(formatRate(-250), '-2.50%');
});

test('a figure is compared with the year before, the period just before, or any months', () => {
  assert.equal(monthSpan('2025-01', '2025-12'), 12);
  assert.equal(monthSpan('2024-11', '2025-02'), 4);
  assert.equal(monthSpan('2025-03', '2025-02'), 0);
  assert.deepEqual(comparePeriodOf('year_ago', ['2025-04', '2025-06']), ['2024-04', '2024-06']);
  assert.deepEqual(comparePeriodOf('previous', ['2025-04', '2025-06']), ['2025-01', '2025-03']);
  assert.deepEqual(comparePeriodOf('previous', ['2025-01', '2025-01']), ['2024-12', '2024-12']);
  assert.deepEqual(comparePeriodOf('previous', ['2025-01', '2025-12']), ['2024-01', '2024-12']);
  assert.deepEqual(comparePeriodOf('custom', ['2025-01', '2025-12'], ['2023-07', '2023-09']), ['2023-07', '2023-09']);
  // A custom comparison without its months falls back to the year before.
  assert.deepEqual(comparePeriodOf('custom', ['2025-01', '2025-12'], null), ['2024-01', '2024-12']);
});
