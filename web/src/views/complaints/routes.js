// Routes of the complaints module (投诉举报), children of the app shell (src/router.js spreads them in).
const meta = { module: 'complaints' };

export const complaintsRoutes = [
  {
    path: 'complaints',
    component: () => import('./ComplaintsView.vue'),
    meta,
    children: [
      { path: '', name: 'complaints', component: () => import('./ComplaintList.vue'), meta: { ...meta, cap: 'complaint.list' } },
      { path: 'new', name: 'complaints-new', component: () => import('./ComplaintIntake.vue'), meta: { ...meta, cap: 'complaint.intake' } },
      { path: 'figures', name: 'complaints-figures', component: () => import('./ComplaintFigures.vue'), meta: { ...meta, cap: 'complaint.list' } },
      { path: 'fairs', name: 'complaints-fairs', component: () => import('./ComplaintFairs.vue'), meta: { ...meta, cap: 'complaint.list' } },
    ],
  },
];
