// Issue 20: the UI calls only operations the API contract has. Two checks share the work:
//  - the API modules (src/api/*.ts) are typed by the contract: tsc refuses a path, method, query or
//    body the contract lacks (typecheck.test.js, `npm run typecheck`, the build);
//  - the views are JavaScript, so their literal calls — api.get/post/put/patch/del('/path' or
//    `/path/${id}`), download('/path'), and the list endpoints ('…Endpoint = "/path"', endpoint="/path"
//    of DataTable/ExportButton, fetched with GET) — are looked up in the contract (./contract-file.js)
//    here. A call to a path or method the contract lacks fails this test (run by `npm run test:unit`
//    and scripts/test.sh). Calls whose path is a variable are counted, not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFile } from './contract-file.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const contract = JSON.parse(readFileSync(contractFile(), 'utf8'));

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(js|vue)$/.test(name) && !name.endsWith('.test.js')) out.push(p); // .ts: typecheck.test.js
  }
  return out;
}

const METHOD = { get: 'get', post: 'post', put: 'put', patch: 'patch', del: 'delete' };

// [{file, method, path}] of the literal calls; `${…}` becomes one path parameter.
export function literalCalls(text, file) {
  const calls = [];
  const add = (method, raw) => {
    const path = raw.split('?')[0].replace(/\$\{[^}]*\}/g, '{}');
    calls.push({ file, method, path });
  };
  for (const m of text.matchAll(/\bapi\.(get|post|put|patch|del)\(\s*(['`])([^'`]*)\2/g)) add(METHOD[m[1]], m[3]);
  for (const m of text.matchAll(/\bdownload\(\s*(['`])([^'`]*)\1/g)) add('get', m[2]);
  for (const m of text.matchAll(/Endpoint\s*=\s*(['`])(\/[^'`]*)\1/g)) add('get', m[2]);
  for (const m of text.matchAll(/\bendpoint="(\/[^"]*)"/g)) add('get', m[1]);
  return calls;
}

function matches(template, path) {
  const want = template.split('/');
  const got = ('/api/v1' + path).split('/');
  if (want.length !== got.length) return false;
  // A `${…}` of the UI stands for any one segment: an id, or a step name chosen at run time
  // (`/complaints/${id}/${step}` must match some operation, `/complaints/{id}/accept` …).
  return want.every((seg, i) => (seg.startsWith('{') ? got[i] !== '' : seg === got[i] || got[i] === '{}'));
}

function inContract(method, path) {
  return Object.entries(contract.paths).some(([template, ops]) => ops[method] && matches(template, path));
}

test('literalCalls finds calls, downloads and list endpoints', () => {
  const calls = literalCalls("api.get('/cases/codes'); api.del(`/tokens/${t.id}`);\n" +
    "download('/x.csv?a=1'); export const listEndpoint = '/leads';", 'f');
  assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`),
    ['get /cases/codes', 'delete /tokens/{}', 'get /x.csv', 'get /leads']);
  assert.equal(inContract('get', '/cases/codes'), true);
  assert.equal(inContract('get', '/cases/{}'), true);
  assert.equal(inContract('delete', '/cases/codes'), false);
  assert.equal(inContract('post', '/cases/{}/close'), true);
  assert.equal(inContract('post', '/cases/{}/reopen'), false);
  assert.equal(inContract('get', '/no/such/thing'), false);
});

test('every literal API call of the UI is an operation of the contract', () => {
  const calls = sourceFiles(src).flatMap((f) => literalCalls(readFileSync(f, 'utf8'), f.slice(src.length + 1)));
  // what the views still name themselves — DataTable/ExportButton list endpoints, mostly — (the calls
  // moved into the typed api/*.ts modules are left to tsc): 42 when the modules became TypeScript
  assert.ok(calls.length > 30, `only ${calls.length} calls found: the pattern no longer matches the views' calls`);
  const missing = calls.filter((c) => !inContract(c.method, c.path));
  assert.deepEqual(missing.map((c) => `${c.file}: ${c.method.toUpperCase()} ${c.path}`), []);
  console.log(`[contract] ${calls.length} literal UI calls checked against ${contractFile()}`);
});
