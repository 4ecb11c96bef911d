// The 工作台 trend chart (GET /api/v1/workbench/trends, docs/workbench.md): the period presets and
// the ECharts option built from the server's series. Counts on the left axis, the transfer rate
// (basis points from the server) in percent on the right; a month without a rate is a gap.
import { addMonths, formatRate } from '../statistics/period.js';

/** The from/to months of a preset on `today` (a Date); last12 leaves them to the server. */
export function trendPeriod(preset, today, custom) {
  const month = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  const year = today.getFullYear();
  if (preset === 'thisYear') return { from: `${year}-01`, to: month };
  if (preset === 'lastYear') return { from: `${year - 1}-01`, to: `${year - 1}-12` };
  if (preset === 'last24') return { from: addMonths(month, -23), to: month };
  if (preset === 'custom' && custom && custom[0] && custom[1]) return { from: custom[0], to: custom[1] };
  return {};
}

/** The ECharts option for the series (name by `nameOf(series)`). */
export function trendOption(series, nameOf) {
  const months = series.length ? series[0].points.map((p) => p.month) : [];
  const hasRate = series.some((s) => s.rate);
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items) => [items[0]?.axisValue, ...items.map((i) => {
        const s = series[i.seriesIndex];
        const v = i.value === null || i.value === undefined ? '—' : s.rate ? formatRate(i.value) : i.value;
        return `${i.marker}${i.seriesName}：${v}`;
      })].join('<br/>'),
    },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: hasRate ? 60 : 20, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', minInterval: 1 },
      ...(hasRate ? [{ type: 'value', min: 0, axisLabel: { formatter: (v) => `${v / 100}%` }, splitLine: { show: false } }] : []),
    ],
    series: series.map((s) => ({
      type: 'line',
      name: nameOf(s),
      yAxisIndex: s.rate ? 1 : 0,
      connectNulls: false,
      lineStyle: s.rate ? { type: 'dashed' } : undefined,
      data: s.points.map((p) => p.value),
    })),
  };
}

/** Text for screen readers and the copy under the chart: each series' total over the period. */
export function trendSummary(series, nameOf) {
  return series.filter((s) => !s.rate).map((s) => {
    const total = s.points.reduce((n, p) => n + (p.value || 0), 0);
    return `${nameOf(s)} ${total}`;
  }).join('，');
}
