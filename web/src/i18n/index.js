import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';

export const LOCALES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];
const STORAGE_KEY = 'ipe.locale';

function initialLocale() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LOCALES.some((l) => l.code === saved)) return saved;
  } catch { /* storage disabled */ }
  return 'zh-CN'; // zh-CN by default, whatever the browser says
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale() {
  return i18n.global.locale.value;
}

export function setLocale(code) {
  i18n.global.locale.value = code;
  document.documentElement.lang = code;
  try { localStorage.setItem(STORAGE_KEY, code); } catch { /* ignore */ }
}
