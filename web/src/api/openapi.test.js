// Issue 20: the API contract (./contract-file.js) is a valid OpenAPI 3.1 document for an
// independent validator, @apidevtools/swagger-parser (schema of the specification, $refs resolved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { contractFile } from './contract-file.js';

const contract = contractFile();

test('the contract is a valid OpenAPI 3.1 document', async () => {
  const api = await SwaggerParser.validate(contract);
  assert.equal(api.openapi, '3.1.0');
  const operations = Object.values(api.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  assert.ok(operations > 200, `${operations} operations`);
});

test('the validator refuses a broken document (the check can fail)', async () => {
  await assert.rejects(SwaggerParser.validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': { get: { responses: 'no' } } } }));
});
