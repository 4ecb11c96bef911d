// a11y.js without a browser: a tiny stand-in for the DOM nodes labelTextFor reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelTextFor } from './a11y.js';

function input({ closest = {}, placeholder = null, id = '' } = {}) {
  return {
    id,
    ownerDocument: { querySelector: () => null },
    closest: (sel) => closest[sel] || null,
    getAttribute: (name) => (name === 'placeholder' ? placeholder : null),
  };
}
globalThis.CSS = globalThis.CSS || { escape: (s) => s };

test('a select inside a form item is named by the item label', () => {
  const item = { querySelector: () => ({ textContent: ' 状态 ' }) };
  assert.equal(labelTextFor(input({ closest: { '.el-form-item': item } })), '状态');
});

test('the pagination page-size select and jumper get their own names', () => {
  assert.equal(labelTextFor(input({ closest: { '.el-pagination__sizes': {} } })), '每页条数');
  assert.equal(labelTextFor(input({ closest: { '.el-pagination__jump': {} } })), '跳转页码');
});

test('an input already inside a <label> is left alone; otherwise the placeholder is the last resort', () => {
  assert.equal(labelTextFor(input({ closest: { label: {} }, placeholder: 'x' })), '');
  assert.equal(labelTextFor(input({ placeholder: '请输入关键字' })), '请输入关键字');
  assert.equal(labelTextFor(input()), '');
});
