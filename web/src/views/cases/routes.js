// Routes of the cases module (案件), children of the app shell (src/router.js spreads them in).
const meta = { module: 'cases' };

export const casesRoutes = [
  {
    path: 'cases',
    component: () => import('./CasesView.vue'),
    meta,
    children: [
      { path: '', name: 'cases', component: () => import('./CaseList.vue'), meta: { ...meta, cap: 'case.list' } },
      { path: 'incoming', name: 'cases-incoming', component: () => import('./IncomingTransfers.vue'), meta: { ...meta, cap: 'transfer.list' } },
      { path: 'supervision', name: 'cases-supervision', component: () => import('./SupervisionView.vue'), meta: { ...meta, cap: 'supervision.read' } },
      { path: 'alerts', name: 'cases-alerts', component: () => import('./AlertsView.vue'), meta: { ...meta, cap: 'case_alert.read' } },
      { path: 'new', name: 'case-new', component: () => import('./CaseForm.vue'), meta: { ...meta, cap: 'case.write' } },
      { path: ':id(\\d+)', name: 'case-detail', component: () => import('./CaseDetail.vue'), meta: { ...meta, cap: ['case.list', 'transfer.incoming'] } },
      { path: 'transfers/:id(\\d+)', name: 'transfer-detail', component: () => import('./TransferView.vue'), meta: { ...meta, cap: 'transfer.list' } },
      { path: ':id(\\d+)/edit', name: 'case-edit', component: () => import('./CaseForm.vue'), meta: { ...meta, cap: 'case.write' } },
    ],
  },
];
