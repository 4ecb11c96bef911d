// History-mode routes (the server answers index.html for extension-less paths it does not know).
import { createRouter, createWebHistory } from 'vue-router';
import { MODULES } from './modules.js';
import { session, loadSession } from './api/session.js';
import { planRoutes } from './views/plan/routes.js';
import { casesRoutes } from './views/cases/routes.js';
import { leadsRoutes } from './views/leads/routes.js';
import { monitoringRoutes } from './views/monitoring/routes.js';
import { creditRoutes } from './views/credit/routes.js';
import { publicRoutes } from './views/public/routes.js';

const AppShell = () => import('./layouts/AppShell.vue');
const UnderConstruction = () => import('./views/UnderConstruction.vue');

const moduleRoutes = MODULES.filter((m) => !m.ready).map((m) => ({
  path: m.path.slice(1),
  name: m.key,
  component: UnderConstruction,
  meta: { module: m.key },
}));

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  ...publicRoutes,
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', name: 'home', component: () => import('./views/DashboardView.vue'), meta: { module: 'home' } },
      ...moduleRoutes,
      ...planRoutes,
      ...casesRoutes,
      ...leadsRoutes,
      ...monitoringRoutes,
      ...creditRoutes,
      {
        path: 'admin',
        component: () => import('./views/admin/AdminView.vue'),
        meta: { module: 'admin' },
        children: [
          { path: '', redirect: { name: 'admin-agencies' } },
          { path: 'agencies', name: 'admin-agencies', component: () => import('./views/admin/AgenciesPanel.vue'), meta: { module: 'admin' } },
          { path: 'users', name: 'admin-users', component: () => import('./views/admin/UsersPanel.vue'), meta: { module: 'admin' } },
          { path: 'audit', name: 'admin-audit', component: () => import('./views/admin/AuditPanel.vue'), meta: { module: 'admin' } },
        ],
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!session.checked) {
    try {
      await loadSession();
    } catch {
      // Server unreachable: the login page explains it when the user tries.
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return { path: safeRedirect(to.query.redirect) };
    return true;
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  return true;
});

/** Only same-app paths are followed after login (no open redirect). */
export function safeRedirect(target) {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
