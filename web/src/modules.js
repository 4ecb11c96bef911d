// The navigation: every module by its key (the API's module keys, GET /dashboard → modules[].key).
// `ready: false` modules route to the honest "建设中" page. Names come from i18n: modules.<key>.name.
import {
  HomeFilled, Flag, Folder, Aim, Monitor, Medal, ChatLineSquare, Delete, DataAnalysis, Setting,
} from '@element-plus/icons-vue';

export const MODULES = [
  { key: 'home', path: '/', icon: HomeFilled, ready: true },
  { key: 'plan', path: '/plan', icon: Flag, ready: true },
  { key: 'cases', path: '/cases', icon: Folder, ready: true },
  { key: 'leads', path: '/leads', icon: Aim, ready: true },
  { key: 'monitoring', path: '/monitoring', icon: Monitor, ready: true },
  { key: 'credit', path: '/credit', icon: Medal, ready: true },
  { key: 'complaints', path: '/complaints', icon: ChatLineSquare, ready: false },
  { key: 'destruction', path: '/destruction', icon: Delete, ready: false },
  { key: 'statistics', path: '/statistics', icon: DataAnalysis, ready: false },
  { key: 'admin', path: '/admin', icon: Setting, ready: true },
];

export function moduleByKey(key) {
  return MODULES.find((m) => m.key === key);
}
