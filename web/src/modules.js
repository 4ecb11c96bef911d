// The navigation: every module by its key (the API's module keys, GET /dashboard → modules[].key).
// `ready: false` modules route to the honest "建设中" page. Names come from i18n: modules.<key>.name.
// `tabs`: the module's pages in menu order (route names); the menu shows a module when the session
// may open one of them and links to the first it may (router.js moduleEntry, issue 14).
import {
  HomeFilled, Flag, Folder, Aim, Monitor, Medal, ChatLineSquare, Delete, DataAnalysis, Setting,
} from '@element-plus/icons-vue';

export const MODULES = [
  { key: 'home', path: '/', icon: HomeFilled, ready: true, tabs: ['home'] },
  { key: 'plan', path: '/plan', icon: Flag, ready: true, tabs: ['plan'] },
  { key: 'cases', path: '/cases', icon: Folder, ready: true, tabs: ['cases', 'cases-incoming', 'cases-supervision', 'cases-alerts'] },
  { key: 'leads', path: '/leads', icon: Aim, ready: true, tabs: ['leads', 'leads-clusters', 'leads-alerts', 'leads-access'] },
  { key: 'monitoring', path: '/monitoring', icon: Monitor, ready: true, tabs: ['monitoring', 'monitoring-scan', 'monitoring-brands'] },
  { key: 'credit', path: '/credit', icon: Medal, ready: true, tabs: ['credit', 'credit-repairs', 'credit-serious-list', 'credit-subjects', 'credit-typical'] },
  { key: 'complaints', path: '/complaints', icon: ChatLineSquare, ready: true, tabs: ['complaints', 'complaints-new'] },
  { key: 'destruction', path: '/destruction', icon: Delete, ready: true, tabs: ['destruction', 'destruction-applications', 'destruction-reconciliation', 'destruction-summary', 'destruction-campaigns', 'destruction-units'] },
  { key: 'statistics', path: '/statistics', icon: DataAnalysis, ready: true, tabs: ['statistics', 'statistics-supervision', 'statistics-cooperation', 'statistics-publications'] },
  { key: 'admin', path: '/admin', icon: Setting, ready: true, tabs: ['admin-agencies', 'admin-users', 'admin-audit', 'admin-events'] },
];

export function moduleByKey(key) {
  return MODULES.find((m) => m.key === key);
}
