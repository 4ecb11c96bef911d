// Routes of the monitoring module (监测), children of the app shell (src/router.js spreads them in).
const meta = { module: 'monitoring' };

export const monitoringRoutes = [
  {
    path: 'monitoring',
    component: () => import('./MonitoringView.vue'),
    meta,
    children: [
      { path: '', name: 'monitoring', component: () => import('./HitsPanel.vue'), meta: { ...meta, cap: 'monitoring.queue' } },
      { path: 'scan', name: 'monitoring-scan', component: () => import('./ScanPanel.vue'), meta: { ...meta, cap: 'monitoring.scan' } },
      { path: 'brands', name: 'monitoring-brands', component: () => import('./BrandsPanel.vue'), meta: { ...meta, cap: 'monitoring.queue' } },
    ],
  },
];
