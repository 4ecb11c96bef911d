// The cluster graph's ECharts parts: GraphChart on the app's one ECharts copy (echarts/core),
// tree-shaken; loaded only by the cluster page.
import * as echarts from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([GraphChart, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };

const CATEGORY = { lead: 0, key: 1, hidden: 2 };

/** GET /leads/clusters/{id} → graph → ECharts option (force layout). `label(node)` names nodes. */
export function graphOption(graph, { categories, label }) {
  return {
    tooltip: { formatter: (p) => (p.dataType === 'node' ? p.data.tip : '') },
    legend: [{ data: categories, bottom: 0 }],
    series: [{
      type: 'graph',
      layout: 'force',
      roam: true,
      draggable: true,
      force: { repulsion: 260, edgeLength: [60, 120] },
      categories: categories.map((name) => ({ name })),
      label: { show: true, position: 'right', fontSize: 12, width: 160, overflow: 'truncate' },
      lineStyle: { color: '#999', width: 1.5 },
      data: graph.nodes.map((n) => ({
        id: n.id,
        name: label(n),
        tip: label(n),
        category: CATEGORY[n.kind],
        symbol: n.kind === 'key' ? 'diamond' : n.kind === 'hidden' ? 'rect' : 'circle',
        symbolSize: n.kind === 'lead' ? 28 : 18,
      })),
      links: graph.edges.map((e) => ({
        source: e.source,
        target: e.target,
        lineStyle: e.hidden ? { type: 'dashed', color: '#c98a00' } : undefined,
      })),
    }],
  };
}
