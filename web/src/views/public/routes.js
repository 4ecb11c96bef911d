// The public portal (公示平台): no login, its own layout, zh-CN. Reads /api/v1/public/… only.
const meta = { public: true, portal: true };

export const publicRoutes = [
  {
    path: '/public',
    component: () => import('./PublicLayout.vue'),
    meta,
    children: [
      { path: '', name: 'public-search', component: () => import('./PublicSearch.vue'), meta },
      { path: 'records/:id', name: 'public-record', component: () => import('./PublicRecord.vue'), meta },
      { path: 'repairs', name: 'public-repair-status', component: () => import('./PublicRepairStatus.vue'), meta },
      { path: 'destruction-units', name: 'public-destruction-units', component: () => import('./PublicDestructionUnits.vue'), meta },
      { path: 'destruction-certificates/:no?', name: 'public-certificate', component: () => import('./PublicCertificate.vue'), meta },
      { path: 'annual-figures', name: 'public-annual-figures', component: () => import('./PublicAnnualFigures.vue'), meta },
      { path: 'typical-cases', name: 'public-typical', component: () => import('./PublicTypicalCases.vue'), meta },
      { path: 'typical-cases/:id(\\d+)', name: 'public-typical-case', component: () => import('./PublicTypicalCase.vue'), meta },
      { path: 'complaints', name: 'public-complaint', component: () => import('./PublicComplaintForm.vue'), meta },
      { path: 'complaints/status', name: 'public-complaint-status', component: () => import('./PublicComplaintStatus.vue'), meta },
    ],
  },
];
