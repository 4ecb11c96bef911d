// Issue 20: the API contract (docs/openapi/v1.json, kept equal to the served /api/v1/openapi.json
// by tests/http/contract_test.cc) is a valid OpenAPI 3.1 document for an independent validator,
// @apidevtools/swagger-parser (schema of the specification, $refs resolved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';

const contract = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'openapi', 'v1.json');

test('the contract is a valid OpenAPI 3.1 document', async () => {
  const api = await SwaggerParser.validate(contract);
  assert.equal(api.openapi, '3.1.0');
  const operations = Object.values(api.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  assert.ok(operations > 200, `${operations} operations`);
});

test('the validator refuses a broken document (the check can fail)', async () => {
  await assert.rejects(SwaggerParser.validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': { get: { responses: 'no' } } } }));
});
