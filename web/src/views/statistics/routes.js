// Routes of the statistics module (统计), children of the app shell (src/router.js spreads them in).
const meta = { module: 'statistics' };

export const statisticsRoutes = [
  { path: 'statistics', name: 'statistics', component: () => import('./StatisticsView.vue'), meta: { ...meta, cap: 'statistics.read' } },
  { path: 'statistics/supervision', name: 'statistics-supervision', component: () => import('./SupervisionView.vue'), meta: { ...meta, cap: 'region_supervision.read' } },
];
