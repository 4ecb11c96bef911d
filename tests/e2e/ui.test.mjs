// Browser tests of the web UI: Debian's Chromium driven by playwright-core, against a running server.
//   IPE_URL, IPE_ADMIN_LOGIN, IPE_ADMIN_PASSWORD — see tests/e2e/run.sh.
// The tests run in order and share one browser profile (a fresh temporary user-data-dir).
// Every page must be free of script errors; the only failed requests allowed are the ones a step
// provokes on purpose (wrong password, weak password, permission denial, server down).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const BASE = (process.env.IPE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const ADMIN = process.env.IPE_ADMIN_LOGIN || 'admin';
const ADMIN_PASSWORD = process.env.IPE_ADMIN_PASSWORD || 'Admin@12345';
const ARTIFACTS = join(root, 'tests', 'artifacts');
const TIMEOUT = 15_000;

const MODULES = [
  { key: 'home', zh: '工作台', en: 'Workbench', path: '/' },
  { key: 'plan', zh: '工作要点', en: 'Work plan', path: '/plan' },
  { key: 'cases', zh: '案件', en: 'Cases', path: '/cases' },
  { key: 'leads', zh: '线索', en: 'Leads', path: '/leads' },
  { key: 'monitoring', zh: '监测', en: 'Monitoring', path: '/monitoring' },
  { key: 'credit', zh: '信用', en: 'Credit', path: '/credit' },
  { key: 'complaints', zh: '投诉', en: 'Complaints', path: '/complaints' },
  { key: 'destruction', zh: '销毁', en: 'Destruction', path: '/destruction' },
  { key: 'statistics', zh: '统计', en: 'Statistics', path: '/statistics' },
  { key: 'admin', zh: '系统管理', en: 'Administration', path: '/admin/agencies' },
];

// Always holds a digit: the page-text check takes a run of letters without one for an English word, and
// a base-36 millisecond clock is letters only about one run in ten ('mxcoojsd').
const stamp = `${Date.now().toString(36)}7`;
const NEW_USER = { login: `e2e_${stamp}`, name: `测试执法员${stamp.slice(-4)}`, password: 'E2e-Officer#2026' };

let context;
let page;
let profileDir;
const scriptErrors = []; // console errors and uncaught exceptions
const badResponses = []; // HTTP >= 400 not expected by the current step
let expected = []; // [{status, path}] the current step provokes

function expect(...items) {
  expected = items;
}

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function waitIdle() {
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => {});
}

async function loginThroughForm(login, password, { stay = false } = {}) {
  if (!stay) await page.goto(`${BASE}/login`);
  const text = page.locator('input[name="login"]');
  await text.waitFor({ timeout: TIMEOUT });
  await text.fill('');
  await text.pressSequentially(login);
  const pass = page.locator('input[type="password"]');
  await pass.fill('');
  await pass.pressSequentially(password);
  await pass.press('Enter');
}

async function clickNav(key) {
  await page.locator(`[data-test="nav"] [data-module="${key}"]`).click();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), 'ipe-e2e-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.IPE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => scriptErrors.push(`pageerror: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium reports every HTTP error response as a console error; those are judged below.
    if (/^Failed to load resource/.test(msg.text())) return;
    scriptErrors.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const path = new URL(res.url()).pathname;
    if (expected.some((e) => e.status === res.status() && path.startsWith(e.path))) return;
    badResponses.push(`${res.status()} ${res.request().method()} ${path}`);
  });
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

test('login page says 登录 and explains errors', async () => {
  // Not logged in yet: GET /session answers 401 and the app shows the login page.
  expect({ status: 401, path: '/api/v1/session' });
  await page.goto(`${BASE}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole('button', { name: '登录' }).waitFor();
  assert.match(await page.locator('body').innerText(), /登录/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await waitIdle();
  await shot('01-login');

  // Wrong password: a clear message, no navigation. (An unknown login, so that repeated runs against
  // one server never lock the real admin out: the server answers both cases alike.)
  await loginThroughForm(`nobody_${stamp}`, `${ADMIN_PASSWORD}-wrong`);
  await page.locator('[data-test="login-error"]').waitFor();
  assert.match(await page.locator('[data-test="login-error"]').innerText(), /登录名或密码错误/);
  assert.match(page.url(), /\/login/);

  // Server unreachable: the request fails at the network level.
  await page.route('**/api/v1/session', (route) => route.abort('connectionrefused'));
  await loginThroughForm(ADMIN, ADMIN_PASSWORD);
  await page.locator('[data-test="login-error"]').getByText('无法连接服务器').waitFor();
  await page.unroute('**/api/v1/session');
  await shot('01b-login-server-down');

  // Locked out (429) and database down (503), as the server words them.
  for (const [status, detail, shown] of [
    [429, '登录失败次数过多，请 15 分钟后再试 (too many failed logins)', /登录失败次数过多/],
    [503, '数据库不可用', /服务暂不可用/],
  ]) {
    await page.route('**/api/v1/session', (route) => route.fulfill({
      status,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'x', status, detail, code: 'x' }),
    }));
    expect({ status, path: '/api/v1/session' });
    await loginThroughForm(ADMIN, ADMIN_PASSWORD);
    await page.locator('[data-test="login-error"]').getByText(shown).first().waitFor();
    await page.unroute('**/api/v1/session');
  }
});

test('admin logs in through the form; the 工作台 lists 待办, figures and the map', async () => {
  expect();
  await loginThroughForm(ADMIN, ADMIN_PASSWORD);
  await page.waitForURL(`${BASE}/`);
  const nav = page.locator('[data-test="nav"]');
  await nav.waitFor();
  const navText = await nav.innerText();
  for (const m of MODULES) assert.ok(navText.includes(m.zh), `navigation lists ${m.zh}`);
  const who = await page.locator('[data-test="who"]').innerText();
  assert.match(who, new RegExp(ADMIN));
  assert.match(who, /全国/);
  // 待办, figures and the national map from /api/v1/workbench (a canvas drawn by ECharts).
  await page.locator('[data-test="todo"]').waitFor();
  await page.locator('[data-test="kpis"] [data-kpi="cases_total"]').waitFor();
  await page.locator('[data-test="region-map"] canvas, [data-test="map-empty"]').first().waitFor();
  await waitIdle();
  await page.waitForTimeout(600); // the map's entry animation
  await shot('02-dashboard');
});

test('every navigation entry opens its page', async () => {
  // Until the server has the cases API, the 案件 page's list request answers 404 (the cases block below skips).
  expect(...(await casesApiAvailable() ? [] : [{ status: 404, path: '/api/v1/cases' }]),
    ...(await plansApiAvailable() ? [] : [{ status: 404, path: '/api/v1/plans' }]));
  for (const m of MODULES) {
    await clickNav(m.key);
    await page.waitForURL(`${BASE}${m.path}`);
    if (m.key === 'home') {
      await page.locator('[data-test="todo"]').waitFor();
    } else if (m.key === 'admin') {
      await page.locator('.el-table__body tr').first().waitFor();
    } else if (m.key === 'plan') {
      await page.locator('[data-test="plan-list"]').waitFor();
      await waitIdle();
    } else if (m.key === 'cases') {
      await page.locator('[data-test="cases-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'leads') {
      await page.locator('[data-test="leads-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'monitoring') {
      await page.locator('[data-test="monitoring-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'credit') {
      await page.locator('[data-test="credit-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'destruction') {
      await page.locator('[data-test="destruction-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'complaints') {
      await page.locator('[data-test="complaints-tabs"]').waitFor();
      await waitIdle();
    } else if (m.key === 'statistics') {
      await page.locator('[data-test="stat-total"]').waitFor();
      await waitIdle();
    } else {
      const uc = page.locator('[data-test="under-construction"]');
      await uc.waitFor();
      const text = await uc.innerText();
      assert.match(text, /建设中/, `${m.zh} says 建设中`);
      assert.ok(text.includes(m.zh), `${m.zh} page names the module`);
    }
  }
  await clickNav('statistics');
  await page.locator('[data-test="stat-total"]').waitFor();
  assert.match(await page.locator('[data-test="nav"] .is-active').innerText(), /统计/);
  // A deep link works too (history routing with the server's SPA fallback).
  await page.goto(`${BASE}/admin/agencies`);
  await page.locator('.el-table__body tr').first().waitFor();
  await waitIdle();
  await shot('04-admin-agencies');
});

test('系统管理: create an agency (region cascader three levels deep, level follows the region)', async () => {
  expect();
  const name = `深圳市南山区测试局${stamp}`;
  await page.goto(`${BASE}/admin/agencies`);
  await page.locator('.el-table__body tr').first().waitFor();
  await page.locator('[data-test="agency-create"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '新建机构' });
  await dialog.waitFor();
  await dialog.locator('input').first().fill(name);
  await dialog.locator('.region-picker').click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '广东省' }).first().click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '深圳市' }).first().click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '南山区' }).first().locator('.el-radio').click();
  await page.keyboard.press('Escape');
  assert.equal(await dialog.locator('.el-radio.is-checked').innerText(), '县级');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.dt-filters input').first().fill(name);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: name });
  await row.first().waitFor();
  assert.match(await row.first().innerText(), /深圳市南山区/);
});

test('系统管理: create a user, with server-side validation shown on the field', async () => {
  await page.goto(`${BASE}/admin/users`);
  await page.locator('.el-table__body tr').first().waitFor();
  await page.locator('[data-test="user-create"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '新建用户' });
  await dialog.waitFor();
  await dialog.locator('input[name="new-login"]').fill(NEW_USER.login);
  await dialog.locator('input[name="display_name"]').fill(NEW_USER.name);
  await dialog.locator('input[name="new-password"]').fill('short'); // violates the policy
  await dialog.locator('[data-role="officer"]').click();
  // Agency: search and pick 上海市市场监督管理局.
  await dialog.locator('.agency-picker').click();
  await page.keyboard.type('上海市市场');
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '上海市市场监督管理局' }).first().click();
  // Region scope: 上海市 (a province-level node: its radio, not its label, selects it).
  await dialog.locator('.region-picker').click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '上海市' }).first().locator('.el-radio').click();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(200);

  expect({ status: 400, path: '/api/v1/users' });
  await dialog.locator('[data-test="user-save"]').click();
  const fieldError = dialog.locator('.el-form-item.is-error .el-form-item__error');
  await fieldError.first().waitFor();
  assert.match(await dialog.locator('.el-form-item.is-error').first().innerText(), /密码/);
  await shot('05-user-validation');

  expect();
  await dialog.locator('input[name="new-password"]').fill(NEW_USER.password);
  await dialog.locator('[data-test="user-save"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').first().waitFor();

  // Find it through the filter.
  await page.locator('.dt-filters input').first().fill(NEW_USER.login);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: NEW_USER.login });
  await row.first().waitFor();
  const rowText = await row.first().innerText();
  assert.match(rowText, /执法人员/);
  assert.match(rowText, /上海市市场监督管理局/);
  await shot('06-user-created');

  // Export: a CSV of the current filter (BOM, header, the one row).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'CSV starts with a BOM');
  const lines = csv.trim().split('\r\n');
  assert.match(lines[0], /登录名/);
  assert.equal(lines.length, 2, 'header + the filtered user');
  assert.match(lines[1], new RegExp(NEW_USER.login));

  // Edit shows the stored agency and region scope (lazy cascader loads the path).
  await row.first().getByRole('button', { name: '编辑' }).click();
  const edit = page.locator('.el-dialog').filter({ hasText: '编辑用户' });
  await edit.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.el-dialog .region-picker input')]
    .some((i) => i.value.includes('上海市')));
  assert.match(await edit.locator('.agency-picker').innerText(), /上海市市场监督管理局/);
  await edit.getByRole('button', { name: '取消' }).click();
  await edit.waitFor({ state: 'hidden' });

  // Reset the password; the low-privilege test logs in with the new one.
  await row.first().getByRole('button', { name: '重置密码' }).click();
  const reset = page.locator('.el-dialog').filter({ hasText: '重置密码' });
  await reset.waitFor();
  NEW_USER.password = 'Reset-Officer#2027';
  await reset.locator('input[type="password"]').fill(NEW_USER.password);
  await reset.getByRole('button', { name: '确定' }).click();
  await reset.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').filter({ hasText: '密码已重置' }).waitFor();
});

test('审计日志: chain verified, filter by action', async () => {
  expect();
  await page.goto(`${BASE}/admin/audit`);
  await page.locator('[data-test="chain-ok"]').waitFor();
  assert.match(await page.locator('[data-test="chain-ok"]').innerText(), /审计链校验通过/);
  // The action is chosen by its name (issue 14) — typing the code would match no option and leave
  // the filter empty — and every row shown is then that action, never its raw code.
  await pickOption(page.locator('[data-test="audit-action"]'), '新建用户');
  await page.getByRole('button', { name: '查询' }).click();
  const rows = page.locator('.el-table__body tr');
  await rows.filter({ hasText: '新建用户' }).first().waitFor();
  await waitIdle();
  const shown = await rows.allInnerTexts();
  assert.ok(shown.length > 0);
  for (const row of shown) assert.match(row, /新建用户/, `a row of another action: ${row}`);
  assert.equal(await rows.filter({ hasText: 'user.create' }).count(), 0, 'no raw action code');
  await waitIdle();
  await shot('07-audit');
});

test('API 令牌: create one under 我的 API 令牌 (secret shown once); the admin sees it under 用户 and revokes it', async () => {
  expect();
  const name = `e2e-token-${stamp}`;
  await page.goto(`${BASE}/`);
  await page.locator('[data-test="my-tokens-button"]').click();
  const mine = page.locator('.el-dialog').filter({ hasText: '我的 API 令牌' });
  await mine.waitFor();
  await mine.locator('input').first().fill(name);
  await mine.locator('[data-test="token-create"]').click();
  await mine.locator('[data-test="token-secret"]').waitFor();
  assert.match(await mine.locator('[data-test="token-secret"]').innerText(), /ipe_[0-9a-f]{64}/);
  await mine.locator('.el-table__body tr').filter({ hasText: name }).waitFor();
  await shot('08-my-tokens');
  await page.keyboard.press('Escape');
  await mine.waitFor({ state: 'hidden' });

  await page.goto(`${BASE}/admin/users`);
  await page.locator('.dt-filters input').first().fill(ADMIN);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: '系统管理员' });
  await row.first().waitFor();
  await row.first().locator('[data-test="user-tokens"]').click();
  const tokens = page.locator('.el-dialog').filter({ hasText: 'API 令牌：' });
  const line = tokens.locator('.el-table__body tr').filter({ hasText: name });
  await line.waitFor();
  await line.locator('[data-test="token-revoke"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '令牌已吊销' }).waitFor();
  await line.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
});

test('事件推送: the admin subscribes the police\'s system (secret shown once), disables it after a refused URL', async () => {
  expect({ status: 400, path: '/api/v1/event-subscriptions' });
  const name = `e2e公安系统${stamp}`;
  await page.goto(`${BASE}/admin/events`);
  await page.locator('[data-test="add-subscription"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '新建订阅' });
  await dialog.waitFor();
  await dialog.locator('[data-test="subscription-account"]').click();
  await page.keyboard.type('sh_police');
  await page.locator('.el-select-dropdown__item').filter({ hasText: 'sh_police' }).first().click();
  await dialog.locator('[data-test="subscription-name"]').fill(name);
  await dialog.locator('.el-checkbox').filter({ hasText: '移送公安机关' }).click();
  await dialog.locator('[data-test="subscription-url"]').fill('ftp://wrong');
  await dialog.locator('[data-test="save-subscription"]').click();
  // The server's field error lands on the URL field; nothing is created.
  await dialog.locator('.el-form-item__error').filter({ hasText: 'https://' }).waitFor();
  await dialog.locator('[data-test="subscription-url"]').fill('https://police.example/ipenforce/events');
  await dialog.locator('[data-test="save-subscription"]').click();
  const secret = page.locator('[data-test="subscription-secret"]');
  await secret.waitFor();
  assert.match(await secret.inputValue(), /^whsec_[A-Za-z0-9+/=]{44}$/);
  await dialog.waitFor({ state: 'hidden' });
  await shot('08b-event-subscription-secret');
  await page.locator('.el-dialog').filter({ hasText: '签名密钥' }).getByRole('button', { name: '确定' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: name });
  await row.waitFor();
  await row.locator('[data-test="disable-subscription"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '订阅已停用' }).waitFor();
  await row.filter({ hasText: '已停用' }).waitFor();
});

test('language switches to English and back', async () => {
  expect();
  await page.goto(`${BASE}/`);
  await page.locator('[data-test="lang-button"]').click();
  await page.locator('.el-dropdown-menu__item[data-locale="en"]:visible').click();
  const nav = page.locator('[data-test="nav"]');
  await nav.getByText('Administration').waitFor();
  const navText = await nav.innerText();
  for (const m of MODULES) assert.ok(navText.includes(m.en), `English navigation lists ${m.en}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.locator('.el-dropdown-menu:visible').waitFor({ state: 'hidden' }).catch(() => {});
  await page.locator('[data-test="kpis"] [data-kpi="cases_total"]').waitFor();
  await page.waitForTimeout(600); // the map's entry animation
  await shot('08-dashboard-en');
  await page.locator('[data-test="lang-button"]').click();
  await page.locator('.el-dropdown-menu__item[data-locale="zh-CN"]:visible').click();
  await nav.getByText('系统管理').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
});

test('an expired session returns to the login page, then to where the user was', async () => {
  expect({ status: 401, path: '/api/v1/' });
  await context.clearCookies(); // as if the session expired on the server
  await clickNav('admin');
  await page.waitForURL(/\/login\?.*expired=1/);
  await page.getByText('登录已失效').waitFor();
  expect();
  await loginThroughForm(ADMIN, ADMIN_PASSWORD, { stay: true });
  await page.waitForURL(`${BASE}/admin/agencies`);
  await page.locator('.el-table__body tr').first().waitFor();
});

test('a low-privilege user is not offered what the server would refuse (issue 14)', async () => {
  expect();
  await page.locator('[data-test="logout"]').click();
  await page.waitForURL(/\/login/);
  await loginThroughForm(NEW_USER.login, NEW_USER.password);
  await page.waitForURL(`${BASE}/`);
  assert.match(await page.locator('[data-test="who"]').innerText(), /上海市/);
  // An officer has no 系统管理 entry: users, roles and the audit log are not theirs.
  assert.equal(await page.locator('[data-test="nav"] [data-module="admin"]').count(), 0, 'no 系统管理 for an officer');
  await shot('09-officer-menu');
  // A deep link lands on the 工作台 instead of a 无权访问 page …
  await page.goto(`${BASE}/admin/users`);
  await page.waitForURL(`${BASE}/`);
  await page.locator('[data-test="todo"]').waitFor();
  assert.equal(await page.locator('[data-test="forbidden"]').count(), 0);
  // … and the server still decides: it refuses the list with its reason.
  const res = await context.request.get(`${BASE}/api/v1/users`, { failOnStatusCode: false });
  assert.equal(res.status(), 403);
  assert.match((await res.json()).detail, /无权查看用户列表/);
  await page.locator('[data-test="logout"]').click();
  await page.waitForURL(/\/login/);
});

// --- 案件 and 两法衔接 (web/src/views/cases/; docs/ui.md "Cases pages") ------------------------------
// A case over the 假冒注册商标罪 threshold goes through the Decree-310 transfer: sh_officer registers it
// and starts the transfer, sh_head approves, sh_officer sends it to 上海市公安局, sh_police receives and
// files it, sh_prosecutor sees it on 检察监督. Skips itself (saying why) while the server has no cases API.
const DEMO_PASSWORD = process.env.IPE_DEMO_PASSWORD || 'Demo@12345';
const CASE = { number: `E2E-${stamp}`, title: `e2e${stamp}沪牌假冒注册商标案`, uscc: '91310115MA1H7L2C0C' };
let casesApiState = null;

/** Whether the server routes /api/v1/cases (401 without a session, 200 with one; 404 = not there yet). */
async function casesApiAvailable() {
  if (casesApiState === null) {
    const res = await context.request.get(`${BASE}/api/v1/cases`, { failOnStatusCode: false });
    casesApiState = res.status() !== 404;
  }
  return casesApiState;
}
const CASES_SKIP = 'the server does not answer GET /api/v1/cases yet (404): cases browser steps skipped';

async function logoutIfIn() {
  if (await page.locator('[data-test="logout"]').count()) {
    await page.locator('[data-test="logout"]').click();
    await page.waitForURL(/\/login/);
  }
}
async function loginAs(login) {
  await logoutIfIn();
  await loginThroughForm(login, DEMO_PASSWORD);
  // Each role lands on its own page (the police on 移送接收, issue 14); wait until the login page is left.
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('[data-test="nav"]').waitFor();
}
async function pickOption(selectLocator, text) {
  await selectLocator.click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first().click();
}
async function transferAction(action, fill) {
  await page.locator(`[data-test="transfer-actions"] [data-action="${action}"]`).click();
  const dialog = page.locator('[data-test="transfer-action-dialog"]:visible');
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.locator('[data-test="action-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').last().waitFor();
}
let caseUrl = '';

// --- 工作要点 (web/src/views/plan/; docs/ui.md "Work-plan pages") ----------------------------------
// The demo has the 2020 national plan imported (35 tasks, reports in several states, one overdue, a
// 督办 notice, a rubric and scores). The office opens the tree and the matrix; cnipa_officer (国家知识产权局)
// sees only its own assignments and reports, first with a figure the server refuses; the office sends a
// 督办 notice that cnipa_officer acknowledges, and reads the ranking. Skips itself while the server has no
// plans API (404).
let plansApiState = null;
async function plansApiAvailable() {
  if (plansApiState === null) {
    const res = await context.request.get(`${BASE}/api/v1/plans`, { failOnStatusCode: false });
    plansApiState = res.status() !== 404;
  }
  return plansApiState;
}
const PLANS_SKIP = 'the server does not answer GET /api/v1/plans yet (404): work-plan browser steps skipped';
const NOTICE_TITLE = `关于加快推进${stamp}专项整治任务的督办通知`;
let planUrl = '';

async function openDemoPlan() {
  await clickNav('plan');
  await page.waitForURL(`${BASE}/plan`);
  const row = page.locator('.el-table__body tr').filter({ hasText: '2020' }).filter({ hasText: '工作要点' });
  await row.first().waitFor();
  await row.first().locator('[data-test="plan-open"]').click();
  await page.waitForURL(/\/plan\/\d+$/);
  await page.locator('[data-test="plan-task"]').first().waitFor();
  planUrl = page.url();
}

test('工作要点: the office opens the 2020 plan — 35 tasks in the tree and the matrix, import preview, XLSX export', async (t) => {
  if (!(await plansApiAvailable())) { t.skip(PLANS_SKIP); return; }
  expect();
  await loginAs('office');

  // Import preview (dry run): the seed document is the demo plan, so the server says it is imported
  // already (409); the same text as a 2021 plan previews with its counts. Nothing is stored.
  await clickNav('plan');
  await page.waitForURL(`${BASE}/plan`);
  await page.locator('[data-test="plan-import"]').click();
  const seed = join(root, 'data', 'plans', '2020-national-work-plan.txt');
  await page.locator('[data-test="plan-import-file"]').setInputFiles(seed);
  await page.locator('[data-test="plan-import-encoding"]').waitFor();
  expect({ status: 409, path: '/api/v1/plans' });
  await page.locator('[data-test="plan-import-preview-button"]').click();
  await page.locator('[data-test="plan-import-form"] [data-test="form-error"]').getByText('已导入').waitFor();
  expect();
  const text2021 = readFileSync(seed, 'utf8').replaceAll('2020 年全国打击侵犯知识产权', '2021 年全国打击侵犯知识产权');
  await page.locator('textarea[data-test="plan-import-text"]').fill(text2021);
  await page.locator('[data-test="plan-import-preview-button"]').click();
  const preview = page.locator('[data-test="plan-import-preview"]');
  await preview.waitFor();
  assert.match(await preview.locator('[data-test="preview-sections"]').innerText(), /\b7\b/);
  assert.match(await preview.locator('[data-test="preview-tasks"]').innerText(), /\b35\b/);
  assert.ok(await page.locator('[data-test="plan-import-submit"]').isEnabled(), 'import offered for the previewed text');
  await shot('40-plan-import-preview');
  await page.locator('.el-dialog').filter({ hasText: '导入工作要点' }).getByRole('button', { name: '取消' }).click();

  await openDemoPlan();
  assert.equal(await page.locator('[data-test="plan-task"]').count(), 35, '35 tasks in the tree');
  assert.match(await page.locator('[data-test="plan-summary"]').innerText(), /7 个部分 · 35 项任务/);
  // Task 21 is led by 最高人民检察院 (with the leading group office).
  const t21 = page.locator('[data-test="plan-task"][data-task="21"]');
  assert.match(await t21.locator('[data-test="plan-assignment"][data-agency="最高人民检察院"]').first().innerText(), /牵头/);
  assert.ok(await page.locator('[data-test="plan-assignment"][data-status="overdue"]').count() >= 1, 'the overdue assignment is red');
  await waitIdle();
  await shot('41-plan-tree');

  await page.getByRole('tab', { name: '进度矩阵' }).click();
  await page.waitForURL(/\/plan\/\d+\/matrix$/);
  await page.locator('[data-test="matrix-cell"]').first().waitFor();
  assert.equal(await page.locator('[data-test="matrix-task"]').count(), 35, '35 task columns in the matrix');
  assert.ok(await page.locator('[data-test="matrix-cell"][data-status="overdue"]').count() >= 1, 'an overdue cell');
  assert.ok(await page.locator('[data-test="matrix-cell"][data-status="blocked"]').count() >= 1, 'a blocked cell');
  await waitIdle();
  await shot('42-plan-matrix');

  // Drill down: the overdue cell opens its assignment with the report history.
  await page.locator('[data-test="matrix-cell"][data-status="overdue"]').first().click();
  const drawer = page.locator('.el-drawer').filter({ hasText: '分工详情' });
  await drawer.waitFor();
  await drawer.locator('[data-test="drawer-overdue"]').waitFor();
  await drawer.locator('[data-test="drawer-reports"]').waitFor();
  await page.waitForTimeout(400); // drawer slide-in
  await shot('43-plan-drawer-overdue');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });

  // Another period: statuses from that period's reports; the export follows it.
  await pickOption(page.locator('[data-test="matrix-period"]'), '2020年第四季度');
  await waitIdle();
  assert.equal(await page.locator('[data-test="matrix-task"]').count(), 35);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="matrix-export"]').click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const xlsx = readFileSync(await download.path());
  assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
});

test('工作要点: cnipa_officer sees only its own assignments and reports progress; the server refuses a negative figure on its field', async (t) => {
  if (!(await plansApiAvailable())) { t.skip(PLANS_SKIP); return; }
  expect();
  await loginAs('cnipa_officer');
  await openDemoPlan();
  await page.locator('[data-test="plan-filtered-note"]').waitFor();
  const chips = page.locator('[data-test="plan-assignment"]');
  const agencies = await chips.evaluateAll((els) => [...new Set(els.map((e) => e.dataset.agency))]);
  assert.deepEqual(agencies, ['国家知识产权局'], 'only its own agency');
  const tasks = await page.locator('[data-test="plan-task"]').count();
  assert.ok(tasks > 0 && tasks < 35, `a filtered tree (${tasks} tasks)`);
  await shot('44-plan-tree-cnipa');

  // Report on the first assignment; a negative figure is the server's to refuse (figures.<name>).
  await chips.first().click();
  const drawer = page.locator('.el-drawer').filter({ hasText: '分工详情' });
  await drawer.waitFor();
  const form = drawer.locator('[data-test="report-form"]');
  await form.waitFor();
  await form.locator('[data-test="report-status"] [data-status="in_progress"]').click();
  const narrative = `e2e${stamp}：本季度开展专利侵权纠纷行政裁决专项工作，办结案件 12 件。`;
  await form.locator('textarea[data-test="report-narrative"]').fill(narrative);
  await form.locator('[data-test="report-figure-add"]').click();
  await form.locator('input[data-test="report-figure-name"]').fill('办结案件');
  await form.locator('input[data-test="report-figure-value"]').fill('-12');
  await form.locator('[data-test="report-files"]').setInputFiles({ name: '进展说明.txt', mimeType: 'text/plain', buffer: Buffer.from('专项工作进展说明（测试附件）') });
  expect({ status: 400, path: '/api/v1/plan-assignments/' }, { status: 422, path: '/api/v1/plan-assignments/' });
  await form.locator('[data-test="report-submit"]').click();
  // A report cannot be changed once sent: the officer confirms, told so.
  const confirmBox = page.locator('.el-message-box');
  assert.match(await confirmBox.innerText(), /不能修改或撤回/);
  await confirmBox.getByRole('button', { name: '确定' }).click();
  const bad = form.locator('.el-form-item.is-error');
  await bad.first().waitFor();
  assert.match(await bad.first().innerText(), /工作数据/);
  await page.waitForTimeout(300);
  await shot('45-plan-report-field-error');

  expect();
  await form.locator('input[data-test="report-figure-value"]').fill('12');
  await form.locator('[data-test="report-submit"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '进展已报送' }).waitFor();
  const newest = drawer.locator('[data-test="report"]').first();
  await newest.getByText(narrative).waitFor();
  assert.match(await newest.innerText(), /办结案件：12/);
  assert.match(await newest.innerText(), /进展说明\.txt/);
  await shot('46-plan-report-submitted');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
});

test('工作要点: the office sends a 督办 notice, the agency acknowledges it, the office reads the ranking', async (t) => {
  if (!(await plansApiAvailable())) { t.skip(PLANS_SKIP); return; }
  assert.ok(planUrl, 'the plan was opened');
  expect();
  await loginAs('office');
  await page.goto(`${planUrl}/notices`);
  await page.locator('[data-test="notice-create"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '发送通知' });
  await dialog.waitFor();
  await dialog.locator('[data-test="notice-kind"] [data-kind="supervision"]').click();
  await pickOption(dialog.locator('[data-test="notice-agency"]'), '国家知识产权局');
  await dialog.locator('input[data-test="notice-title"]').fill(NOTICE_TITLE);
  await dialog.locator('textarea[data-test="notice-text"]').fill('请于十个工作日内报送专项整治任务的推进情况及下一步措施。');
  await dialog.locator('[data-test="notice-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('.el-table__body tr').filter({ hasText: NOTICE_TITLE });
  await row.first().waitFor();
  assert.match(await row.first().innerText(), /督办/);
  assert.match(await row.first().innerText(), /待签收/);
  await shot('47-plan-notices');

  await page.getByRole('tab', { name: '考核评价' }).click();
  const ranking = page.locator('[data-test="ranking"] .el-table__body tr');
  await ranking.nth(1).waitFor();
  assert.match(await ranking.first().innerText(), /^\s*1\b/);
  await waitIdle();
  await shot('48-plan-ranking');

  await loginAs('cnipa_officer');
  await page.goto(`${planUrl}/notices`);
  const mine = page.locator('.el-table__body tr').filter({ hasText: NOTICE_TITLE });
  await mine.first().locator('[data-test="notice-ack"]').click();
  await mine.first().locator('[data-test="notice-acked"]').waitFor();
  assert.equal(await page.locator('[data-test="notice-create"]').count(), 0, 'no send button for an agency');
  await logoutIfIn();
});

test('工作要点: the office assigns the generic holder 有关部门 of task 7 to 公安部 (指定单位); it stays as history', async (t) => {
  if (!(await plansApiAvailable())) { t.skip(PLANS_SKIP); return; }
  assert.ok(planUrl, 'the plan was opened');
  expect();
  await loginAs('office');
  await page.goto(planUrl);
  const item = page.locator('[data-test="plan-item"][data-key="1.7.1"]');
  await item.waitFor();
  const holder = item.locator('[data-test="plan-unassigned"]').filter({ hasText: '有关部门' });
  assert.equal(await item.locator('[data-test="plan-assignment"][data-agency="公安部"]').count(), 0, 'no 公安部 on 1.7.1 yet');
  await holder.locator('[data-test="holder-assign"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '指定责任单位' });
  await dialog.waitFor();
  await pickOption(dialog.locator('[data-test="holder-assign-agencies"]'), '公安部');
  await dialog.locator('.hint').click(); // closes the multiple-select dropdown
  await dialog.locator('[data-test="holder-assign-save"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await item.locator('[data-test="plan-assignment"][data-agency="公安部"]').waitFor();
  assert.equal(await item.locator('[data-test="plan-unassigned"]').filter({ hasText: '有关部门' }).count(), 0, 'the holder is no longer unassigned');
  assert.match(await item.locator('[data-test="plan-resolved"]').innerText(), /有关部门/);
  await waitIdle();
  await shot('49-plan-holder-assigned');
  await logoutIfIn();
});

test('案件: an officer registers a case over the 假冒注册商标罪 threshold and starts the transfer', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await loginAs('sh_officer');
  await clickNav('cases');
  await page.waitForURL(`${BASE}/cases`);
  await page.locator('[data-test="case-create"]').click();
  await page.waitForURL(`${BASE}/cases/new`);
  const form = page.locator('[data-test="case-form"]');
  await form.locator('input[data-test="case-number"]').fill(CASE.number);
  await form.locator('input[data-test="case-title"]').fill(CASE.title);
  await pickOption(form.locator('[data-test="case-category"]'), '商标');
  await pickOption(form.locator('[data-test="case-source"]'), '检查');
  await pickOption(form.locator('[data-test="case-conduct"]'), /^假冒注册商标/);
  await form.locator('input[data-test="case-goods"]').fill('假冒某品牌运动鞋 1200 双');
  // Act dates choose the regime (2004/2007/2020 interpretations for 2024); without them nothing is evaluated.
  const dates = form.locator('.el-date-editor--daterange input');
  await dates.nth(0).fill('2024-03-01');
  await dates.nth(1).fill('2024-06-30');
  await dates.nth(1).press('Enter');
  await page.keyboard.press('Escape');
  await form.locator('input[data-test="amount-illegal_business"]').fill('50000');
  await form.locator('[data-test="party-add"]').click();
  const party = form.locator('[data-test="party"]').first();
  await party.locator('input').nth(2).fill('上海某某贸易有限公司');
  await party.locator('input').nth(3).fill(CASE.uscc);
  await page.keyboard.press('Tab');
  // The finding is previewed before saving (nothing stored yet): 213 met at 50000 元.
  const preview = form.locator('[data-test="finding-preview"]');
  await preview.locator('.el-table__row').filter({ hasText: '假冒注册商标罪' }).filter({ has: page.locator('[data-test="finding-met"]') }).first().waitFor();
  await shot('10-case-form');
  await page.locator('[data-test="case-save"]').click();
  await page.waitForURL(/\/cases\/\d+$/);
  caseUrl = page.url();

  // The 213 finding is met: basis 非法经营数额 50000.00元 ≥ 50000.00元 ("以上" includes the number).
  const findings = page.locator('[data-test="findings"]');
  await findings.getByText('假冒注册商标罪').first().waitFor();
  const met = findings.locator('.el-table__row').filter({ hasText: '假冒注册商标罪' }).filter({ has: page.locator('[data-test="finding-met"]') });
  assert.ok(await met.count() >= 1, 'the 假冒注册商标罪 finding is met');
  await page.locator('[data-test="case-header"] [data-test="met-tag"]').waitFor();
  assert.match(await page.locator('[data-test="case-amounts"]').innerText(), /50,000\.00 元/);

  // Start the transfer: team of two officers and a written report.
  await page.locator('[data-test="transfer-start"]').click();
  const dialog = page.locator('[data-test="transfer-start-dialog"]:visible');
  await dialog.waitFor();
  // The 专案组 is picked by name from the agency's own officers (issue 14), not typed as logins.
  await dialog.locator('[data-test="transfer-team"]').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '陈局长' }).first().click();
  await page.keyboard.press('Escape');
  await dialog.locator('textarea[data-test="transfer-report"]').fill('经专案组核实，当事人非法经营数额达 5 万元，涉嫌假冒注册商标罪，建议移送公安机关。');
  await dialog.locator('[data-test="transfer-start-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('[data-test="transfer-steps"] li').first().waitFor();
  await waitIdle();
  await shot('11-case-detail');

  // The list finds it by a two-character Chinese term and shows the red 达到追诉标准 tag.
  await page.goto(`${BASE}/cases`);
  await page.locator('input[data-test="case-q"]').fill('沪牌');
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: CASE.title });
  await row.first().waitFor();
  assert.match(await row.first().innerText(), /达到追诉标准/);
  assert.match(await row.first().innerText(), /50,000\.00 元/);
  await shot('12-cases-list');
});

test('案件: the head approves, the officer sends the transfer to 上海市公安局', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  assert.ok(caseUrl, 'the case was created');
  expect();
  await loginAs('sh_head');
  await page.goto(caseUrl);
  await transferAction('approve');

  await loginAs('sh_officer');
  await page.goto(caseUrl);
  await transferAction('send', async (dialog) => {
    await dialog.locator('.agency-picker').click();
    await page.keyboard.type('上海市公安局');
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '上海市公安局' }).first().click();
    for (const box of await dialog.locator('[data-test="send-documents"] .el-checkbox').all()) await box.click();
    await shot('13-transfer-send');
  });
  assert.match(await page.locator('[data-test="transfer-panel"]').innerText(), /上海市公安局/);
  const docsDone = await page.locator('[data-test="transfer-docs"] li.done').count();
  assert.equal(docsDone, 5, 'the five documents of Decree 310 art. 6 are ticked');
});

test('案件: the police receive and file the transfer; the prosecutor sees it on 检察监督', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  assert.ok(caseUrl, 'the case was created');
  expect();
  await loginAs('sh_police');
  await clickNav('cases');
  await page.getByRole('tab', { name: '移送接收' }).click();
  await page.waitForURL(`${BASE}/cases/incoming`);
  const row = page.locator('[data-test="incoming-table"] .el-table__body tr').filter({ hasText: CASE.title });
  await row.first().waitFor();
  await page.locator('[data-test="case-deadline"]').first().waitFor();
  await shot('14-incoming-transfers');
  await row.first().click();
  await page.waitForURL(/\/cases\/transfers\/\d+$/);
  await page.locator('[data-test="transfer-header"]').getByText(CASE.title).waitFor();
  await transferAction('receive');
  await transferAction('file');
  await page.locator('[data-test="transfer-steps"]').getByText('立案').first().waitFor();
  await waitIdle();
  await shot('15-transfer-filed');

  await loginAs('sh_prosecutor');
  await page.goto(`${BASE}/cases/supervision`);
  await page.locator('[data-test="sv-transfers"]').getByText(CASE.title).first().waitFor();
  await waitIdle();
  await shot('16-supervision');
  await logoutIfIn();
});

// --- 案件: import, 以罚代刑 alert scope, supervision answered by the police (web/src/views/cases/) -------
// sh_officer imports a CSV with a bad row (every problem listed by row and column, nothing imported), then a
// good one; closes the imported over-threshold case with a fine, and the 以罚代刑 alert reaches sh_head and
// sh_prosecutor but not gd_prosecutor (广东); sh_prosecutor notifies the police to file the demo's not-filed
// transfer (通知立案, 15 日) and sh_police answers it on the 检察监督 tab.
const IMPORT = { first: `IMP-${stamp}-1`, second: `IMP-${stamp}-2`, title: `e2e${stamp}导入假冒注册商标案` };
const IMPORT_HEADER = '案件编号,案件名称,案件类别,违法行为类型,案件来源,行为开始日期,非法经营数额(元),当事人名称,统一社会信用代码\n';
// The imported cases' 专项行动 tag: a second campaign beside the demo's 铁拳<year>, with the '=' the
// 统计 page's "dimension=code" filter value must keep (see the 统计 test).
const IMPORT_CAMPAIGN = `剑网=${stamp}`;

async function casesMatching(q) {
  const res = await context.request.get(`${BASE}/api/v1/cases?q=${encodeURIComponent(q)}`);
  assert.equal(res.status(), 200);
  return (await res.json()).total;
}

test('案件: import a CSV with a bad row (errors by row and column, nothing imported), then a good file', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect({ status: 400, path: '/api/v1/cases/import' });
  await loginAs('sh_officer');
  await clickNav('cases');
  await page.waitForURL(`${BASE}/cases`);
  await page.locator('[data-test="case-import"]').click();
  const dialog = page.locator('[data-test="case-import-dialog"]:visible');
  await dialog.waitFor();

  // The Excel template downloads from the dialog and is a workbook.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.locator('[data-test="case-template-xlsx"]').click(),
  ]);
  const templatePath = await download.path();
  assert.equal(readFileSync(templatePath).subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'the template is an .xlsx (ZIP)');

  const bad = IMPORT_HEADER +
    `${IMPORT.first},${IMPORT.title},trademark,counterfeit_trademark,inspection,2024-03-01,60000,上海某贸易有限公司,91310110666007217T\n` +
    `${IMPORT.second},坏行,nope,counterfeit_trademark,inspection,2024-03-01,12.345,上海某贸易有限公司,913101106660072170\n`;
  await dialog.locator('[data-test="case-import-file"]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await dialog.locator('[data-test="case-import-submit"]').click();
  const errors = dialog.locator('[data-test="case-import-errors"]');
  await errors.waitFor();
  const rows = errors.locator('.el-table__body tr');
  assert.equal(await rows.count(), 3, 'three problems, all on row 3');
  for (const r of await rows.all()) assert.match(await r.innerText(), /^3\s/);
  const text = await errors.innerText();
  for (const column of ['案件类别', '非法经营数额(元)', '统一社会信用代码']) assert.ok(text.includes(column), `column ${column} named`);
  assert.match(text, /未导入任何案件/);
  await shot('40-case-import-errors');
  assert.equal(await casesMatching(IMPORT.first), 0, 'the good row was not imported either');

  const good = IMPORT_HEADER.replace('\n', ',专项行动\n') +
    `${IMPORT.first},${IMPORT.title},trademark,counterfeit_trademark,inspection,2024-03-01,60000,上海某贸易有限公司,91310110666007217T,${IMPORT_CAMPAIGN}\n` +
    `${IMPORT.second},e2e${stamp}导入著作权案,copyright,,complaint,,,,,${IMPORT_CAMPAIGN}\n`;
  await dialog.locator('[data-test="case-import-file"]').setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await dialog.locator('[data-test="case-import-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已导入 2 件案件' }).waitFor();
  await dialog.waitFor({ state: 'hidden' });
  const listed = page.locator('[data-test="cases-table"] .el-table__body tr').filter({ hasText: IMPORT.title });
  await listed.first().waitFor();
  assert.match(await listed.first().innerText(), /达到追诉标准/);
  assert.equal(await casesMatching(`IMP-${stamp}`), 2);
});

test('案件: closing an over-threshold case with a fine alerts sh_head and sh_prosecutor, not gd_prosecutor', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await loginAs('sh_officer');
  await page.goto(`${BASE}/cases`);
  await page.locator('input[data-test="case-q"]').fill(IMPORT.first);
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('[data-test="cases-table"] .el-table__body tr').filter({ hasText: IMPORT.title }).first().click();
  await page.waitForURL(/\/cases\/\d+$/);
  await page.locator('[data-test="case-header"] [data-test="met-tag"]').waitFor();
  await page.locator('[data-test="case-close"]').click();
  const dialog = page.locator('[data-test="case-close-dialog"]:visible');
  await dialog.waitFor();
  await dialog.locator('[data-test="close-risk"]').waitFor();
  await dialog.locator('input[data-test="close-decision-no"]').fill(`沪市监罚决字〔2025〕${stamp}号`);
  await dialog.locator('input[data-test="close-fine"]').fill('30000');
  await dialog.locator('[data-test="close-confirm-risk"]').click();
  await dialog.locator('[data-test="close-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').last().waitFor();
  await shot('41-case-closed-with-fine');

  const alertRow = () => page.locator('[data-test="alerts-table"] .el-table__body tr').filter({ hasText: IMPORT.first });
  for (const who of ['sh_head', 'sh_prosecutor']) {
    await loginAs(who);
    await clickNav('cases');
    await page.getByRole('tab', { name: '预警' }).click();
    await page.waitForURL(`${BASE}/cases/alerts`);
    await alertRow().first().waitFor();
    assert.match(await alertRow().first().innerText(), /以罚代刑/);
  }
  await shot('42-penalty-alert-prosecutor');
  // The Shanghai prosecutor also finds it among the candidates on 检察监督.
  await page.getByRole('tab', { name: '检察监督' }).click();
  await page.locator('[data-test="sv-candidates"]').getByText(IMPORT.title).first().waitFor();

  await loginAs('gd_prosecutor');
  await clickNav('cases');
  await page.getByRole('tab', { name: '预警' }).click();
  await page.waitForURL(`${BASE}/cases/alerts`);
  await page.locator('[data-test="alerts-table"]').waitFor();
  await waitIdle();
  assert.equal(await alertRow().count(), 0, 'another province\'s prosecutor does not see the alert');
  const res = await context.request.get(`${BASE}/api/v1/alerts`);
  assert.equal(res.status(), 200);
  assert.ok(!JSON.stringify(await res.json()).includes(IMPORT.first), 'nor does the API give it to them');
  await shot('43-penalty-alert-other-province');
});

test('案件: the prosecutor sends a supervision action from a transfer and the police answer it', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  const note = `e2e${stamp}：请在十五日内依法立案`;
  const transferTitle = '某五金店非法制造注册商标标识案'; // the demo's transfer the police did not file
  await loginAs('sh_prosecutor');
  await clickNav('cases');
  await page.getByRole('tab', { name: '检察监督' }).click();
  await page.waitForURL(`${BASE}/cases/supervision`);
  const transfer = page.locator('[data-test="sv-transfers"] .el-table__body tr').filter({ hasText: transferTitle }).first();
  await transfer.waitFor();
  await transfer.locator('[data-test="sv-notify-filing"]').click();
  const dialog = page.locator('[data-test="sv-dialog"]:visible');
  await dialog.waitFor();
  await dialog.locator('textarea[data-test="sv-note"]').fill(note);
  await dialog.locator('[data-test="sv-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').filter({ hasText: '监督事项已发出' }).waitFor();
  const mine = () => page.locator('[data-test="sv-actions"] .el-table__body tr').filter({ hasText: note }).first();
  await mine().waitFor();
  const sent = await mine().innerText();
  assert.match(sent, /通知立案（15 日）/);
  assert.match(sent, /上海市公安局/);
  assert.match(sent, /期限内/, 'the 15-day clock runs');
  assert.match(sent, /剩余 1[45] 天/);
  assert.equal(await mine().locator('[data-test="sv-answer"]').count(), 0, 'the prosecutor does not answer');
  await shot('44-supervision-sent');

  await loginAs('sh_police');
  await clickNav('cases');
  await page.getByRole('tab', { name: '检察监督' }).click();
  await page.waitForURL(`${BASE}/cases/supervision`);
  await mine().waitFor();
  await mine().locator('[data-test="sv-answer"]').click();
  const answer = page.locator('[data-test="sv-answer-dialog"]:visible');
  await answer.waitFor();
  await answer.locator('textarea[data-test="sv-answer-input"]').fill('已于今日立案侦查，立案决定书随后送达。');
  await answer.locator('[data-test="sv-answer-submit"]').click();
  await answer.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').filter({ hasText: '已答复' }).waitFor();
  await mine().locator('[data-test="sv-answer-text"]').filter({ hasText: '已于今日立案侦查' }).waitFor();
  await shot('45-supervision-answered');

  await loginAs('sh_prosecutor');
  await page.goto(`${BASE}/cases/supervision`);
  await mine().locator('[data-test="sv-answer-text"]').filter({ hasText: '已于今日立案侦查' }).waitFor();
  await logoutIfIn();
});

// 监测: the demo scan's queue shows marked spans; an analyst scans pasted JSONL with a malformed line,
// dismisses one suspect and confirms another as a lead; the brand registry rejects a bad CSV row.
test('监测: review queue with highlighted spans, a scan with a malformed line, dismiss and confirm', async () => {
  const mark = `M${stamp}`;
  expect({ status: 400, path: '/api/v1/monitoring/brands/import' });
  await loginAs('analyst');
  await clickNav('monitoring');
  await page.waitForURL(`${BASE}/monitoring`);
  const firstRow = page.locator('.el-table__body tr').first();
  await firstRow.waitFor();
  // The demo scan (run through the real scanner at start) left suspects with marked brand names.
  assert.ok(await page.locator('.el-table__body mark').count() > 0, 'titles carry <mark> spans');
  await waitIdle();
  await shot('20-monitoring-queue');

  await page.getByRole('tab', { name: '商品扫描' }).click();
  await page.waitForURL(`${BASE}/monitoring/scan`);
  const lines = [
    { id: `${mark}-1`, platform: 'taobao', shop_id: `shop-${stamp}`, shop_name: '潮牌折扣', title: `${mark} 莆田 N-I-K-E 空军一号`, price_fen: 12900 },
    '{"id": broken',
    { id: `${mark}-2`, platform: 'taobao', shop_id: `shop-${stamp}`, shop_name: '潮牌折扣', title: `${mark} 高仿 阿迪达斯 三叶草 卫衣`, price_fen: 5900 },
    { id: `${mark}-3`, platform: 'taobao', shop_id: 'fruit', shop_name: '果园', title: `${mark} 红富士苹果 5斤`, price_fen: 3900 },
  ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  await page.locator('[data-test="scan-text"]').fill(lines);
  await page.locator('[data-test="scan-submit"]').click();
  const result = page.locator('[data-test="scan-result"]');
  await result.waitFor();
  assert.equal(await page.locator('[data-test="scan-suspected"]').innerText(), '2');
  assert.match(await page.locator('[data-test="scan-errors"]').innerText(), /\b2\b/, 'the malformed line is reported by number');
  await shot('21-monitoring-scan');

  // The same from a spreadsheet filled from the template: Chinese column names, the platform by
  // name, prices in 元; the row with a price in words is reported by its row number.
  const table = ['商品编号,平台,店铺名称,商品标题,售价（元）',
    `T${stamp}-1,淘宝,潮牌折扣,表格${stamp} 高仿 耐克 运动鞋,59.00`,
    `T${stamp}-2,淘宝,潮牌折扣,表格${stamp} 红富士苹果,十元`].join('\n');
  await page.locator('[data-test="scan-file"]').setInputFiles({ name: '巡查导出.csv', mimeType: 'text/csv', buffer: Buffer.from(table) });
  await page.locator('[data-test="scan-file-picked"]').filter({ hasText: '巡查导出.csv' }).waitFor();
  await page.locator('[data-test="scan-submit"]').click();
  await page.locator('[data-test="scan-result"]').filter({ hasText: '巡查导出' }).or(page.locator('[data-test="scan-suspected"]')).first().waitFor();
  await page.locator('[data-test="scan-errors"]').filter({ hasText: '十元' }).waitFor();
  assert.equal(await page.locator('[data-test="scan-suspected"]').innerText(), '1');
  assert.match(await page.locator('[data-test="scan-errors"]').innerText(), /\b3\b/, 'the bad row is reported by its row number');

  await page.getByRole('tab', { name: '待研判' }).click();
  await page.waitForURL(`${BASE}/monitoring`);
  await page.locator('.dt-filters input').first().fill(mark);
  await page.getByRole('button', { name: '查询' }).click();
  const rows = page.locator('.el-table__body tr').filter({ hasText: mark });
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2, 'the fruit listing is not suspected');
  const adidas = rows.filter({ hasText: '阿迪达斯' }).first();
  assert.equal(await adidas.locator('mark').first().innerText(), '高仿');
  // Detail drawer: the title with marks, price against the reference price.
  await adidas.click();
  const drawer = page.locator('.el-drawer').filter({ hasText: '监测记录详情' });
  await drawer.waitFor();
  assert.ok(await drawer.locator('[data-test="hit-detail-title"] mark').count() >= 2);
  assert.match(await drawer.innerText(), /参考价/);
  await page.waitForTimeout(400); // drawer slide-in
  await shot('22-monitoring-detail');
  await drawer.getByRole('button', { name: '驳回' }).click();
  const dismiss = page.locator('.el-dialog').filter({ hasText: '驳回理由' });
  await dismiss.waitFor();
  await pickOption(dismiss.locator('[data-test="hit-dismiss-reason"]'), '非该品牌商品');
  await dismiss.locator('[data-test="hit-dismiss-submit"]').click();
  await dismiss.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').last().waitFor();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });

  const nike = rows.filter({ hasText: 'N-I-K-E' }).first();
  await nike.locator('[data-test="hit-confirm"]').click();
  const confirm = page.locator('.el-dialog').filter({ hasText: '确认为线索' });
  await confirm.waitFor();
  await confirm.locator('.region-picker').click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '广东省' }).first().click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '深圳市' }).first().click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '南山区' }).first().locator('.el-radio').click();
  await page.keyboard.press('Escape');
  await confirm.locator('[data-test="hit-confirm-submit"]').click();
  await confirm.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').last().waitFor();
  await rows.first().waitFor({ state: 'detached' }).catch(() => {});
  // Both left the pending view.
  await page.waitForFunction((m) => ![...document.querySelectorAll('.el-table__body tr')].some((tr) => tr.innerText.includes(m)), mark);

  // 品牌库: a CSV with a bad row is rejected whole, with the row and column named.
  await page.getByRole('tab', { name: '品牌库' }).click();
  await page.waitForURL(`${BASE}/monitoring/brands`);
  await page.locator('.el-table__body tr').first().waitFor();
  await page.locator('[data-test="brand-import"]').click();
  await page.locator('[data-test="brand-import-text"]').fill(`code,name,names,reference_price_yuan\ne2e${stamp},测试品牌,测试牌${stamp},abc\n`);
  await page.locator('[data-test="brand-import-submit"]').click();
  const errors = page.locator('[data-test="brand-import-errors"]');
  await errors.waitFor();
  assert.match(await errors.innerText(), /reference_price_yuan/);
  await shot('23-monitoring-brand-import');
  await page.keyboard.press('Escape');
  await logoutIfIn();
});

test('线索: an officer sees only that another agency holds a match and asks for access; CSV row errors; the office opens the cluster graph', async () => {
  expect({ status: 400, path: '/api/v1/leads/import' });
  await loginAs('pd_officer');
  await clickNav('leads');
  await page.waitForURL(`${BASE}/leads`);
  await page.locator('[data-test="leads-tabs"]').waitFor();
  await page.locator('.el-table__body tr').filter({ hasText: '浦东新区网店' }).first().click();
  const hidden = page.locator('[data-test="lead-hidden-match"]');
  await hidden.first().waitFor();
  const hiddenText = (await hidden.allInnerTexts()).join('\n');
  assert.match(hiddenText, /深圳市市场监督管理局存在匹配记录/);
  assert.match(hiddenText, /北京市市场监督管理局存在匹配记录/);
  const links = await page.locator('[data-test="lead-links"]').innerText();
  for (const secret of ['宝安', '北京消费者', 'SF1234']) assert.ok(!links.includes(secret), `no ${secret} beyond scope`);
  await shot('30-lead-hidden-match');
  await hidden.filter({ hasText: '深圳' }).locator('[data-test="lead-request-access"]').click();
  await page.locator('textarea[data-test="lead-request-reason"]').fill('联合查处需要核实');
  await page.locator('[data-test="lead-request-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '申请已提交' }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.el-drawer').waitFor({ state: 'hidden' });

  // CSV import: a bad row rejects the whole file, with the row and column named.
  await page.locator('[data-test="lead-import"]').click();
  await page.locator('[data-test="lead-import-file"]').setInputFiles({
    name: 'leads.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`title,region_code,category,source_ref,phone\n好行,310115,trademark,e2e-${stamp}-1,13912345678\n坏行,310115,trademark,e2e-${stamp}-2,12\n`),
  });
  await page.locator('[data-test="lead-import-submit"]').click();
  const errors = page.locator('[data-test="lead-import-errors"]');
  await errors.waitFor();
  const errorText = await errors.innerText();
  assert.match(errorText, /phone/);
  assert.match(errorText, /\b2\b/);
  await shot('31-lead-import-errors');
  await page.keyboard.press('Escape');

  // The office sees the cross-region cluster and its graph.
  await loginAs('office');
  await clickNav('leads');
  await page.getByRole('tab', { name: '串并分析' }).click();
  await page.waitForURL(`${BASE}/leads/clusters`);
  const clusterRow = page.locator('.el-table__body tr').filter({ hasText: '跨区域' }).first();
  await clusterRow.waitFor();
  await clusterRow.locator('[data-test="cluster-open"]').click();
  await page.waitForURL(/\/leads\/clusters\/\d+$/);
  await page.locator('[data-test="cluster-graph"] canvas').waitFor();
  await waitIdle();
  await shot('32-lead-cluster-graph');
  await page.getByRole('button', { name: '返回串并分析' }).click();
  await page.getByRole('tab', { name: '跨区域预警' }).click();
  await page.locator('.el-table__body tr').filter({ hasText: '跨区域串并' }).first().waitFor();
  await logoutIfIn();
});

test('线索: Shenzhen approves the access request and only then pd_officer sees the record; 转为案件 opens the case; the office handles the alert', async () => {
  // The holding agency decides the request the previous step sent.
  await loginAs('sz_officer');
  await clickNav('leads');
  await page.getByRole('tab', { name: '查看申请' }).click();
  await page.waitForURL(`${BASE}/leads/access`);
  const request = page.locator('.el-table__body tr').filter({ hasText: '郑执法' }).first();
  await request.waitFor();
  assert.match(await request.innerText(), /宝安/); // Shenzhen sees its own matching lead
  await shot('33-lead-access-inbox');
  await request.locator('[data-test="access-approve"]').click();
  await page.locator('[data-test="access-decide-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已同意' }).waitFor();

  // The requester now sees Shenzhen's record, read-only and marked; Beijing's stays hidden.
  await loginAs('pd_officer');
  await clickNav('leads');
  await page.locator('.el-table__body tr').filter({ hasText: '浦东新区网店' }).first().click();
  await page.locator('[data-test="lead-linked-granted"]').waitFor();
  const links = await page.locator('[data-test="lead-links"]').innerText();
  assert.match(links, /深圳市宝安区仓库/);
  assert.ok(!links.includes('北京消费者'), 'Beijing record still hidden');
  assert.match(links, /北京市市场监督管理局存在匹配记录/);
  await shot('34-lead-granted-record');

  // Accept, then 转为案件: the new case opens and its timeline names the lead.
  await page.locator('[data-test="lead-accept"]').click();
  await page.locator('.el-message--success').filter({ hasText: '研判结果已保存' }).waitFor();
  await page.locator('[data-test="lead-convert"]').click();
  await page.locator('[data-test="lead-convert-number"]').fill(`浦市监案〔2026〕E2E${stamp}`);
  await page.locator('[data-test="lead-convert-submit"]').click();
  await page.waitForURL(/\/cases\/\d+$/);
  await page.locator('[data-test="case-timeline"]').filter({ hasText: '由线索' }).waitFor();
  // Who and what, by name: 郑执法 · 登记, never pd_officer · created.
  const timeline = await page.locator('[data-test="case-timeline"]').innerText();
  assert.match(timeline, /郑执法 · 登记/);
  assert.deepEqual(badTexts(timeline.split('\n').filter((x) => !x.includes('〔'))), []);
  await shot('35-lead-converted-case');

  // The office handles the cross-region alert with a note.
  await loginAs('office');
  await clickNav('leads');
  await page.getByRole('tab', { name: '跨区域预警' }).click();
  const alert = page.locator('.el-table__body tr').filter({ hasText: '跨区域串并' }).first();
  await alert.waitFor();
  await alert.locator('[data-test="alert-ack"]').click();
  await page.locator('textarea[data-test="alert-ack-note"]').fill('已部署沪粤京联合查处');
  await page.locator('[data-test="alert-ack-submit"]').click();
  await page.locator('[data-test="alert-note"]').filter({ hasText: '已部署沪粤京联合查处' }).first().waitFor();
  await shot('36-lead-alert-handled');
  await logoutIfIn();
});

test('信用: the officer reviews the draft the closed case produced and publishes it; the public portal finds it without login', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await loginAs('sh_officer');
  await clickNav('credit');
  await page.locator('[data-test="credit-tabs"]').waitFor();
  await page.locator('input[data-test="disclosure-q"]').fill(`${stamp}号`);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__body tr').filter({ hasText: `${stamp}号` }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /待公示/);
  await row.click();
  const drawer = page.locator('[data-test="disclosure-drawer"]');
  await drawer.locator('[data-test="disclosure-public-facts"]').waitFor();
  await drawer.locator('textarea[data-test="disclosure-basis"]').fill('《中华人民共和国商标法》第六十条第二款');
  await shot('50-disclosure-review');
  await page.locator('[data-test="disclosure-publish"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '公示' }).click();
  await page.locator('.el-message--success').filter({ hasText: '公示至' }).first().waitFor();
  await shot('51-disclosure-published');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });

  // The public portal: no session at all.
  await logoutIfIn();
  await page.goto(`${BASE}/public`);
  await page.locator('input[data-test="public-q"]').fill(`${stamp}号`);
  await page.locator('[data-test="public-search"]').click();
  const item = page.locator('[data-test="public-item"]').filter({ hasText: `${stamp}号` }).first();
  await item.waitFor();
  await shot('52-public-search');
  await item.locator('a').click();
  await page.waitForURL(/\/public\/records\/\d+$/);
  const record = page.locator('[data-test="public-record"]');
  await record.waitFor();
  const text = await record.innerText();
  assert.match(text, new RegExp(`${stamp}号`));
  assert.match(text, /商标法/);
  await shot('53-public-record');

  // A repair application the same day: the proof of work passes, the server refuses it and says
  // from when (6 months after publication), and nothing is filed.
  expect({ status: 409, path: '/api/v1/public/repairs' });
  await page.locator('input[data-test="repair-applicant"]').fill('上海某贸易有限公司');
  await page.locator('input[data-test="repair-phone"]').fill('021-12345678');
  await page.locator('textarea[data-test="repair-statement"]').fill('已缴清罚款并整改，承诺守法经营。');
  await page.locator('[data-test="repair-fulfilled"]').click();
  await page.locator('[data-test="repair-submit"]:not([disabled])').click();
  const refusal = page.locator('[data-test="form-error"]');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /6个月/);
  await shot('54-public-repair-refused');
});

test('信用档案: the officer looks an enterprise up, reads its grade and reasons, opens its case and comes back by the party\'s code', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await loginAs('sh_officer');
  await clickNav('credit');
  await page.locator('[data-test="credit-tabs"] [id="tab-credit-subjects"]').click();
  await page.waitForURL(`${BASE}/credit/subjects`);
  await page.locator('input[data-test="record-code"]').fill(CASE.uscc);
  await page.locator('[data-test="record-search"]').click();
  const grade = page.locator('[data-test="record-grade"]');
  await grade.waitFor();
  // The case registered above names it, so it is at least 一般风险 (B), and says why.
  assert.ok(['B', 'C', 'D'].includes(await grade.getAttribute('data-grade')));
  assert.match(await page.locator('[data-test="record-reasons"]').innerText(), /案件|处罚|移送/);
  const caseRow = page.locator('[data-test="record-cases"] .el-table__body tr').filter({ hasText: CASE.number });
  await caseRow.waitFor();
  await shot('55-credit-record');
  await caseRow.getByRole('button', { name: '详情' }).click();
  await page.waitForURL(/\/cases\/\d+$/);
  await page.locator('[data-test="party-credit"]').first().click();
  await page.waitForURL(/\/credit\/subjects\?code=/);
  await page.locator('[data-test="record-grade"]').waitFor();
  // A code that is no credit code: the field says so, nothing is shown.
  expect({ status: 400, path: `/api/v1/credit/subjects/91310115MA1H7L2C0X` });
  await page.locator('input[data-test="record-code"]').fill('91310115MA1H7L2C0X');
  await page.locator('[data-test="record-search"]').click();
  await page.locator('.el-form-item__error').first().waitFor();
  assert.equal(await page.locator('[data-test="record"]').count(), 0);
});

test('分级分类监管: the officer finds the enterprise of the case closed with a fine in the region\'s list, opens its record; a person is looked up by ID number without it in the URL', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await loginAs('sh_officer');
  await page.goto(`${BASE}/credit/subjects`);
  const list = page.locator('[data-test="subjects"]');
  await list.waitFor();
  // The imported case closed with a fine above names 上海某贸易有限公司: its disclosure regraded it.
  const closed = '91310110666007217T';
  await page.locator('input[data-test="subjects-q"]').fill(closed);
  await list.getByRole('button', { name: '查询' }).click();
  const row = list.locator('.el-table__body tr').filter({ hasText: closed });
  await row.waitFor();
  assert.match(await row.innerText(), /上海某贸易有限公司/);
  assert.match(await row.innerText(), /风险（[A-D]类）/);
  await shot('56-credit-subjects');
  await row.getByRole('button', { name: '查看信用档案' }).click();
  await page.waitForURL(/\/credit\/subjects\?code=/);
  await page.locator('[data-test="record-grade"]').waitFor();
  await page.locator('[data-test="record-back"]').click();
  await page.locator('[data-test="subjects"]').waitFor();
  // The demo's legal representative: the answer shows the number masked; the URL never holds it.
  await page.locator('input[data-test="person-id"]').fill('11010519491231002X');
  await page.locator('[data-test="person-lookup"]').click();
  await page.locator('[data-test="person-masked"]').waitFor();
  assert.equal(await page.locator('[data-test="person-masked"]').innerText(), '110105********002X');
  assert.ok(!page.url().includes('11010519491231002X'));
  await shot('57-credit-person');
});

test('知识产权失信认定: 国家知识产权局 records an abnormal-patent finding, sees it on the list and revokes it after confirming', async () => {
  expect();
  await loginAs('cnipa_officer');
  await page.goto(`${BASE}/credit/ip-findings`);
  await page.locator('[data-test="findings"]').waitFor();
  await page.locator('[data-test="finding-new"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '记录认定' });
  await dialog.locator('[data-test="finding-kind"]').click();
  await page.locator('.el-select-dropdown__item').filter({ hasText: '非正常专利申请' }).click();
  await dialog.locator('input[data-test="finding-subject"]').fill(`e2e${stamp}科技有限公司`);
  await dialog.locator('input[data-test="finding-code"]').fill('91310115MA1K4L8B71');
  await dialog.locator('textarea[data-test="finding-filings"]').fill('CN202510009999.1, CN202510009998.3');
  await dialog.locator('textarea[data-test="finding-basis"]').fill('集中提交内容明显相同的专利申请。');
  await dialog.locator('[data-test="finding-submit"]').click();
  const row = page.locator('[data-test="findings"] .el-table__body tr').filter({ hasText: `e2e${stamp}科技有限公司` });
  await row.waitFor();
  assert.match(await row.innerText(), /非正常专利申请/);
  await shot('58-credit-findings');
  await row.locator('[data-test="finding-revoke"]').click();
  await page.locator('textarea[data-test="finding-revoke-reason"]').fill('经复审撤销');
  await page.locator('[data-test="finding-revoke-submit"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await row.filter({ hasText: '已撤销' }).waitFor();
});

test('典型案例: the office writes one, sees the phone and the house hidden in the preview, publishes it, and the portal shows it', async () => {
  expect();
  const title = `e2e${stamp}销售假冒注册商标白酒案`;
  await loginAs('office');
  await clickNav('credit');
  await page.locator('[data-test="credit-tabs"] [id="tab-credit-typical"]').click();
  await page.waitForURL(`${BASE}/credit/typical`);
  await page.locator('[data-test="typical-create"]').click();
  const dialog = page.locator('[data-test="typical-dialog"]');
  await dialog.locator('input[data-test="typical-title"]').fill(title);
  await dialog.locator('textarea[data-test="typical-body"]').fill(
    '当事人赵某甲（电话13912345678）在上海市浦东新区张江路88弄3号601室存放假冒白酒120箱，执法人员依法查扣。');
  await dialog.locator('[data-test="typical-save"]').click();
  const preview = dialog.locator('[data-test="typical-preview"]');
  await preview.waitFor();
  const text = await preview.innerText();
  assert.ok(!text.includes('13912345678') && !text.includes('88弄'), text);
  await shot('56-typical-case-preview');
  await page.keyboard.press('Escape');
  const row = page.locator('[data-test="typical-table"] .el-table__body tr').filter({ hasText: title });
  await row.getByRole('button', { name: '发布' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await row.getByText('已发布').waitFor();

  await logoutIfIn();
  await page.goto(`${BASE}/public`);
  await page.locator('[data-test="portal-typical-link"]').click();
  const item = page.locator('[data-test="public-typical-item"]').filter({ hasText: title });
  await item.waitFor();
  await item.locator('a').click();
  const article = page.locator('[data-test="public-typical"]');
  await article.waitFor();
  const published = await article.innerText();
  assert.ok(!published.includes('13912345678') && !published.includes('88弄'), published);
  await shot('57-public-typical-case');
});

// --- 投诉举报 (issue 16; docs/complaints.md) ------------------------------------------------------
// A consumer complains on the portal (no login, proof of work), keeps the receipt number and query
// code and follows the status; the Pudong officer finds it in the queue, takes it (承办: only then the
// complainant's details show), accepts it, converts what it reveals into a lead and ends mediation
// with its record; the portal then shows the outcome.
const CP = { respondent: `e2e${stamp}商贸有限公司`, name: `王${stamp.slice(-3)}`, phone: '13812345679' };
let complaintReceipt = null;

test('投诉举报: a complaint on the portal gives a receipt number and query code; the status page shows it', async () => {
  expect();
  await logoutIfIn();
  await page.goto(`${BASE}/public`);
  await page.locator('[data-test="portal-complaint-link"]').click();
  await page.waitForURL(/\/public\/complaints$/);
  await page.locator('input[data-test="pc-name"]').fill(CP.name);
  await page.locator('input[data-test="pc-phone"]').fill(CP.phone);
  await page.locator('input[data-test="pc-address"]').fill('上海市徐汇区漕溪北路1号');
  await page.locator('input[data-test="pc-respondent"]').fill(CP.respondent);
  await page.locator('input[data-test="pc-respondent-address"]').fill('上海市浦东新区张江路88号');
  await page.locator('input[data-test="pc-region"]').fill('310115');
  await page.locator('textarea[data-test="pc-request"]').fill('退货退款');
  await page.locator('textarea[data-test="pc-facts"]').fill('购买的运动鞋开胶，商家拒绝退货；疑似假冒注册商标。');
  // A photo of the receipt: a real PNG (1×1), type told by its bytes on the server.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.locator('input[data-test="pc-files"]').setInputFiles({ name: '购物小票.png', mimeType: 'image/png', buffer: png });
  await shot('60-public-complaint-form');
  await page.locator('[data-test="public-complaint-submit"]:not([disabled])').click();
  const receipt = page.locator('[data-test="public-complaint-receipt"]');
  await receipt.waitFor();
  complaintReceipt = {
    no: (await page.locator('[data-test="public-complaint-receipt-no"]').innerText()).trim(),
    code: (await page.locator('[data-test="public-complaint-code"]').innerText()).trim(),
  };
  assert.match(complaintReceipt.no, /^TS\d{8}[0-9A-F]{8}$/);
  const uploads = page.locator('[data-test="public-complaint-uploads"]');
  await uploads.waitFor();
  assert.match(await uploads.innerText(), /购物小票\.png：已上传/);
  await shot('61-public-complaint-receipt');
  await receipt.locator('a').click();
  await page.waitForURL(/\/public\/complaints\/status/);
  await page.locator('input[data-test="complaint-query-code"]').fill(complaintReceipt.code);
  await page.locator('[data-test="complaint-query"]').click();
  const label = page.locator('[data-test="complaint-status-label"]');
  await label.waitFor();
  assert.equal((await label.innerText()).trim(), '待受理');
  assert.match(await page.locator('[data-test="complaint-status"]').innerText(), /浦东新区市场监督管理局/);
  await shot('62-public-complaint-status');
});

test('投诉举报: the officer takes it from the queue, accepts it, records mediation and converts it to a lead', async (t) => {
  if (!complaintReceipt) { t.skip('the portal step did not run'); return; }
  expect();
  await loginAs('pd_officer');
  await clickNav('complaints');
  await page.locator('[data-test="complaints-tabs"]').waitFor();
  const row = page.locator('.el-table__body tr').filter({ hasText: complaintReceipt.no }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /待受理/);
  await shot('63-complaint-queue');
  await row.locator(`[data-test="complaint-open-${complaintReceipt.no}"]`).click();
  const drawer = page.locator('[data-test="complaint-detail"]');
  await drawer.locator('[data-test="complaint-persons-hidden"]').waitFor();
  assert.ok(!(await drawer.innerText()).includes(CP.phone), 'the phone is hidden before 承办');

  assert.match(await drawer.locator('[data-test="complaint-attachments"]').innerText(), /购物小票\.png/);
  await drawer.locator('[data-test="complaint-step-assign"]').click();
  await drawer.locator('[data-test="complaint-persons"]').waitFor();
  assert.match(await drawer.locator('[data-test="complaint-persons"]').innerText(), new RegExp(CP.phone));

  const step = async (name, text, pick) => {
    await drawer.locator(`[data-test="complaint-step-${name}"]`).click();
    const dialog = page.locator('.el-dialog').filter({ has: page.locator('[data-test="complaint-step-confirm"]') }).last();
    await dialog.waitFor();
    if (pick) {
      await dialog.locator(pick.select).click();
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: pick.option }).first().click();
    }
    if (text) await dialog.locator('textarea[data-test="complaint-step-text"]').fill(text);
    await dialog.locator('[data-test="complaint-step-confirm"]').click();
    await dialog.waitFor({ state: 'hidden' });
  };
  await step('accept', '双方同意调解');
  await drawer.locator('[data-test="complaint-status"]').filter({ hasText: '已受理' }).waitFor();
  await step('convert', '投诉反映的商品疑似假冒注册商标');
  await page.locator('.el-message--success').filter({ hasText: '已转为线索' }).first().waitFor();
  await drawer.locator('[data-test="complaint-lead-link"]').waitFor();
  await step('end-mediation', '经两次现场调解，双方达成退货退款协议并即时履行', { select: '[data-test="complaint-ending"]', option: '达成调解协议' });
  await drawer.locator('[data-test="complaint-status"]').filter({ hasText: '调解结束' }).waitFor();
  const timeline = await drawer.locator('[data-test="complaint-timeline"]').innerText();
  for (const x of ['受理投诉', '转为线索', '达成调解协议', '郑执法']) assert.ok(timeline.includes(x), `timeline has ${x}`);
  await shot('64-complaint-detail');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
});

// 展会维权 and 批量导入: the Pudong regulator has a fair on record (entered through the API); its
// officer finds it under 展会维权 with its summary, imports two reports about one shop (written two
// ways) under the fair from a CSV through the intake page, and the queue shows them as one matter
// (同一事项 2 件) that a click filters to.
test('投诉举报: 展会维权 tab, a batch import under the fair, and the queue grouping one matter', async () => {
  expect();
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const later = new Date(Date.now() + 8 * 3600e3 + 2 * 86400e3).toISOString().slice(0, 10);
  const api = await apiAs('pd_officer');
  const fair = await api.post('/complaint-fairs', {
    name: `e2e${stamp}国际鞋业博览会`, venue: '上海新国际博览中心', region_code: '310115', starts_on: today,
    ends_on: later, organiser: 'e2e主办方', desk_contact: 'N1 馆服务台', handle_hours: 24,
  });
  await api.close();
  await loginAs('pd_officer');
  await page.goto(`${BASE}/complaints/fairs`);
  const row = page.locator('.el-table__body tr').filter({ hasText: fair.name }).first();
  await row.waitFor();
  await row.locator(`[data-test="fair-summary-${fair.id}"]`).click();
  const summary = page.locator('[data-test="fair-summary"]');
  await summary.filter({ hasText: '投诉举报总数' }).waitFor();
  await shot('65-complaint-fairs');
  await page.keyboard.press('Escape');

  await page.goto(`${BASE}/complaints/new`);
  const csv = 'external_id,类型,事项,匿名举报,被投诉（举报）人,所在地区划代码,网店,事实与理由,展会编号\n' +
    `E2E-${stamp}-1,举报,商标,是,某某,310115,淘宝:e2e${stamp}shop,展台销售假冒注册商标的运动鞋,${fair.id}\n` +
    `E2E-${stamp}-2,举报,商标,是,某某,310115,taobao：E2E${stamp}SHOP,同一网店在展会现场售假,${fair.id}\n`;
  await page.locator('input[data-test="complaint-import-file"]').setInputFiles({ name: '展会举报.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('[data-test="complaint-import-submit"]').click();
  const done = page.locator('[data-test="complaint-import-done"]');
  await done.waitFor();
  assert.match(await done.innerText(), /新登记 2 件/);
  const receipts = await page.locator('[data-test="complaint-import"] .el-table__body tr td:nth-child(2)').allInnerTexts();
  assert.equal(receipts.length, 2);
  await shot('66-complaint-import');

  await page.goto(`${BASE}/complaints`);
  const first = page.locator('.el-table__body tr').filter({ hasText: receipts[1].trim() }).first();
  await first.waitFor();
  assert.match(await first.innerText(), new RegExp(`e2e${stamp}国际鞋业博览会`));
  await first.locator(`[data-test="complaint-group-${receipts[1].trim()}"]`).click();
  await page.waitForURL(/group=\d+/);
  await page.locator('[data-test="complaint-filter-group"]').waitFor();
  await page.locator('.el-table__body tr').filter({ hasText: receipts[0].trim() }).first().waitFor();
  assert.equal(await page.locator('.el-table__body tr').count(), 2);
  // The fair's own 24-hour clock runs for both while they await a decision, shown under the
  // statutory one.
  await page.locator(`[data-test="complaint-fair-due-${receipts[0].trim()}"]`).filter({ hasText: '展会现场处理时限' }).waitFor();
  await shot('67-complaint-matter');

  // 办理统计: the agency's figures — time per step, the shares converted and filed, the counts with
  // their names (the two imported reports under 批量导入).
  await page.goto(`${BASE}/complaints/figures`);
  await page.locator('[data-test="figures-steps"]').filter({ hasText: '受理（核查）决定' }).waitFor();
  assert.match(await page.locator('[data-test="figures-by_channel"]').innerText(), /批量导入/);
  await shot('67b-complaint-figures');
});

// --- 工作台 (issue 14; docs/workbench.md) ---------------------------------------------------------------
// Each role opens its 工作台, finds the 待办 it should have (set up through the API as the roles that
// create them), opens one with 办理 and acts on it. A transfer goes sh_officer → sh_head (审批) →
// sh_officer (移送) → sh_police (接收); the office sends cnipa_officer a 督办 notice to acknowledge;
// analyst reviews a monitoring hit; the office handles a cross-region alert. Then every role walks every
// menu entry and tab it is shown: never 无权访问 or a 403, never a raw code or an English word.
const WB = { number: `WB-${stamp}`, title: `e2e${stamp}工作台移送案` };
const { request: pwRequest } = require('playwright-core');

/** An API session of `login` (its own cookie jar and CSRF token), for setting up 待办. */
async function apiAs(login, password = DEMO_PASSWORD) {
  const rq = await pwRequest.newContext({ baseURL: BASE });
  const res = await rq.post('/api/v1/session', { data: { login, password } });
  assert.equal(res.status(), 200, `API login ${login}`);
  const csrf = (await res.json()).csrf_token;
  const call = async (method, path, data) => {
    const r = await rq.fetch(`/api/v1${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
    const body = r.status() === 204 ? null : await r.json();
    assert.ok(r.status() < 300, `${method} ${path} as ${login}: ${r.status()} ${JSON.stringify(body)}`);
    return body;
  };
  return { get: (path) => call('GET', path), post: (path, data) => call('POST', path, data), close: () => rq.dispose() };
}

/** The 待办 row of the 工作台 whose text has all of `texts`. */
function todoRow(...texts) {
  let row = page.locator('[data-test="todo-table"] .el-table__body tr');
  for (const x of texts) row = row.filter({ hasText: x });
  return row.first();
}

async function openWorkbench() {
  await clickNav('home');
  await page.waitForURL(`${BASE}/`);
  await page.locator('[data-test="todo"]').waitFor();
  await waitIdle();
}

// --- 销毁 (issue 17; docs/custody.md) ------------------------------------------------------------------
// The custody ledger of a demo case (假冒华为手机, 80 sets in custody): a sample of 2, then an application
// to destroy the rest with the nearest capable unit; the head approves it; the public portal shows the
// directory (with the expiring licence flagged) and the demo's closed certificate; the certificate PDF
// is read back (pdftotext) and rendered to PNG (pdftoppm) for the closing note.
test('销毁: custody ledger, sample, destruction application, approval; the public directory and the certificate check', async () => {
  expect();
  const officerApi = await apiAs('sh_officer');
  const items = (await officerApi.get('/custody/items?page_size=200')).items;
  const phones = items.find((i) => i.description === '假冒华为手机');
  assert.ok(phones, 'the demo line 假冒华为手机');
  const closed = (await officerApi.get('/destructions?status=closed')).items[0];
  assert.ok(closed && closed.certificate_no, 'the demo closed destruction');
  await officerApi.close();

  await loginAs('sh_officer');
  await clickNav('destruction');
  await page.locator('[data-test="destruction-tabs"]').waitFor();
  await page.locator('input[data-test="ledger-case"]').fill(String(phones.case_id));
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('[data-test="custody-ledger"] .el-table__body tr').filter({ hasText: '假冒华为手机' }).first();
  await row.waitFor();
  const before = Number(await row.locator('[data-test="in-custody"]').innerText());
  assert.ok(before > 2, `in custody ${before}`);
  await shot('60-custody-ledger');
  const [label] = await Promise.all([page.waitForEvent('download'), row.locator('[data-test="item-label"]').click()]);
  const labelPath = join(ARTIFACTS, '60b-item-label.pdf');
  await label.saveAs(labelPath);
  assert.match(execFileSync('pdftotext', [labelPath, '-']).toString(), new RegExp(phones.label_no));

  // A photo of the line: uploaded from the detail drawer, shown (the image really loads), kept.
  await row.locator('[data-test="item-detail"]').click();
  const drawer = page.locator('.el-drawer').filter({ hasText: phones.label_no });
  await drawer.locator('[data-test="item-photos"]').waitFor();
  const photosBefore = await drawer.locator('[data-test="item-photos"] img').count();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await drawer.locator('input[data-test="photo-file"]').setInputFiles({ name: '封存现场.png', mimeType: 'image/png', buffer: png });
  await page.locator('.el-message--success').filter({ hasText: '照片已上传' }).first().waitFor();
  await page.waitForFunction((n) => {
    const imgs = [...document.querySelectorAll('[data-test="item-photos"] img')];
    return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0);
  }, photosBefore + 1);
  // The drawer has finished sliding in: all of it inside the window.
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('.el-drawer')].find((d) => d.offsetParent)?.getBoundingClientRect();
    return r && r.left >= 0 && r.right <= window.innerWidth + 1;
  });
  await shot('60c-item-photos');
  await drawer.locator('.el-drawer__close-btn').click();
  await drawer.waitFor({ state: 'hidden' });

  // A sample of 2 as evidence: the line shows 2 fewer in custody.
  await row.locator('[data-test="item-move"]').click();
  await pickOption(page.locator('[data-test="move-kind"]'), '抽样取证');
  const qty = page.locator('[data-test="move-quantity"] input');
  await qty.fill('2');
  await page.locator('[data-test="move-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已办理' }).first().waitFor();
  await page.waitForFunction(([n]) => [...document.querySelectorAll('[data-test="in-custody"]')].some((e) => e.textContent.trim() === String(n)), [before - 2]);

  // The application: disassembly (electronic waste) proposes the Shenzhen unit licensed for it.
  await page.locator('[data-test="apply-destruction"]').click();
  await page.locator('[data-test="apply-lines"]').waitFor();
  await pickOption(page.locator('[data-test="apply-method"]'), '拆解处理');
  await page.waitForFunction(() => document.querySelector('[data-test="apply-unit"]')?.innerText.includes('深圳某环保科技有限公司'));
  await shot('61-destruction-application');
  await page.locator('[data-test="apply-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已提交销毁申请' }).first().waitFor();

  // The head approves it from the applications tab.
  await loginAs('sh_head');
  await page.goto(`${BASE}/destruction/applications`);
  const app = page.locator('[data-test="destructions"] .el-table__body tr').filter({ hasText: '假冒华为手机' }).first();
  await app.waitFor();
  assert.match(await app.innerText(), /待审批/);
  await app.locator('[data-test="approve"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '已批准' }).first().waitFor();
  await app.filter({ hasText: '已批准待执行' }).waitFor();
  await shot('62-destruction-approved');

  // 汇总与通报: the demo's closed destruction counts for 上海市; the notice downloads as CSV.
  await page.goto(`${BASE}/destruction/summary`);
  await page.locator('[data-test="summary"] .el-table__body tr').filter({ hasText: '上海市' }).waitFor();
  const [notice] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-notice"]').click()]);
  const noticePath = join(ARTIFACTS, '62b-destruction-notice.csv');
  await notice.saveAs(noticePath);
  const csv = readFileSync(noticePath, 'utf8');
  assert.match(csv, /拟销毁日期/);
  assert.match(csv, new RegExp(closed.certificate_no));

  // The public portal, without a session: the directory and the certificate check.
  await logoutIfIn();
  await page.goto(`${BASE}/public/destruction-units`);
  const units = page.locator('[data-test="public-units"] .el-table__body');
  await units.locator('tr').filter({ hasText: '深圳某环保科技有限公司' }).waitFor();
  await units.locator('tr').filter({ hasText: '北京某固体废物处置中心' }).locator('[data-test="licence-expiring"]').waitFor();
  await shot('63-public-destruction-units');
  await page.goto(`${BASE}/public/destruction-certificates/${closed.certificate_no}`);
  const cert = page.locator('[data-test="certificate"]');
  await cert.waitFor();
  const certText = await cert.innerText();
  assert.match(certText, new RegExp(closed.certificate_no));
  assert.match(certText, /假冒白酒.*120瓶/);
  assert.doesNotMatch(certText, /李执法/, 'no officer names on the public page');
  await shot('64-public-certificate');

  // The certificate PDF: its text read back, and its first page as a PNG for the closing note.
  const rq = await pwRequest.newContext({ baseURL: BASE });
  const login = await rq.post('/api/v1/session', { data: { login: 'sh_officer', password: DEMO_PASSWORD } });
  assert.equal(login.status(), 200);
  const pdf = await rq.get(`/api/v1/destructions/${closed.id}/certificate.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const pdfPath = join(ARTIFACTS, '65-destruction-certificate.pdf');
  writeFileSync(pdfPath, await pdf.body());
  await rq.dispose();
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.match(text, new RegExp(closed.certificate_no));
  assert.match(text, /120瓶/);
  assert.match(text, /上海某再生资源利用有限公司/);
  execFileSync('pdftoppm', ['-png', '-r', '90', '-singlefile', pdfPath, join(ARTIFACTS, '65-destruction-certificate')]);
  assert.ok(readFileSync(join(ARTIFACTS, '65-destruction-certificate.png')).length > 10_000);
});

test('统计: the office reads a figure by province with its map, trend and ranking, compares a year earlier, drills into the records and exports', async () => {
  expect({ status: 400, path: '/api/v1/statistics/figure' });
  await loginAs('office');
  await page.goto(`${BASE}/statistics`);
  const total = page.locator('[data-test="stat-total-value"]');
  await total.waitFor();
  await waitIdle();
  // 立案数 of this year by province: the total is the sum of the ranking, both from the server.
  const figure = await page.evaluate(async () => {
    const y = new Date().getFullYear();
    const r = await fetch(`/api/v1/statistics/figure?indicator=cases_opened&from=${y}-01&to=${y}-12&group=province`);
    return r.json();
  });
  assert.equal(await total.innerText(), Number(figure.total.value).toLocaleString('zh-CN'));
  // A bad month is a problem+json with the field named, never a figure.
  const bad = await page.evaluate(async () => {
    const r = await fetch('/api/v1/statistics/figure?indicator=cases_opened&from=2025-13&to=2025-12');
    return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
  });
  assert.equal(bad.status, 400);
  assert.match(bad.type, /problem\+json/);
  assert.ok(bad.body.errors.some((e) => e.field === 'from'));
  const rows = page.locator('[data-test="stat-ranking"] .el-table__body tr');
  assert.equal(await rows.count(), figure.rows.length);
  await page.locator('[data-test="region-map"] canvas, [data-test="map-empty"]').first().waitFor();
  // Comparison with the same months a year earlier.
  await page.locator('[data-test="stat-compare"]').click();
  await page.locator('[data-test="stat-run"]').click();
  await page.locator('[data-test="stat-compare-value"]').waitFor();
  await waitIdle();
  await page.waitForTimeout(600); // chart animations
  await shot('03-statistics');
  // Every chart's data as CSV: the map's provinces and the trend's twelve months.
  const [mapCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="stat-map-export"]').click()]);
  assert.match(mapCsv.suggestedFilename(), /^statistics-map-cases_opened-\d{4}-01-\d{4}-12\.csv$/);
  const mapLines = readFileSync(await mapCsv.path(), 'utf8').trim().split('\r\n');
  assert.equal(mapLines.length, 1 + figure.rows.length);
  const [trendCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="stat-trend-export"]').click()]);
  const trendLines = readFileSync(await trendCsv.path(), 'utf8').trim().split('\r\n');
  assert.equal(trendLines.length, 13);
  assert.equal(trendLines.slice(1).reduce((sum, l) => sum + Number(l.split(',')[1]), 0), figure.total.value);
  // Compared with the months just before instead (for a year: the year before), or chosen months.
  await pickOption(page.locator('[data-test="stat-compare-mode"]'), '自定义月份');
  await page.locator('.w-compare-range').first().waitFor();
  await pickOption(page.locator('[data-test="stat-compare-mode"]'), '上一期');
  await page.locator('[data-test="stat-run"]').click();
  await page.locator('[data-test="stat-compare-value"]').filter({ hasText: `${new Date().getFullYear() - 1}-01` }).waitFor();
  if (figure.rows.length > 0) {
    await rows.first().click();
    const drawer = page.locator('[data-test="stat-records"]');
    await drawer.locator('.el-table__body tr').first().waitFor();
    assert.match(await drawer.innerText(), /共 \d+ 条/);
    await page.keyboard.press('Escape');
  }
  // The transfer rate: a percentage from two integers, its numerator and denominator shown.
  await page.locator('[data-test="stat-indicator"]').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '移送率' }).click();
  await waitIdle();
  await page.locator('[data-test="stat-ranking"]').filter({ hasText: '分母' }).waitFor();
  const download = page.waitForEvent('download');
  await page.locator('[data-test="stat-export-xlsx"]').click();
  assert.match((await download).suggestedFilename(), /^statistics-transfer_rate-.*\.xlsx$/);
  // The situation report of the chosen year as PDF: its text read back, its first page as PNG.
  await page.locator('[data-test="stat-report"] button').click();
  const [report] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="stat-report-pdf"]:visible').click()]);
  assert.match(report.suggestedFilename(), /^situation-report-\d{4}\.pdf$/);
  const reportPath = join(ARTIFACTS, '03b-situation-report.pdf');
  await report.saveAs(reportPath);
  const reportText = execFileSync('pdftotext', ['-layout', reportPath, '-']).toString();
  assert.match(reportText, /知识产权执法形势报告/);
  assert.match(reportText, new RegExp(`立案数（件）\\s+${figure.total.value}\\s`));
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', reportPath, join(ARTIFACTS, '03b-situation-report')]);
  // High-incidence regions: the office sees the rule, its basis flagged as awaiting confirmation,
  // and the candidates the server found for last year (the demo's cases are this year's: none).
  const hi = page.locator('[data-test="high-incidence"]');
  await hi.locator('[data-test="hi-run"]').click();
  await hi.locator('[data-test="hi-basis"]').waitFor();
  assert.match(await hi.innerText(), /口径待领导小组办公室确认/);
  const lastYear = new Date().getFullYear() - 1;
  const candidates = await page.evaluate(async (y) => (await (await fetch(`/api/v1/statistics/high-incidence?year=${y}`)).json()).candidates, lastYear);
  assert.equal(await hi.locator('.el-table__body tr').count(), candidates.length);
});

test('统计: the office filters 专项行动立案数 by one campaign; the total, ranking and drill-through become that campaign\'s', async () => {
  await loginAs('office');
  await page.goto(`${BASE}/statistics`);
  await page.locator('[data-test="stat-total-value"]').waitFor();
  await waitIdle();
  const y = new Date().getFullYear();
  const figureOf = (params) => page.evaluate(async (p) => {
    const r = await fetch(`/api/v1/statistics/figure?${new URLSearchParams(p)}`);
    return r.json();
  }, { indicator: 'cases_opened_campaign', from: `${y}-01`, to: `${y}-12`, ...params });
  // The campaigns with records this year: the demo's 铁拳<year> and, when the import test ran, its tag.
  const byCampaign = await figureOf({ group: 'campaign' });
  assert.ok(byCampaign.rows.length >= 1, 'the demo cases carry a campaign tag');
  const tag = (byCampaign.rows.find((r) => r.key === IMPORT_CAMPAIGN) || byCampaign.rows[0]).key;
  const one = await figureOf({ group: 'category', campaign: tag });
  assert.ok(one.total.value > 0);

  await pickOption(page.locator('[data-test="stat-indicator"]'), '专项行动立案数');
  await waitIdle();
  const total = page.locator('[data-test="stat-total-value"]');
  await total.filter({ hasText: Number(byCampaign.total.value).toLocaleString('zh-CN') }).waitFor();
  await pickOption(page.locator('[data-test="stat-group"]'), '按案件类别');
  await waitIdle();
  // The filter lists exactly the tags with records, by their tag, and narrows every call to one.
  await page.locator('[data-test="stat-filter"]').click();
  const options = page.locator('.el-select-group__wrap:visible').filter({ hasText: '本期有记录' }).locator('.el-select-dropdown__item');
  assert.deepEqual((await options.allInnerTexts()).map((s) => s.trim()).sort(), byCampaign.rows.map((r) => r.key).sort());
  const asked = [];
  const onRequest = (req) => { if (req.url().includes('/api/v1/statistics/')) asked.push(new URL(req.url())); };
  page.on('request', onRequest);
  await options.filter({ hasText: tag }).first().click();
  await total.filter({ hasText: Number(one.total.value).toLocaleString('zh-CN') }).waitFor();
  await waitIdle();
  if (byCampaign.rows.length > 1) assert.notEqual(one.total.value, byCampaign.total.value, 'the filter narrows the total');
  const rows = page.locator('[data-test="stat-ranking"] .el-table__body tr');
  assert.equal(await rows.count(), one.rows.length);
  await shot('03c-statistics-campaign');
  // Drill into the first category: the records are cases with that tag only.
  await rows.first().click();
  const drawer = page.locator('[data-test="stat-records"]');
  await drawer.locator('.el-table__body tr').first().waitFor();
  await page.keyboard.press('Escape');
  // Compared with the year before: that figure is the campaign's too.
  await page.locator('[data-test="stat-compare"]').click();
  await page.locator('[data-test="stat-run"]').click();
  await page.locator('[data-test="stat-compare-value"]').waitFor();
  await waitIdle();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="stat-export-csv"]').click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  page.off('request', onRequest);
  const figureCalls = asked.filter((u) => /\/statistics\/(figure|records|export)$/.test(u.pathname) && u.searchParams.get('group') !== 'campaign');
  assert.ok(figureCalls.some((u) => u.searchParams.get('from') === `${y - 1}-01`), 'the comparison asked');
  assert.ok(figureCalls.some((u) => u.pathname.endsWith('/records')), 'the drill-through asked');
  assert.ok(figureCalls.some((u) => u.pathname.endsWith('/export')), 'the export asked');
  assert.ok(figureCalls.length >= 6, `figure, map, trend, records, comparison and export asked: ${figureCalls.length}`);
  for (const u of figureCalls) assert.equal(u.searchParams.get('campaign'), tag, `${u.pathname} filtered by the campaign`);
  // No filter again: the campaign indicator's whole total.
  await page.locator('[data-test="stat-filter"]').hover();
  await page.locator('[data-test="stat-filter"] .el-select__clear').click();
  await total.filter({ hasText: Number(byCampaign.total.value).toLocaleString('zh-CN') }).waitFor();
});

test('地区督办: the office lists Shanghai for 挂牌督办 with a task; the agency reports it done from the 待办 with a PDF; the office removes it', async () => {
  expect();
  await loginAs('office');
  await page.goto(`${BASE}/statistics/supervision`);
  await page.locator('[data-test="supervision-table"]').waitFor();
  await waitIdle();
  await page.locator('[data-test="sv-create"]').click();
  const dialog = page.locator('[data-test="sv-dialog"]:visible');
  await dialog.waitFor();
  // 挂牌督办 is the default kind, its period from the rule file flagged as awaiting confirmation.
  assert.match(await dialog.innerText(), /默认整改期限 180 日/);
  await dialog.locator('.region-picker').click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '上海市' }).first().locator('.el-radio').click();
  await page.keyboard.press('Escape');
  const reason = `${stamp} 侵权假冒案件连续高发`;
  await dialog.locator('textarea[data-test="sv-reason"]').fill(reason);
  await dialog.locator('.agency-picker').click();
  await page.keyboard.type('上海市市场');
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '上海市市场监督管理局' }).first().click();
  await dialog.locator('.el-dialog__title').click(); // closes the multiple select's list
  await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
  await dialog.locator('[data-test="sv-task-add"]').click();
  const task = dialog.locator('[data-test="sv-task-row"]').first();
  const taskTitle = `${stamp} 商标侵权专项整治`;
  await task.locator('input[data-test="sv-task-title"]').fill(taskTitle);
  const due = new Date(Date.now() + 3 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const dueInput = task.locator('.el-date-editor input');
  await dueInput.fill(due);
  await dueInput.press('Enter');
  await dialog.locator('[data-test="sv-submit"]').click();
  const drawer = page.locator('[data-test="sv-drawer"]:visible');
  await drawer.waitFor();
  assert.match(await drawer.innerText(), /挂牌督办 · 上海市/);
  assert.match(await drawer.innerText(), /上海市人民政府/);
  assert.match(await drawer.locator('[data-test="sv-steps"]').innerText(), /作出督办决定/);
  await page.waitForTimeout(400); // the drawer's slide-in
  await shot('03c-region-supervision');
  await page.keyboard.press('Escape');

  // The responsible agency: the task is on its 待办 (due within a week) and opens the decision.
  await loginAs('sh_officer');
  await openWorkbench();
  const todo = todoRow(taskTitle, '督办整改任务');
  await todo.waitFor();
  await todo.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/statistics\/supervision\?open=\d+/);
  const mine = page.locator('[data-test="sv-drawer"]:visible');
  await mine.locator('[data-test="sv-report-form"]').waitFor();
  await mine.locator('textarea[data-test="sv-report-body"]').fill('已开展专项整治，查处案件 12 件。');
  await mine.locator('[data-test="sv-report-task"]').click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: taskTitle }).first().click();
  await mine.locator('[data-test="sv-report-done"]').click();
  await mine.locator('[data-test="sv-report-file"]').setInputFiles({ name: '整治报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n') });
  await mine.locator('[data-test="sv-report-submit"]').click();
  await mine.locator('[data-test="sv-attachment"]').waitFor();
  assert.match(await mine.innerText(), /待审核/);
  await page.keyboard.press('Escape');
  await openWorkbench();
  assert.equal(await todoRow(taskTitle).count(), 0, 'the task done left the 待办');

  // The office reviews from its 待办 and removes the listing after confirming.
  await loginAs('office');
  await openWorkbench();
  const review = todoRow('挂牌督办 上海市', '审核督办整改报告');
  await review.waitFor();
  await review.locator('[data-test="todo-open"]').click();
  const office = page.locator('[data-test="sv-drawer"]:visible');
  await office.locator('[data-test="sv-attachment"]').waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), office.locator('[data-test="sv-attachment"]').click()]);
  assert.match(file.suggestedFilename(), /\.pdf$/);
  await office.locator('input[data-test="sv-review-note"]').fill('整改到位，予以摘牌');
  await office.locator('[data-test="sv-remove"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await office.locator('[data-test="sv-steps"]').filter({ hasText: '验收销号' }).waitFor();
  assert.match(await office.innerText(), /已销号/);
  await page.keyboard.press('Escape');
  await logoutIfIn();
});

test('区域协作: the office reads the members of a group with their sources and its figure, creates and renames a group; an officer sees only their own province', async () => {
  expect();
  await loginAs('office');
  await page.goto(`${BASE}/statistics/cooperation`);
  const groups = page.locator('[data-test="coop-groups"] .el-table__body tr');
  await groups.first().waitFor();
  // 长三角: the total is the server's sum over the four provinces, each shown with its source.
  await groups.filter({ hasText: '长三角' }).first().click();
  const detail = page.locator('[data-test="coop-detail"]');
  await detail.locator('h2').filter({ hasText: '长三角' }).waitFor();
  await waitIdle();
  const yrd = await page.evaluate(async () => {
    const list = await (await fetch('/api/v1/cooperation-groups?page_size=100')).json();
    const g = list.items.find((x) => x.name === '长三角');
    const y = new Date().getFullYear();
    return (await fetch(`/api/v1/cooperation-groups/${g.id}/figure?indicator=cases_opened&from=${y}-01&to=${y}-12`)).json();
  });
  assert.equal(yrd.members.length, 4);
  assert.equal(await page.locator('[data-test="coop-total-value"]').innerText(), Number(yrd.total.value).toLocaleString('zh-CN'));
  assert.match(await detail.innerText(), /长江三角洲区域一体化发展规划纲要/);
  // 泛珠三角 (9+2): Hong Kong and Macao are members without records here, said so.
  await groups.filter({ hasText: '泛珠三角' }).first().click();
  await detail.locator('h2').filter({ hasText: '泛珠三角' }).waitFor();
  await detail.locator('[data-test="coop-members"] tr').filter({ hasText: '香港特别行政区' }).filter({ hasText: '无本系统数据' }).waitFor();
  await waitIdle();
  await shot('03c-cooperation');

  // A new group of Shanghai and Guangdong, then renamed.
  const name = `沪粤协作${stamp}`;
  await page.locator('[data-test="coop-new"]').click();
  await page.locator('input[data-test="coop-name"]').fill(name);
  const members = page.locator('[data-test="coop-members-select"]');
  await pickOption(members, '上海市');
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '广东省' }).first().click();
  await page.locator('.el-dialog__title:visible').click(); // closes the dropdown, not the dialog
  await page.locator('[data-test="coop-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '协作组已保存' }).first().waitFor();
  await detail.locator('h2').filter({ hasText: name }).waitFor();
  await page.locator('[data-test="coop-edit"]').click();
  await page.locator('input[data-test="coop-name"]').fill(`${name}（更名）`);
  await page.locator('[data-test="coop-submit"]').click();
  await detail.locator('h2').filter({ hasText: `${name}（更名）` }).waitFor();
  await groups.filter({ hasText: `${name}（更名）` }).first().waitFor();

  // A joint meeting of 长三角 with a follow-up task for the Shanghai bureau, due in ten days.
  await groups.filter({ hasText: '长三角' }).first().click();
  await detail.locator('h2').filter({ hasText: '长三角' }).waitFor();
  const meetings = page.locator('[data-test="coop-meetings"]');
  await meetings.locator('[data-test="meeting-new"]').click();
  const meetingTitle = `长三角联席会议${stamp}`;
  await page.locator('input[data-test="meeting-title"]').fill(meetingTitle);
  await page.locator('input[data-test="meeting-place"]').fill('上海');
  await page.locator('textarea[data-test="meeting-decisions"]').fill('建立跨省线索移送机制');
  const taskRow = page.locator('[data-test="meeting-task-0"]');
  await taskRow.locator('.task-text input').fill(`报送跨省线索清单${stamp}`);
  await taskRow.locator('.agency-picker').click();
  await page.keyboard.type('上海市市场');
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '上海市市场监督管理局' }).first().click();
  const due = new Date(Date.now() + (8 * 3600 + 10 * 86400) * 1000).toISOString().slice(0, 10);
  await taskRow.locator('.task-due input').fill(due);
  await page.keyboard.press('Enter');
  await page.locator('[data-test="meeting-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '联席会议已记录' }).first().waitFor();
  const meetingDrawer = page.locator('[data-test="meeting-drawer"]');
  await meetingDrawer.locator('[data-test="meeting-tasks"] tr').filter({ hasText: `报送跨省线索清单${stamp}` }).filter({ hasText: '办理中' }).waitFor();
  await shot('03f-joint-meeting');
  await page.keyboard.press('Escape');

  // A Shanghai officer reads the groups but edits none, and sees only Shanghai's figure in 长三角.
  await loginAs('sh_officer');
  await page.goto(`${BASE}/statistics/cooperation`);
  await groups.first().waitFor();
  assert.equal(await page.locator('[data-test="coop-new"]').count(), 0);
  await groups.filter({ hasText: '长三角' }).first().click();
  await detail.locator('[data-test="coop-members"] tr').filter({ hasText: '江苏省' }).filter({ hasText: '不在查看范围' }).waitFor();
  assert.equal(await page.locator('[data-test="coop-edit"]').count(), 0);
  // The meeting's task is the officer's to-do until the officer closes it.
  await page.locator('[data-test="meeting-list"] .el-table__body tr').filter({ hasText: `长三角联席会议${stamp}` }).first().click();
  const task = page.locator('[data-test="meeting-drawer"] [data-test="meeting-tasks"] tr').filter({ hasText: `报送跨省线索清单${stamp}` });
  await task.locator('[data-test="task-done"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await task.filter({ hasText: '已办结' }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-test="meeting-drawer"]').waitFor({ state: 'hidden' });
});

test('联合行动: the office starts one from the demo\'s cross-region cluster; 浦东 sees its converted case counted and the others only as figures; the office closes it', async () => {
  expect();
  await loginAs('office');
  const leadId = await page.evaluate(async () => {
    const r = await (await fetch(`/api/v1/leads?q=${encodeURIComponent('浦东新区网店')}`)).json();
    return r.items[0].id;
  });
  await page.goto(`${BASE}/leads/clusters/${leadId}`);
  await page.locator('[data-test="cluster-joint"]').click();
  await page.waitForURL(/\/statistics\/joint-operations/);
  await page.locator('[data-test="joint-cluster"]').filter({ hasText: '3 条线索' }).waitFor();
  const name = `沪粤京联合查处${stamp}`;
  await page.locator('input[data-test="joint-title"]').fill(name);
  await page.locator('textarea[data-test="joint-goal"]').fill('三地同步收网：浦东查网店，深圳查仓库');
  const end = new Date(Date.now() + (8 * 3600 + 30 * 86400) * 1000).toISOString().slice(0, 10);
  await page.locator('.joint-end input').fill(end);
  await page.keyboard.press('Enter');
  await page.locator('[data-test="joint-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '联合行动已发起' }).first().waitFor();
  const drawer = page.locator('[data-test="joint-drawer"]');
  await drawer.locator('[data-test="joint-members"] tr').filter({ hasText: '上海市浦东新区市场监督管理局' }).waitFor();
  await drawer.locator('[data-test="joint-members"] tr').filter({ hasText: '深圳市市场监督管理局' }).waitFor();
  assert.equal(await drawer.locator('[data-test="joint-leads"] .el-table__body tr').count(), 3);
  await waitIdle();
  await shot('03g-joint-operation');
  await page.keyboard.press('Escape');

  // 浦东 (a member) sees its own lead and the case converted from it (an earlier step), the rest counted.
  await loginAs('pd_officer');
  await page.goto(`${BASE}/statistics/joint-operations`);
  await page.locator('[data-test="joint-table"] .el-table__body tr').filter({ hasText: name }).first().click();
  await drawer.locator('[data-test="joint-cases"] tr').filter({ hasText: '由行动线索立案' }).waitFor();
  await drawer.locator('[data-test="joint-hidden-leads"]').filter({ hasText: '另有 2 条线索' }).waitFor();
  assert.equal(await drawer.locator('[data-test="joint-close-open"]').count(), 0);
  await page.keyboard.press('Escape');

  // The office closes it with a summary.
  await loginAs('office');
  await page.goto(`${BASE}/statistics/joint-operations`);
  await page.locator('[data-test="joint-table"] .el-table__body tr').filter({ hasText: name }).first().click();
  await drawer.locator('[data-test="joint-close-open"]').click();
  await page.locator('textarea[data-test="joint-close-summary"]').fill('浦东立案 1 件，深圳仓库查封');
  await page.locator('[data-test="joint-close-submit"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await drawer.locator('[data-test="joint-summary"]').filter({ hasText: '浦东立案 1 件' }).waitFor();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
});

test('定期报告: an officer subscribes to the monthly situation report of their scope and sees it listed, then stops it', async () => {
  expect();
  await loginAs('sh_officer');
  await page.goto(`${BASE}/statistics`);
  await page.locator('[data-test="stat-schedules"]').click();
  await page.locator('[data-test="scheduled-reports"]').waitFor();
  await page.locator('[data-test="schedule-create"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已订阅定期形势报告' }).first().waitFor();
  const row = page.locator('[data-test="schedule-list"] .el-table__body tr').filter({ hasText: '每月' }).first();
  await row.filter({ hasText: '尚未生成' }).waitFor();
  await shot('03h-scheduled-reports');
  await row.locator('[data-test="schedule-stop"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await row.filter({ hasText: '已停止' }).waitFor();
  await page.keyboard.press('Escape');
});

test('年度公开: the office publishes last year\'s figures with small counts as "<N", the portal shows them without login, the office withdraws them', async () => {
  expect();
  const year = new Date().getFullYear() - 1;
  await loginAs('office');
  await page.goto(`${BASE}/statistics/publications`);
  await page.locator('[data-test="publications"]').waitFor();
  await waitIdle();
  // A snapshot of last year left by an earlier run is withdrawn first through the API.
  const officeApi = await apiAs('office');
  for (const p of (await officeApi.get('/statistics/publications?page_size=100')).items) {
    if (p.year === year && p.status === 'published') {
      await officeApi.post(`/statistics/publications/${p.id}/withdraw`, { reason: '浏览器测试重跑', version: p.version });
    }
  }
  await officeApi.close();
  await page.reload();
  await page.locator('[data-test="publish-new"]').click();
  await page.locator('[data-test="publish-submit"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: `${year} 年的数字已公开` }).first().waitFor();
  const drawer = page.locator('[data-test="publication-drawer"]');
  const table = drawer.locator('[data-test="annual-figures-table"]');
  await table.locator('.el-table__body tr').first().waitFor();
  // The national 立案数 is the office's own figure for the year, or "<5" when it is small.
  const figure = await page.evaluate(async (y) => (await (await fetch(`/api/v1/statistics/figure?indicator=cases_opened&from=${y}-01&to=${y}-12`)).json()).total.value, year);
  const nationalRow = table.locator('.el-table__body tr').filter({ hasText: '全国' }).first();
  const national = (await nationalRow.locator('td').nth(1).innerText()).trim();
  assert.equal(national, figure > 0 && figure < 5 ? '<5' : Number(figure).toLocaleString('zh-CN'));
  // Nothing between 1 and 4 is shown anywhere in the 立案数 column.
  for (const v of await table.locator('.el-table__body tr td:nth-child(2)').allInnerTexts()) {
    assert.ok(!/^[1-4]$/.test(v.trim()), `small count shown: ${v}`);
  }
  await shot('03d-annual-publication');
  await page.keyboard.press('Escape');

  // The portal: no session; the figures load once the proof of work is done.
  await logoutIfIn();
  await page.goto(`${BASE}/public`);
  await page.locator('[data-test="portal-annual-link"]').click();
  const portal = page.locator('[data-test="public-annual"] [data-test="annual-figures-table"]');
  await portal.locator('.el-table__body tr').first().waitFor({ timeout: 30_000 });
  assert.equal(await portal.locator('.el-table__body tr').count(), 32);
  assert.equal((await portal.locator('.el-table__body tr').filter({ hasText: '全国' }).first().locator('td').nth(1).innerText()).trim(), national);
  assert.match(await page.locator('[data-test="public-annual"]').innerText(), /表示该数字大于 0 且小于 5/);
  await shot('03e-public-annual-figures');

  // Withdrawn with a reason: the portal says nothing is published.
  await loginAs('office');
  await page.goto(`${BASE}/statistics/publications`);
  await page.locator('[data-test="publications"] .el-table__body tr').filter({ hasText: String(year) }).filter({ hasText: '已公开' }).first().click();
  await page.locator('[data-test="publication-withdraw"]').click();
  await page.locator('textarea[data-test="publication-withdraw-reason"]').fill('数字需要复核');
  await page.locator('[data-test="publication-withdraw-submit"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '已撤回' }).first().waitFor();
  await page.locator('[data-test="publications"] .el-table__body tr').filter({ hasText: '数字需要复核' }).first().waitFor();
});

test('平安建设考核: the office saves last year\'s rubric, scores a manual item with a reason, drills into a computed item, publishes; Shanghai\'s officer sees Shanghai\'s line', async () => {
  expect();
  const year = new Date().getFullYear() - 1;
  await loginAs('office');
  await page.goto(`${BASE}/statistics/assessment`);
  const rows = page.locator('[data-test="psa-scores"] .el-table__body tr');
  await rows.first().waitFor();
  await waitIdle();
  // Publication is final: a rerun on the same database finds last year published and checks it.
  const status = (await page.locator('[data-test="psa-status"]').innerText()).trim();
  if (status === '草稿') {
    await page.locator('[data-test="psa-edit-rubric"]').click();
    await page.locator('[data-test="psa-rubric-table"] .el-table__body tr').first().waitFor();
    await page.locator('[data-test="psa-rubric-save"]').click();
    await page.locator('.el-message--success').filter({ hasText: '评分细则已保存' }).first().waitFor();
    await waitIdle();
    await page.locator('[data-test="psa-manual"]').click();
    await pickOption(page.locator('[data-test="psa-manual-region"]'), '上海市');
    await page.locator('[data-test="psa-manual-points"] input').fill('18');
    await page.locator('textarea[data-test="psa-manual-reason"]').fill('领导小组运转正常（浏览器测试）');
    await page.locator('[data-test="psa-manual-submit"]').click();
    await page.locator('.el-message--success').filter({ hasText: '人工评分已保存' }).first().waitFor();
    // The ranking reloads with Shanghai's 18 manual points before its row is opened.
    const shanghai = rows.filter({ hasText: '上海市' }).filter({ hasText: '18.00' }).first();
    await shanghai.waitFor();
    await waitIdle();
    await shanghai.click();
    const drawer = page.locator('[data-test="psa-drawer"]');
    await drawer.getByText('领导小组运转正常（浏览器测试）').waitFor();
    await shot('03f-assessment-draft');
    // A computed item opens its figure on the statistics page.
    await drawer.locator('[data-test="psa-drill"]').first().click();
    await page.waitForURL(/\/statistics\?/);
    assert.match(page.url(), new RegExp(`year=${year}`));
    await page.locator('[data-test="stat-ranking"]').waitFor();
    await page.goto(`${BASE}/statistics/assessment`);
    await rows.first().waitFor();
    await page.locator('[data-test="psa-publish"]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.locator('.el-message--success').filter({ hasText: `${year} 年考核结果已公布` }).first().waitFor();
  }
  await page.locator('[data-test="psa-status"]').filter({ hasText: '已公布' }).waitFor();
  assert.equal(await page.locator('[data-test="psa-publish"]').count(), 0);
  assert.equal(await rows.count(), 20);  // the first page of 31 provinces

  await loginAs('sh_officer');
  await page.goto(`${BASE}/statistics/assessment`);
  await rows.first().waitFor();
  await waitIdle();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /上海市/);
  assert.equal(await page.locator('[data-test="psa-edit-rubric"]').count(), 0);
  await shot('03g-assessment-officer');
});

test('销毁活动, 保管情况 and the environment department: the office creates a campaign, an officer attaches a destruction, the summary exports; sh_env reads the region\'s destructions only', async () => {
  expect();
  const officerApi = await apiAs('sh_officer');
  const closed = (await officerApi.get('/destructions?status=closed')).items[0];
  assert.ok(closed, 'the demo closed destruction');
  const items = (await officerApi.get('/custody/items?page_size=200')).items;
  await officerApi.close();
  const liquor = items.find((i) => i.case_id === closed.case_id);
  assert.ok(liquor, 'the line of the closed destruction');

  // The office creates a campaign over 上海市 from the 销毁活动 tab.
  const name = `沪集中销毁${stamp}`;
  await loginAs('office');
  await page.goto(`${BASE}/destruction/campaigns`);
  await page.locator('[data-test="campaigns"] .el-table__body tr').first().waitFor();
  await page.locator('[data-test="add-campaign"]').click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '组织销毁活动' });
  await dialog.waitFor();
  await page.locator('input[data-test="campaign-name"]').fill(name);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const year = today.slice(0, 4);
  const dateInputs = dialog.locator('.el-date-editor input');
  await dateInputs.nth(0).fill(`${year}-01-01`);
  await page.keyboard.press('Enter');
  await dateInputs.nth(1).fill(`${year}-12-31`);
  await page.keyboard.press('Enter');
  await dialog.locator('.region-picker').click();
  await page.locator('.el-cascader-node:visible').filter({ hasText: '上海市' }).first().locator('.el-radio').click();
  await page.keyboard.press('Escape');
  await page.locator('[data-test="campaign-region-add"]').click();
  await dialog.locator('.el-tag').filter({ hasText: '上海市' }).waitFor();
  await shot('66-campaign-create');
  await page.locator('[data-test="campaign-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已组织销毁活动' }).first().waitFor();
  await page.locator('[data-test="campaign-link"]').filter({ hasText: name }).waitFor();

  // The officer moves the demo's closed destruction from the demo campaign to the new one.
  await loginAs('sh_officer');
  await page.goto(`${BASE}/destruction/applications`);
  const row = page.locator('[data-test="destructions"] .el-table__body tr').filter({ hasText: closed.certificate_no }).first();
  await row.waitFor();
  await row.locator('[data-test="detach-campaign"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  await page.locator('.el-message--success').filter({ hasText: '已退出销毁活动' }).first().waitFor();
  await row.locator('[data-test="attach-campaign"]').click();
  await pickOption(page.locator('[data-test="attach-select"]'), name);
  await page.locator('[data-test="attach-submit"]').click();
  await page.locator('.el-message--success').filter({ hasText: '已参加销毁活动' }).first().waitFor();
  await row.locator('[data-test="row-campaign"]').filter({ hasText: name }).waitFor();

  // The campaign page: 上海市 with the destruction's 120 bottles; the XLSX export is a workbook.
  await row.locator('[data-test="row-campaign"]').click();
  const summary = page.locator('[data-test="campaign-summary"] .el-table__body tr').filter({ hasText: '上海市' });
  await summary.waitFor();
  assert.match(await summary.innerText(), /120/);
  await page.locator('[data-test="campaign-destructions"] .el-table__body tr').filter({ hasText: '假冒白酒' }).waitFor();
  await shot('67-campaign-summary');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="campaign-export-xlsx"]').click()]);
  const xlsxPath = join(ARTIFACTS, '67b-campaign.xlsx');
  await xlsx.saveAs(xlsxPath);
  assert.equal(readFileSync(xlsxPath).subarray(0, 2).toString(), 'PK');

  // 保管情况: the case's statement from its ledger, the line's numbers in its text.
  await page.goto(`${BASE}/destruction`);
  await page.locator('input[data-test="ledger-case"]').fill(String(liquor.case_id));
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('[data-test="custody-ledger"] .el-table__body tr').filter({ hasText: liquor.label_no }).waitFor();
  const [statement] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="custody-statement"]').click()]);
  const statementPath = join(ARTIFACTS, '68-custody-statement.pdf');
  await statement.saveAs(statementPath);
  const text = execFileSync('pdftotext', ['-layout', statementPath, '-']).toString();
  assert.match(text, /涉案物品保管情况/);
  assert.match(text, new RegExp(`${liquor.label_no}.*\\s${liquor.balance.seized}\\s+${liquor.balance.in_custody}\\s.*\\s${liquor.balance.destroyed}\\s*$`, 'm'));
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', statementPath, join(ARTIFACTS, '68-custody-statement')]);

  // The environment department: the 销毁 module opens on the destructions, no ledger, no actions.
  await loginAs('sh_env');
  await clickNav('destruction');
  const tabs = page.locator('[data-test="destruction-tabs"]');
  await tabs.waitFor();
  await page.locator('[data-test="destructions"] .el-table__body tr').filter({ hasText: closed.certificate_no }).waitFor();
  const tabText = await tabs.innerText();
  assert.match(tabText, /销毁申请与执行/);
  assert.doesNotMatch(tabText, /涉案物品台账|对账/);
  assert.equal(await page.locator('[data-test="approve"], [data-test="execute"], [data-test="attach-campaign"], [data-test="detach-campaign"]').count(), 0);
  await shot('69-environment-destructions');
  await page.goto(`${BASE}/destruction/summary`);
  const [notice] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-notice"]').click()]);
  const noticePath = join(ARTIFACTS, '69b-environment-notice.csv');
  await notice.saveAs(noticePath);
  assert.match(readFileSync(noticePath, 'utf8'), new RegExp(closed.certificate_no));
});

test('工作台: a transfer waits in turn for the head, the officer and the police, each acting from the 待办', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  const officer = await apiAs('sh_officer');
  const created = await officer.post('/cases', {
    case_number: WB.number, title: WB.title, category: 'trademark', conduct: 'counterfeit_trademark',
    source: 'inspection', act_date_from: '2024-03-01', act_date_to: '2024-06-30',
    amounts_fen: { illegal_business: 6000000 },
    parties: [{ kind: 'company', name: '上海某某工作台贸易有限公司', uscc: CASE.uscc, role: 'party' }],
  });
  await officer.post(`/cases/${created.id}/transfer`, { team: ['sh_officer', 'sh_head'], report: '专案组核实情况的书面报告', suspicion_only: false });
  await officer.close();

  // The head: 审批是否移送, with a deadline in Beijing time; the menu's 案件 badge counts it.
  await loginAs('sh_head');
  await openWorkbench();
  const approve = todoRow(WB.title, '审批是否移送');
  await approve.waitFor();
  assert.match(await approve.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'the deadline is shown');
  assert.ok(await page.locator('[data-test="nav"] [data-badge="cases"]').count(), 'the 案件 menu entry has a badge');
  await shot('60-workbench-sh_head');
  await approve.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/cases\/transfers\/\d+$/);
  await transferAction('approve');

  // The officer: 移送公安机关.
  await loginAs('sh_officer');
  await openWorkbench();
  const send = todoRow(WB.title, '移送公安机关');
  await send.waitFor();
  assert.equal(await todoRow(WB.title, '审批是否移送').count(), 0, 'approval is not the officer’s');
  await shot('61-workbench-sh_officer');
  await send.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/cases\/transfers\/\d+$/);
  await transferAction('send', async (dialog) => {
    await dialog.locator('.agency-picker').click();
    await page.keyboard.type('上海市公安局');
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '上海市公安局' }).first().click();
    for (const box of await dialog.locator('[data-test="send-documents"] .el-checkbox').all()) await box.click();
  });

  // The police land on 移送接收; their 工作台 lists 接收移送案件.
  await logoutIfIn();
  await loginThroughForm('sh_police', DEMO_PASSWORD);
  await page.waitForURL(`${BASE}/cases/incoming`);
  // The 移送接收 tab counts what waits there.
  await page.locator('[data-test="cases-tabs"] [data-tab-badge="cases-incoming"]').waitFor();
  await openWorkbench();
  const receive = todoRow(WB.title, '接收移送案件');
  await receive.waitFor();
  // No case figures for the police, so no map to colour and no trends (they read no statistics).
  await page.locator('[data-test="kpis"] [data-kpi="transfers_overdue"]').waitFor();
  assert.equal(await page.locator('[data-test="map-card"]').count(), 0);
  assert.equal(await page.locator('[data-test="trends"]').count(), 0);
  await shot('62-workbench-sh_police');
  await receive.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/cases\/transfers\/\d+$/);
  await transferAction('receive');
  await openWorkbench();
  await todoRow(WB.title, '作出立案决定').waitFor();
  await logoutIfIn();
});

// Keyboard only (GB/T 37668 follows WCAG 2.1.1): Tab, Enter and typing, no mouse. `tabTo` presses Tab
// until the focused element matches (and, with `text`, sits in a row or item that shows it).
async function tabTo(selector, { text = null, max = 150 } = {}) {
  for (let i = 0; i <= max; i++) {
    const hit = await page.evaluate(([sel, txt]) => {
      const el = document.activeElement;
      if (!el || !el.matches(sel)) return false;
      return !txt || (el.closest('tr, li, [data-kind]') || el).innerText.includes(txt);
    }, [selector, text]);
    if (hit) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}${text ? ` showing ${text}` : ''}`);
}
async function keyboardLogin(login, password) {
  await logoutIfIn();
  await page.goto(`${BASE}/login`);
  await page.locator('input[name="login"]').waitFor();
  await tabTo('input[name="login"]');
  await page.keyboard.type(login);
  await tabTo('input[name="password"]');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

test('keyboard only: the police log in, open the transfer from the 待办 and file it; an officer opens a case', async (t) => {
  if (!(await casesApiAvailable())) { t.skip(CASES_SKIP); return; }
  expect();
  await keyboardLogin('sh_police', DEMO_PASSWORD);
  await page.waitForURL(`${BASE}/cases/incoming`);
  await tabTo('[data-test="nav"] [data-module="home"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${BASE}/`);
  await todoRow(WB.title, '作出立案决定').waitFor();
  await tabTo('[data-test="todo-open"]', { text: WB.title });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/cases\/transfers\/\d+$/);
  await page.locator('[data-test="transfer-actions"] [data-action="file"]').waitFor();
  await tabTo('[data-test="transfer-actions"] [data-action="file"]');
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-test="transfer-action-dialog"]:visible');
  await dialog.waitFor();
  await tabTo('[data-test="action-submit"]');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.el-message--success').last().waitFor();

  await keyboardLogin('sh_officer', DEMO_PASSWORD);
  await tabTo('[data-test="nav"] [data-module="cases"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${BASE}/cases`);
  await page.locator('[data-test="case-open"]').first().waitFor();
  await tabTo('[data-test="case-open"]', { text: WB.number });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/cases\/\d+$/);
  await page.locator('[data-test="case-parties"]').waitFor();
  await logoutIfIn();
});

test('工作台: cnipa_officer acknowledges a 督办 notice from the 待办', async (t) => {
  if (!(await plansApiAvailable())) { t.skip(PLANS_SKIP); return; }
  expect();
  const office = await apiAs('office');
  const plans = await office.get('/plans');
  const plan = plans.items.find((p) => p.year === 2020);
  const agencies = await office.get('/agencies?q=' + encodeURIComponent('国家知识产权局'));
  const cnipa = agencies.items.find((a) => a.name === '国家知识产权局');
  const title = `关于${stamp}工作台督办事项的通知`;
  await office.post(`/plans/${plan.id}/notices`, { kind: 'supervision', agency_id: cnipa.id, title, text: '请按期报送。', due_date: '2030-12-31' });
  await office.close();

  await loginAs('cnipa_officer');
  await openWorkbench();
  const row = todoRow(title, '签收督办通知');
  await row.waitFor();
  await shot('63-workbench-cnipa_officer');
  await row.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/plan\/\d+\/notices$/);
  const mine = page.locator('.el-table__body tr').filter({ hasText: title });
  await mine.first().locator('[data-test="notice-ack"]').click();
  await mine.first().locator('[data-test="notice-acked"]').waitFor();
  await openWorkbench();
  assert.equal(await todoRow(title).count(), 0, 'the acknowledged notice left the 待办');
  await logoutIfIn();
});

test('工作台: the analyst reviews a monitoring hit from the 待办', async () => {
  expect();
  await loginAs('analyst');
  await openWorkbench();
  const row = todoRow('研判监测结果');
  await row.waitFor();
  await shot('64-workbench-analyst');
  await row.locator('[data-test="todo-open"]').click();
  await page.waitForURL(/\/monitoring\?open=\d+$/);
  const id = new URL(page.url()).searchParams.get('open');
  await page.locator('[data-test="drawer-dismiss"]').click();
  const dialog = page.locator('.el-dialog:visible');
  await dialog.waitFor();
  await pickOption(dialog.locator('[data-test="hit-dismiss-reason"]'), /./);
  await dialog.locator('[data-test="hit-dismiss-submit"]').click();
  await page.locator('.el-message--success').last().waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await page.keyboard.press('Escape'); // close the hit's drawer
  await page.locator('.el-drawer:visible').waitFor({ state: 'hidden' });
  const hit = await (await context.request.get(`${BASE}/api/v1/monitoring/hits/${id}`)).json();
  assert.equal(hit.status, 'dismissed');
  await logoutIfIn();
});

test('工作台: the office and the prosecutor see their own 待办; the auditor has none', async () => {
  expect();
  await loginAs('office');
  await openWorkbench();
  const officeKinds = await page.locator('[data-test="todo-table"] [data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(officeKinds.every((k) => ['lead_unassigned', 'access', 'lead_alert', 'hit', 'licence_expiring'].includes(k)), `office kinds: ${officeKinds}`);
  await page.locator('[data-test="kpis"] [data-kpi="cases_total"]').waitFor();
  await shot('65-workbench-office');
  // Trends of the scope over a chosen period: the chart draws, the totals say what it shows, and
  // a preset asks the server for that period.
  await page.locator('[data-test="trend-chart"] canvas').waitFor();
  assert.match(await page.locator('[data-test="trend-summary"]').innerText(), /立案数 \d+/);
  const lastYear = String(new Date().getFullYear() - 1);
  const [trendReply] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/workbench/trends') && r.url().includes(`from=${lastYear}-01`)),
    page.locator('[data-test="trend-preset"]').getByText('去年').click(),
  ]);
  assert.equal(trendReply.status(), 200);
  await page.waitForFunction((y) => document.querySelector('[data-test="trends"]')?.innerText.includes(`${y}-01 — ${y}-12`), lastYear);
  await page.locator('[data-test="trends"]').scrollIntoViewIfNeeded();
  await shot('65b-workbench-office-trends');
  const alert = todoRow('处理串并预警');
  if (await alert.count()) {
    await alert.locator('[data-test="todo-open"]').click();
    await page.waitForURL(`${BASE}/leads/alerts`);
  }

  await loginAs('sh_prosecutor');
  await openWorkbench();
  const prosecutorKinds = await page.locator('[data-test="todo-table"] [data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(prosecutorKinds.every((k) => ['transfer_overdue', 'case_alert'].includes(k)), `prosecutor kinds: ${prosecutorKinds}`);
  await page.locator('[data-test="kpis"] [data-kpi="transfer_rate"]').waitFor();
  await page.locator('[data-test="region-map"] canvas, [data-test="map-empty"]').first().waitFor();
  await shot('66-workbench-sh_prosecutor');
  // The prosecutor's 案件 menu entry opens 检察监督, not the case list.
  await page.locator('[data-test="nav"] [data-module="cases"]').click();
  await page.waitForURL(`${BASE}/cases/supervision`);

  await loginAs('auditor');
  await openWorkbench();
  assert.equal(await page.locator('[data-test="todo-table"] [data-kind]').count(), 0);
  assert.match(await page.locator('[data-test="todo"]').innerText(), /暂无待办/);
  await shot('67-workbench-auditor');
  await logoutIfIn();
});

// Visible text of the page's main area, without code fields (identifiers shown as such: case numbers,
// listing ids, credit codes are marked .mono / <code> / [data-raw]) and without what people wrote or
// other systems sent (.user-text: listing titles, shop and brand names, case titles), which is data,
// not the interface's words.
async function visibleText() {
  return page.locator('main').evaluate((main) => {
    const skip = (el) => el.closest('.mono, code, pre, [data-raw], .user-text, .el-select-dropdown, .el-popper[aria-hidden="true"]');
    const out = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !el.checkVisibility()) continue;
      const v = n.textContent.trim();
      if (v) out.push(v);
    }
    for (const input of main.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (input.checkVisibility() && !skip(input)) out.push(input.placeholder);
    }
    return out;
  });
}
// Words allowed in zh-CN pages: abbreviations officers use as such.
const ALLOWED_WORDS = new Set(['API', 'CSV', 'XLSX', 'JSON', 'JSONL', 'ID', 'URL', 'IP', 'QQ', 'PDF', 'ECharts', 'Excel', 'GB', 'GBT',
  'KB', 'MB', 'JPEG', 'PNG']);
function badTexts(texts) {
  const bad = [];
  for (const x of texts) {
    if (/[a-z]+[._][a-z]+/.test(x)) bad.push(`raw code: ${x}`);
    // A run of Latin letters, digits and dashes that holds a digit is an identifier (IMP-2026-1,
    // WB-m1x2), not a word.
    for (const run of x.match(/[A-Za-z0-9-]+/g) || []) {
      if (/[0-9]/.test(run)) continue;
      for (const w of run.match(/[A-Za-z]{2,}/g) || []) {
        if (!ALLOWED_WORDS.has(w) && !ALLOWED_WORDS.has(w.toUpperCase())) bad.push(`English: ${w} in "${x}"`);
      }
    }
  }
  return bad;
}

const WALK_ROLES = ['admin', 'office', 'auditor', 'sh_officer', 'sh_head', 'sh_police', 'sh_prosecutor', 'analyst', 'cnipa_officer', 'sh_env'];
const walkTextProblems = [];
// axe-core (npm, in web/node_modules) on every page each role reaches: violations by impact.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeByPage = new Map(); // "role path" → {critical, serious, moderate, minor, rules}
async function runAxe() {
  // Colours are judged once transitions (tab switches, fading messages) have finished: half-faded text
  // is no finding.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: TIMEOUT })
    .catch(() => {});
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    const out = { critical: 0, serious: 0, moderate: 0, minor: 0, rules: [] };
    for (const v of r.violations) {
      out[v.impact] += v.nodes.length;
      out.rules.push(`${v.impact}:${v.id}×${v.nodes.length}`);
    }
    return out;
  });
}
// What does not fit the 1366 px window the browser tests use: the page scrolling sideways, or a
// table whose columns are wider than the table (its rows then scroll sideways).
const fitProblems = [];
async function overflows() {
  return page.evaluate(() => {
    const out = [];
    const doc = document.scrollingElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push(`page ${doc.scrollWidth}px wide`);
    for (const wrap of document.querySelectorAll('main .el-table__body-wrapper .el-scrollbar__wrap')) {
      if (!wrap.checkVisibility()) continue;
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        const table = wrap.closest('[data-test]');
        out.push(`table ${table ? table.dataset.test : ''} ${wrap.scrollWidth}px in ${wrap.clientWidth}px`);
      }
    }
    return out;
  });
}
test('every role walks every menu entry and tab it is shown: never 无权访问, never a 403', async () => {
  expect();
  const denied = [];
  for (const login of WALK_ROLES) {
    if (login === ADMIN) {
      await logoutIfIn();
      await loginThroughForm(ADMIN, ADMIN_PASSWORD);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    } else {
      await loginAs(login);
    }
    const keys = await page.locator('[data-test="nav"] [data-module]').evaluateAll((els) => els.map((e) => e.dataset.module));
    for (const key of keys) {
      await clickNav(key);
      await page.locator(`[data-test="nav"] .is-active[data-module="${key}"]`).waitFor();
      await waitIdle();
      // Element Plus names each tab pane's header "tab-<name>"; the names are route names.
      const names = await page.locator('main .el-tabs__nav [role="tab"]')
        .evaluateAll((els) => els.map((e) => e.id.replace(/^tab-/, '')));
      for (const name of names.length ? names : [null]) {
        if (name) {
          await page.locator(`main [id="tab-${name}"]`).click();
          await page.locator(`main [id="tab-${name}"][aria-selected="true"]`).waitFor();
          await waitIdle();
        }
        const where = `${login} ${new URL(page.url()).pathname}`;
        if (await page.locator('[data-test="forbidden"]').count()) denied.push(`${where}: 无权访问`);
        for (const b of badTexts(await visibleText())) walkTextProblems.push(`${where}: ${b}`);
        for (const f of await overflows()) fitProblems.push(`${where}: ${f}`);
        axeByPage.set(where, await runAxe());
      }
    }
  }
  assert.deepEqual(denied, []);
  assert.deepEqual(badResponses.filter((r) => r.startsWith('403')), []);
  await logoutIfIn();
});

// Issue 20: the contract's viewer, self-hosted (no request leaves the server's origin).
test('API 文档: /api/docs shows the contract from this server, with no external asset', async () => {
  const docs = await context.newPage();
  const errors = [];
  const foreign = [];
  docs.on('pageerror', (e) => errors.push(e.message));
  docs.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.location()?.url || '')) errors.push(m.text()); });
  docs.on('request', (r) => { if (new URL(r.url()).origin !== new URL(BASE).origin) foreign.push(r.url()); });
  docs.on('response', (r) => { if (r.status() >= 400 && !/favicon/.test(r.url())) errors.push(`${r.status()} ${r.url()}`); });
  const contract = docs.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/openapi.json');
  await docs.goto(`${BASE}/api/docs`);
  const operations = Object.values(await (await contract).json().then((d) => d.paths))
    .reduce((n, ops) => n + Object.keys(ops).length, 0);
  assert.ok(operations > 200, `${operations} operations`);
  await docs.locator('.opblock').first().waitFor();
  assert.match(await docs.locator('.info .title').innerText(), /ipenforce API/);
  assert.match(await docs.locator('.opblock-summary-path').first().innerText(), /^\/api\/v1\//);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  await docs.close();
});

// tests/artifacts/raw-text.txt lists what the raw-code walk found (empty when it passes);
// tests/artifacts/axe.md lists every page's violations by impact (moderate ones — content outside
// landmarks, pages without an h1 — remain).
test('axe-core: no critical or serious violation on any page of any role', () => {
  const rows = [...axeByPage].map(([where, c]) => `| ${where} | ${c.critical} | ${c.serious} | ${c.moderate} | ${c.minor} | ${c.rules.join(' ')} |`);
  writeFileSync(join(ARTIFACTS, 'axe.md'), ['| role and page | critical | serious | moderate | minor | rules |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n');
  const bad = [...axeByPage].filter(([, c]) => c.critical + c.serious > 0).map(([where, c]) => `${where}: ${c.rules.join(' ')}`);
  assert.deepEqual(bad, []);
});

test('no raw code pattern or English word in what every role was shown', () => {
  const unique = [...new Set(walkTextProblems)];
  writeFileSync(join(ARTIFACTS, 'raw-text.txt'), unique.join('\n') + '\n');
  assert.deepEqual(unique, [], unique.join('\n'));
});

// tests/artifacts/fit-1366.txt lists what did not fit (empty when it passes).
test('every page and table of every role fits 1366 px', () => {
  const unique = [...new Set(fitProblems)];
  writeFileSync(join(ARTIFACTS, 'fit-1366.txt'), unique.join('\n') + '\n');
  assert.deepEqual(unique, [], unique.join('\n'));
});

test('no script errors and no unexpected failed requests', () => {
  assert.deepEqual(scriptErrors, [], 'console errors / uncaught exceptions');
  assert.deepEqual(badResponses, [], 'unexpected HTTP errors');
});
