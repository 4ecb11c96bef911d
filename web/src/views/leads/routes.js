// Routes of the leads module (线索), children of the app shell (src/router.js spreads them in).
const meta = { module: 'leads' };

export const leadsRoutes = [
  {
    path: 'leads',
    component: () => import('./LeadsView.vue'),
    meta,
    children: [
      { path: '', name: 'leads', component: () => import('./LeadList.vue'), meta: { ...meta, cap: 'lead.list' } },
      { path: 'clusters', name: 'leads-clusters', component: () => import('./ClusterList.vue'), meta: { ...meta, cap: 'lead.list' } },
      { path: 'alerts', name: 'leads-alerts', component: () => import('./LeadAlerts.vue'), meta: { ...meta, cap: 'lead_alert.read' } },
      { path: 'access', name: 'leads-access', component: () => import('./LeadAccessRequests.vue'), meta: { ...meta, cap: ['lead.write', 'lead_access.decide'] } },
      { path: 'clusters/:id(\\d+)', name: 'lead-cluster', component: () => import('./ClusterGraph.vue'), meta: { ...meta, cap: 'lead.list' } },
    ],
  },
];
