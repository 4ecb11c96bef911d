import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { i18n, currentLocale } from './i18n/index.js';
import { onUnauthenticated } from './api/client.js';
import { dropSession } from './api/session.ts';
import './styles.css';
import { watchInputNames } from './a11y.js';

document.documentElement.lang = currentLocale();

// A 401 anywhere (session expired, logged out elsewhere) returns to the login page.
let redirecting = false;
onUnauthenticated(() => {
  const here = router.currentRoute.value;
  if (redirecting || here.name === 'login') return;
  redirecting = true;
  dropSession();
  router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } })
    .finally(() => { redirecting = false; });
});

createApp(App).use(i18n).use(router).mount('#app');
watchInputNames(document.body);
