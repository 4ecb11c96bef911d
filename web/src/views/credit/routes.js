// Routes of the credit module (信用与公示), children of the app shell (src/router.js spreads them in).
const meta = { module: 'credit' };

export const creditRoutes = [
  {
    path: 'credit',
    component: () => import('./CreditView.vue'),
    meta,
    children: [
      { path: '', name: 'credit', component: () => import('./DisclosuresPanel.vue'), meta: { ...meta, cap: 'credit.read' } },
      { path: 'repairs', name: 'credit-repairs', component: () => import('./RepairsPanel.vue'), meta: { ...meta, cap: 'credit.read' } },
      { path: 'subjects', name: 'credit-subjects', component: () => import('./CreditRecord.vue'), meta: { ...meta, cap: 'credit.read' } },
      { path: 'ip-findings', name: 'credit-ip-findings', component: () => import('./IpFindingsPanel.vue'), meta: { ...meta, cap: 'credit.read' } },
      { path: 'typical', name: 'credit-typical', component: () => import('./TypicalCasesPanel.vue'), meta: { ...meta, cap: 'typical_case.manage' } },
      { path: 'serious-list', name: 'credit-serious-list', component: () => import('./SeriousListPanel.vue'), meta: { ...meta, cap: 'credit.read' } },
    ],
  },
];
