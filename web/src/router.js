// History-mode routes (the server answers index.html for extension-less paths it does not know).
import { createRouter, createWebHistory } from 'vue-router';
import { MODULES } from './modules.js';
import { session, loadSession } from './api/session.ts';
import { matchedAllowed, landingRoute, moduleTab } from './capabilities.js';
import { pageTitle } from './pageTitles.js';
import { i18n } from './i18n/index.js';
import { planRoutes } from './views/plan/routes.js';
import { casesRoutes } from './views/cases/routes.js';
import { leadsRoutes } from './views/leads/routes.js';
import { monitoringRoutes } from './views/monitoring/routes.js';
import { creditRoutes } from './views/credit/routes.js';
import { destructionRoutes } from './views/destruction/routes.js';
import { complaintsRoutes } from './views/complaints/routes.js';
import { statisticsRoutes } from './views/statistics/routes.js';
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
      { path: '', name: 'home', component: () => import('./views/workbench/WorkbenchView.vue'), meta: { module: 'home' } },
      ...moduleRoutes,
      ...planRoutes,
      ...casesRoutes,
      ...leadsRoutes,
      ...monitoringRoutes,
      ...creditRoutes,
      ...destructionRoutes,
      ...complaintsRoutes,
      ...statisticsRoutes,
      {
        path: 'admin',
        component: () => import('./views/admin/AdminView.vue'),
        meta: { module: 'admin' },
        children: [
          { path: '', redirect: { name: 'admin-agencies' } },
          { path: 'agencies', name: 'admin-agencies', component: () => import('./views/admin/AgenciesPanel.vue'), meta: { module: 'admin', cap: 'agency.read' } },
          { path: 'users', name: 'admin-users', component: () => import('./views/admin/UsersPanel.vue'), meta: { module: 'admin', cap: 'user.read' } },
          { path: 'audit', name: 'admin-audit', component: () => import('./views/admin/AuditPanel.vue'), meta: { module: 'admin', cap: 'audit.read' } },
          { path: 'events', name: 'admin-events', component: () => import('./views/admin/EventsPanel.vue'), meta: { module: 'admin', cap: 'event_subscription.manage' } },
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
  // A page the session may not open (a deep link, an old bookmark): the module's first page it
  // may open, else the landing page — never a 无权访问 answer (issue 14).
  if (!matchedAllowed(session.capabilities, to.matched)) {
    const m = MODULES.find((x) => x.key === to.meta.module);
    const other = m && m.tabs ? moduleTab(session.user, m.key, m.tabs, routeAllowed) : null;
    return { name: other || landingRoute(session.user), replace: true };
  }
  return true;
});

// A title per page in the browser tab (and in screen readers' window lists).
router.afterEach((to) => {
  document.title = pageTitle(to, i18n.global.t, i18n.global.te);
});

/** Whether the session may open the named route (menus, tabs, buttons). */
export function routeAllowed(name) {
  const r = router.resolve({ name, params: { id: '0' } });
  return r.matched.length > 0 && matchedAllowed(session.capabilities, r.matched);
}

/** Where a module's menu entry leads for this session: the role's default tab (capabilities.js
 * DEFAULT_TABS) or the module's first page the session may open. */
export function moduleEntry(m) {
  if (!m.tabs) return m.path;
  const name = moduleTab(session.user, m.key, m.tabs, routeAllowed);
  return name ? router.resolve({ name }).path : null;
}

/** Only same-app paths are followed after login (no open redirect). */
export function safeRedirect(target) {
  if (typeof target === 'string' && target.startsWith('/') && !target.startsWith('//')) return target;
  return router.resolve({ name: landingRoute(session.user) }).path;
}
