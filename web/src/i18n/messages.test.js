import { test } from 'node:test';
import assert from 'node:assert/strict';
import zhCN from './zh-CN.js';
import en from './en.js';

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]);
}

test('zh-CN and en define the same keys', () => {
  assert.deepEqual(keys(en).sort(), keys(zhCN).sort());
});

test('every module has a Chinese name and a description', () => {
  for (const key of ['plan', 'cases', 'leads', 'monitoring', 'credit', 'complaints', 'destruction', 'statistics', 'admin']) {
    assert.ok(zhCN.modules[key].name, key);
    assert.ok(zhCN.modules[key].desc, key);
  }
});
