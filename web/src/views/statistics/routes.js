// Routes of the statistics module (统计), children of the app shell (src/router.js spreads them in).
const meta = { module: 'statistics' };

export const statisticsRoutes = [
  { path: 'statistics', name: 'statistics', component: () => import('./StatisticsView.vue'), meta: { ...meta, cap: 'statistics.read' } },
  { path: 'statistics/supervision', name: 'statistics-supervision', component: () => import('./SupervisionView.vue'), meta: { ...meta, cap: 'region_supervision.read' } },
  { path: 'statistics/cooperation', name: 'statistics-cooperation', component: () => import('./CooperationView.vue'), meta: { ...meta, cap: 'statistics.read' } },
  { path: 'statistics/joint-operations', name: 'statistics-joint-operations', component: () => import('./JointOperationsView.vue'), meta: { ...meta, cap: 'statistics.read' } },
  { path: 'statistics/publications', name: 'statistics-publications', component: () => import('./PublicationsView.vue'), meta: { ...meta, cap: 'statistics.read' } },
  { path: 'statistics/assessment', name: 'statistics-assessment', component: () => import('./AssessmentView.vue'), meta: { ...meta, cap: 'assessment.read' } },
];

/** The module's tabs (ModuleTabs) in menu order. */
export function statisticsTabs(t) {
  return [
    { name: 'statistics', label: t('statistics.tabs.figures') },
    { name: 'statistics-supervision', label: t('statistics.tabs.supervision') },
    { name: 'statistics-cooperation', label: t('statistics.tabs.cooperation') },
    { name: 'statistics-joint-operations', label: t('statistics.tabs.joint') },
    { name: 'statistics-publications', label: t('statistics.tabs.publications') },
    { name: 'statistics-assessment', label: t('statistics.tabs.assessment') },
  ];
}
