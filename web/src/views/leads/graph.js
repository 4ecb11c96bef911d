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
      zoom: 1.3,
      animation: false,
      draggable: true,
      // The same cluster draws the same way on every load (issue 14): the force layout starts from
      // a circle in the server's node order instead of random positions, and settles without
      // animation; labels that would overlap are hidden until zoomed in.
      force: { initLayout: 'circular', repulsion: 420, gravity: 0.08, edgeLength: [90, 160], layoutAnimation: false },
      categories: categories.map((name) => ({ name })),
      label: { show: true, position: 'right', fontSize: 13, width: 180, overflow: 'truncate', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] },
      labelLayout: { hideOverlap: true },
      emphasis: { focus: 'adjacency', label: { show: true } },
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
