// client.js without a browser: fetch, document and URL.createObjectURL are stubbed per test.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, download, filenameFromDisposition, ApiError, setCsrfToken, onUnauthenticated,
} from './client.js';

const realFetch = globalThis.fetch;
const realCreate = URL.createObjectURL;
const realRevoke = URL.revokeObjectURL;
afterEach(() => {
  globalThis.fetch = realFetch;
  URL.createObjectURL = realCreate;
  URL.revokeObjectURL = realRevoke;
  delete globalThis.document;
  setCsrfToken(null);
  onUnauthenticated(null);
});

/** Records fetch calls and answers each with `respond(url, init)`. */
function stubFetch(respond) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return calls;
}

/** A document with just enough for saveBlob; `clicked` collects {href, download} of clicked links. */
function stubDocument() {
  const clicked = [];
  globalThis.document = {
    createElement: () => ({
      style: {},
      click() { clicked.push({ href: this.href, download: this.download }); },
      remove() {},
    }),
    body: { appendChild() {} },
  };
  URL.createObjectURL = () => 'blob:test/1';
  URL.revokeObjectURL = () => {};
  return clicked;
}

const json = (status, body, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

test('Content-Disposition: filename* (RFC 5987) wins over filename, quoted and token names work', () => {
  const both = `attachment; filename="2020-matrix.xlsx"; filename*=UTF-8''2020%E5%B9%B4-%E7%9F%A9%E9%98%B5.xlsx`;
  assert.equal(filenameFromDisposition(both, 'x'), '2020年-矩阵.xlsx');
  assert.equal(filenameFromDisposition(`attachment; filename*=utf-8'zh-CN'%E6%A8%A1%E6%9D%BF.csv`, 'x'), '模板.csv');
  assert.equal(filenameFromDisposition('attachment; filename="cases-template.xlsx"', 'x'), 'cases-template.xlsx');
  assert.equal(filenameFromDisposition('attachment; filename=brands.jsonl', 'x'), 'brands.jsonl');
  assert.equal(filenameFromDisposition('attachment; filename="a \\"b\\".csv"', 'x'), 'a "b".csv');
  assert.equal(filenameFromDisposition(`attachment; filename*=ISO-8859-1''caf%E9.txt`, 'x'), 'café.txt');
  // the order of the parameters does not matter; filename* is never read as filename
  assert.equal(filenameFromDisposition(`attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf; filename="report.pdf"`, 'x'), '报告.pdf');
});

test('Content-Disposition: broken or missing names fall back', () => {
  assert.equal(filenameFromDisposition(null, '附件.pdf'), '附件.pdf');
  assert.equal(filenameFromDisposition('attachment', '附件.pdf'), '附件.pdf');
  assert.equal(filenameFromDisposition('attachment; filename=""', 'f.bin'), 'f.bin');
  // a bad percent sequence in filename* falls back to filename=, then to the fallback
  assert.equal(filenameFromDisposition(`attachment; filename="plain.csv"; filename*=UTF-8''%E6%ZZ.csv`, 'f'), 'plain.csv');
  assert.equal(filenameFromDisposition(`attachment; filename*=UTF-8''%E6.csv`, 'f.csv'), 'f.csv');
  // a name is never a path
  assert.equal(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'f'), 'passwd');
  assert.equal(filenameFromDisposition(`attachment; filename*=UTF-8''..%2F..%5Cevil.exe`, 'f'), 'evil.exe');
});

test('api.put sends JSON with the CSRF token and returns the answer', async () => {
  const calls = stubFetch(() => json(200, { id: 7, version: 2 }));
  setCsrfToken('tok');
  const out = await api.put('/cases/7', { title: '案', version: 1 });
  assert.deepEqual(out, { id: 7, version: 2 });
  assert.equal(calls.length, 1);
  const { url, init } = calls[0];
  assert.equal(url, '/api/v1/cases/7');
  assert.equal(init.method, 'PUT');
  assert.equal(init.credentials, 'same-origin');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.equal(init.headers['X-CSRF-Token'], 'tok');
  assert.deepEqual(JSON.parse(init.body), { title: '案', version: 1 });
});

test('api.put: a problem+json refusal becomes ApiError with its field errors', async () => {
  stubFetch(() => json(422, {
    code: 'invalid_argument', title: 'Unprocessable', detail: '输入有误',
    errors: [{ field: 'criteria[1].name', message: '必填' }],
  }, 'application/problem+json'));
  await assert.rejects(api.put('/plans/1/rubric', { criteria: [] }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 422);
    assert.equal(e.detail, '输入有误');
    assert.deepEqual(e.fieldErrors(), { 'criteria[1].name': '必填' });
    assert.deepEqual(e.itemErrors('criteria'), { 1: '必填' });
    return true;
  });
});

test('download saves the blob under the Content-Disposition name, with the query and locale', async () => {
  const calls = stubFetch(() => new Response('PK\x03\x04', {
    status: 200,
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="m.xlsx"; filename*=UTF-8''%E7%9F%A9%E9%98%B5.xlsx`,
    },
  }));
  const clicked = stubDocument();
  const r = await download('/plans/3/matrix.xlsx', { period: '2020Q4', empty: '' }, 'fallback.xlsx');
  assert.deepEqual(r, { name: '矩阵.xlsx', size: 4 });
  assert.deepEqual(clicked, [{ href: 'blob:test/1', download: '矩阵.xlsx' }]);
  assert.equal(calls[0].url, '/api/v1/plans/3/matrix.xlsx?period=2020Q4');
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[0].init.credentials, 'same-origin');
  assert.equal(calls[0].init.headers['Accept-Language'], 'zh-CN');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], undefined);
});

test('download without Content-Disposition uses the fallback name', async () => {
  stubFetch(() => new Response('a,b\n', { status: 200, headers: { 'Content-Type': 'text/csv' } }));
  const clicked = stubDocument();
  const r = await download('/cases/import/template', undefined, 'cases-template.csv');
  assert.equal(r.name, 'cases-template.csv');
  assert.equal(clicked[0].download, 'cases-template.csv');
});

test('download: a refusal is an ApiError with the server reason, nothing is saved; 401 calls the handler', async () => {
  stubFetch(() => json(403, { code: 'forbidden', title: 'Forbidden', detail: '无权查看该附件' }, 'application/problem+json'));
  const clicked = stubDocument();
  await assert.rejects(download('/plan-attachments/9', undefined, 'a.pdf'),
    (e) => e instanceof ApiError && e.status === 403 && e.detail === '无权查看该附件');
  assert.equal(clicked.length, 0);

  let seen = null;
  onUnauthenticated((e) => { seen = e; });
  stubFetch(() => json(401, { code: 'unauthenticated', title: 'Unauthorized' }, 'application/problem+json'));
  await assert.rejects(download('/plan-attachments/9', undefined, 'a.pdf'), (e) => e.status === 401);
  assert.ok(seen instanceof ApiError);

  globalThis.fetch = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(download('/x', undefined, 'x'), (e) => e instanceof ApiError && e.isNetwork);
});

test('ApiError.fieldErrors: first message of a field wins; a prefix or RegExp narrows the fields', () => {
  const e = new ApiError({
    status: 422,
    errors: [
      { field: 'case_number', message: 'first' }, { field: 'case_number', message: 'second' },
      { field: 'parties[0].name', message: 'name' }, { field: 'parties', message: 'one at least' },
      { field: 'partiesx', message: 'other' }, { message: 'no field' }, null,
    ],
  });
  assert.deepEqual(e.fieldErrors(), {
    case_number: 'first', 'parties[0].name': 'name', parties: 'one at least', partiesx: 'other',
  });
  assert.deepEqual(e.fieldErrors('parties'), { 'parties[0].name': 'name', parties: 'one at least' });
  assert.deepEqual(e.fieldErrors(/[.[]/), { 'parties[0].name': 'name' });
  assert.deepEqual(new ApiError({ status: 500 }).fieldErrors(), {});
});

test('ApiError.itemErrors and rowErrors: list items by index, import rows in order', () => {
  const e = new ApiError({
    status: 422,
    errors: [
      { field: 'rows[5].category', message: 'c' }, { field: 'rows[3]', message: 'unknown column' },
      { field: 'header', message: 'h' }, { field: 'rows[5].category', message: 'c2' },
      { field: 'observables[1]', message: 'bad phone' }, { field: 'observables[1].value', message: 'later' },
      { field: 'xrows[2].a', message: 'not a row' },
    ],
  });
  assert.deepEqual(e.itemErrors('observables'), { 1: 'bad phone' });
  assert.deepEqual(e.itemErrors('rows'), { 5: 'c', 3: 'unknown column' });
  assert.deepEqual(e.rowErrors().map(({ row, column, message }) => [row, column, message]), [
    [5, 'category', 'c'], [3, '', 'unknown column'], [null, 'header', 'h'], [5, 'category', 'c2'],
    [null, 'observables[1]', 'bad phone'], [null, 'observables[1].value', 'later'], [null, 'xrows[2].a', 'not a row'],
  ]);
  assert.deepEqual(new ApiError({ status: 422, errors: [{ field: 'lines[12]', message: 'bad json' }] })
    .rowErrors('lines'), [{ row: 12, column: '', field: 'lines[12]', message: 'bad json' }]);
});
