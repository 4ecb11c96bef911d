import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trendPeriod, trendOption, trendSummary } from './trends.js';

const today = new Date(2026, 11, 6); // 2026-12-06

test('period presets are month ranges on today', () => {
  assert.deepEqual(trendPeriod('last12', today), {});
  assert.deepEqual(trendPeriod('thisYear', today), { from: '2026-01', to: '2026-12' });
  assert.deepEqual(trendPeriod('lastYear', today), { from: '2025-01', to: '2025-12' });
  assert.deepEqual(trendPeriod('last24', new Date(2026, 0, 15)), { from: '2024-02', to: '2026-01' });
  assert.deepEqual(trendPeriod('custom', today, ['2025-03', '2025-08']), { from: '2025-03', to: '2025-08' });
  assert.deepEqual(trendPeriod('custom', today, null), {});
});

const series = [
  { indicator: 'cases_opened', name_zh: '立案数', rate: false, points: [{ month: '2026-01', value: 3 }, { month: '2026-02', value: 0 }] },
  { indicator: 'transfer_rate', name_zh: '移送率', rate: true, points: [{ month: '2026-01', value: 5000 }, { month: '2026-02', value: null }] },
];

test('counts on the left axis, the rate on the right with its gaps', () => {
  const o = trendOption(series, (s) => s.name_zh);
  assert.deepEqual(o.xAxis.data, ['2026-01', '2026-02']);
  assert.equal(o.yAxis.length, 2);
  assert.equal(o.series[0].yAxisIndex, 0);
  assert.equal(o.series[1].yAxisIndex, 1);
  assert.deepEqual(o.series[1].data, [5000, null]);
  assert.equal(o.yAxis[1].axisLabel.formatter(5000), '50%');
  const tip = o.tooltip.formatter([
    { axisValue: '2026-01', seriesIndex: 0, seriesName: '立案数', value: 3, marker: '' },
    { axisValue: '2026-01', seriesIndex: 1, seriesName: '移送率', value: 5000, marker: '' },
  ]);
  assert.equal(tip, '2026-01<br/>立案数：3<br/>移送率：50.00%');
  assert.equal(trendOption(series.slice(0, 1), (s) => s.name_zh).yAxis.length, 1);
});

test('the summary totals the counts, not the rate', () => {
  assert.equal(trendSummary(series, (s) => s.name_zh), '立案数 3');
});
