// http.ts (the typed client) keeps client.js's behaviour: headers, CSRF, query serialisation,
// problem+json → ApiError, the 401 handler, 204 → null, status 0 for no answer. node 20 runs no
// TypeScript, so the module is transpiled (typescript's transpileModule: types dropped, nothing checked
// — typecheck.test.js checks) next to its source for the duration of the tests, with fetch stubbed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ApiError, setCsrfToken, onUnauthenticated } from './client.js';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '.http-test-build.mjs');
let http;
const realFetch = globalThis.fetch;

before(async () => {
  globalThis.location = { origin: 'http://ui.test' };
  const { outputText } = ts.transpileModule(readFileSync(join(here, 'http.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  writeFileSync(built, outputText);
  http = await import(pathToFileURL(built).href);
});
after(() => {
  rmSync(built, { force: true });
  delete globalThis.location;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  setCsrfToken(null);
  onUnauthenticated(null);
});

/** Records the Requests and answers each with `respond(request)`. */
function stubFetch(respond) {
  const calls = [];
  globalThis.fetch = async (request) => {
    calls.push(request);
    return respond(request);
  };
  return calls;
}
const json = (status, body, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

test('GET: the contract path filled in, the query as client.js serialises it, no CSRF header', async () => {
  const calls = stubFetch(() => json(200, { items: [] }));
  const { client, call } = http;
  setCsrfToken('tok');
  const res = await call(client.GET('/api/v1/cases', {
    params: { query: { q: '假冒 商标', status: '', page: 2, category: [], region: null, agency_id: ['1', '2'] } },
  }));
  assert.deepEqual(res, { items: [] });
  const url = new URL(calls[0].url);
  assert.equal(url.pathname, '/api/v1/cases');
  assert.deepEqual([...url.searchParams], [['q', '假冒 商标'], ['page', '2'], ['agency_id', '1,2']]);
  assert.equal(calls[0].method, 'GET');
  assert.equal(calls[0].headers.get('X-CSRF-Token'), null);
  assert.match(calls[0].headers.get('Accept'), /application\/problem\+json/);
  assert.equal(calls[0].headers.get('Accept-Language'), 'zh-CN');
  assert.equal(calls[0].credentials, 'same-origin');

  await call(client.GET('/api/v1/regions/{code}', { params: { path: { code: 'a/b c' } } }));
  assert.equal(new URL(calls[1].url).pathname, '/api/v1/regions/a%2Fb%20c');
});

test('writes carry the CSRF token and a JSON body; 204 gives null', async () => {
  const calls = stubFetch(() => new Response(null, { status: 204 }));
  const { client, call } = http;
  setCsrfToken('tok-1');
  const res = await call(client.POST('/api/v1/cases/{id}/close', { params: { path: { id: '7' } }, body: { version: 3 } }));
  assert.equal(res, null);
  assert.equal(calls[0].method, 'POST');
  assert.equal(calls[0].headers.get('X-CSRF-Token'), 'tok-1');
  assert.equal(calls[0].headers.get('Content-Type'), 'application/json');
  assert.deepEqual(JSON.parse(await calls[0].text()), { version: 3 });
  await call(client.POST('/api/v1/plan-notices/{id}/acknowledge', { params: { path: { id: '9' } } }));
  assert.equal(calls[1].headers.get('Content-Type'), null, 'no body, no Content-Type');
});

test('a problem+json refusal becomes the ApiError the views read (field errors included)', async () => {
  stubFetch(() => json(422, {
    code: 'invalid', title: '请求有误', detail: '案件编号已存在',
    errors: [{ field: 'case_number', message: '已存在' }],
  }, 'application/problem+json'));
  const { client, call } = http;
  const err = await call(client.POST('/api/v1/cases', { body: {} })).catch((e) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 422);
  assert.equal(err.code, 'invalid');
  assert.equal(err.detail, '案件编号已存在');
  assert.deepEqual(err.fieldErrors(), { case_number: '已存在' });
});

test('401 calls the login handler except on /session', async () => {
  stubFetch(() => json(401, { code: 'unauthenticated', title: '未登录' }, 'application/problem+json'));
  const seen = [];
  onUnauthenticated((e) => seen.push(e.status));
  const { client, call } = http;
  await assert.rejects(call(client.GET('/api/v1/session')), (e) => e.status === 401);
  assert.deepEqual(seen, []);
  await assert.rejects(call(client.GET('/api/v1/cases/{id}', { params: { path: { id: '1' } } })), (e) => e.isUnauthenticated);
  assert.deepEqual(seen, [401]);
});

test('no answer is ApiError status 0; an abort stays an AbortError', async () => {
  const { client, call } = http;
  globalThis.fetch = async () => { throw new TypeError('fetch failed'); };
  await assert.rejects(call(client.GET('/api/v1/roles')), (e) => e instanceof ApiError && e.isNetwork);
  globalThis.fetch = async () => { throw new DOMException('aborted', 'AbortError'); };
  await assert.rejects(call(client.GET('/api/v1/roles')), (e) => e.name === 'AbortError');
});

test('downloadFile and urlOf fill the contract path; a missing parameter is an error', () => {
  assert.equal(http.fillPath('/api/v1/plans/{id}/matrix.xlsx', { id: 7 }), '/plans/7/matrix.xlsx');
  assert.equal(http.urlOf('/api/v1/custody/items/{id}/photos/{photo_id}', { id: 3, photo_id: 'p 1' }),
    '/api/v1/custody/items/3/photos/p%201');
  assert.equal(http.listPath('/api/v1/cases'), '/cases');
  assert.throws(() => http.fillPath('/api/v1/plans/{id}', {}), /id missing/);
});
