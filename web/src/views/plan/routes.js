// Routes of the work-plan module (工作要点), children of the app shell (src/router.js spreads them in).
const meta = { module: 'plan', cap: 'plan.read' };

export const planRoutes = [
  {
    path: 'plan',
    component: () => import('./PlanModule.vue'),
    meta,
    children: [
      { path: '', name: 'plan', component: () => import('./PlanList.vue'), meta },
      {
        path: ':id(\\d+)',
        component: () => import('./PlanView.vue'),
        meta,
        children: [
          { path: '', name: 'plan-tree', component: () => import('./PlanTree.vue'), meta },
          { path: 'matrix', name: 'plan-matrix', component: () => import('./PlanMatrix.vue'), meta },
          { path: 'assignments', name: 'plan-assignments', component: () => import('./AssignmentsPanel.vue'), meta },
          { path: 'notices', name: 'plan-notices', component: () => import('./NoticesPanel.vue'), meta },
          { path: 'assessment', name: 'plan-assessment', component: () => import('./AssessmentPanel.vue'), meta },
        ],
      },
    ],
  },
];
