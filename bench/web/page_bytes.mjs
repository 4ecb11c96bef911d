// Bytes a page load transfers, uncompressed and as served (issue 14: precompressed assets).
// Logs in as each given user in a fresh browser profile (empty cache) and opens each route with a
// cold cache, summing the Resource Timing entries of the page's own origin: decodedBodySize (what
// the browser would have fetched without compression) and encodedBodySize (what it did fetch).
//   IPE_URL=http://127.0.0.1:8080 node bench/web/page_bytes.mjs admin:Admin@12345 / /cases /plan
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const BASE = (process.env.IPE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const [who, ...paths] = process.argv.slice(2);
const [login, password] = who.split(':');

const profile = mkdtempSync(join(tmpdir(), 'ipe-bytes-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.IPE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
});
const page = context.pages()[0] || (await context.newPage());
await page.goto(`${BASE}/login`);
await page.locator('input[name="login"]').fill(login);
await page.locator('input[type="password"]').fill(password);
await page.locator('input[type="password"]').press('Enter');
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
console.log('| page | uncompressed bytes | transferred bytes | ratio |');
console.log('|---|---|---|---|');
for (const path of paths) {
  await page.goto(`${BASE}${path}`);
  await page.waitForLoadState('networkidle');
  const sums = await page.evaluate((origin) => {
    let decoded = 0;
    let encoded = 0;
    for (const e of [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]) {
      if (!e.name.startsWith(origin) || e.name.includes('/api/')) continue;
      decoded += e.decodedBodySize;
      encoded += e.encodedBodySize;
    }
    return { decoded, encoded };
  }, BASE);
  console.log(`| ${path} | ${sums.decoded} | ${sums.encoded} | ${(sums.encoded / sums.decoded).toFixed(2)} |`);
}
await context.close();
rmSync(profile, { recursive: true, force: true });
