// Routes of the destruction module (涉案物品与销毁), children of the app shell (src/router.js).
const meta = { module: 'destruction' };

export const destructionRoutes = [
  {
    path: 'destruction',
    component: () => import('./DestructionView.vue'),
    meta,
    children: [
      { path: '', name: 'destruction', component: () => import('./LedgerPanel.vue'), meta: { ...meta, cap: 'custody.read' } },
      { path: 'applications', name: 'destruction-applications', component: () => import('./ApplicationsPanel.vue'), meta: { ...meta, cap: 'destruction.read' } },
      { path: 'reconciliation', name: 'destruction-reconciliation', component: () => import('./ReconciliationPanel.vue'), meta: { ...meta, cap: 'custody.read' } },
      { path: 'summary', name: 'destruction-summary', component: () => import('./SummaryPanel.vue'), meta: { ...meta, cap: 'destruction.read' } },
      { path: 'campaigns', name: 'destruction-campaigns', component: () => import('./CampaignsPanel.vue'), meta: { ...meta, cap: 'destruction.read' } },
      { path: 'campaigns/:id', name: 'destruction-campaign', component: () => import('./CampaignDetail.vue'), meta: { ...meta, cap: 'destruction.read' } },
      { path: 'units', name: 'destruction-units', component: () => import('./UnitsPanel.vue'), meta },
    ],
  },
];
