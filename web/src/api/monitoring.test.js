// highlightParts: spans are UTF-16 code units (String.prototype.slice), overlapping spans merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightParts } from './highlight.js';

test('marks spans in UTF-16 units, astral characters included', () => {
  const title = '😀高仿 耐克 运动鞋';
  const parts = highlightParts(title, [
    { kind: 'brand', span: [5, 7] },
    { kind: 'slang', span: [2, 4] },
    { kind: 'price', span: null },
  ]);
  assert.deepEqual(parts, [
    { text: '😀', kinds: [] },
    { text: '高仿', kinds: ['slang'] },
    { text: ' ', kinds: [] },
    { text: '耐克', kinds: ['brand'] },
    { text: ' 运动鞋', kinds: [] },
  ]);
});

test('overlapping and out-of-range spans merge and clamp', () => {
  const parts = highlightParts('外贸尾单 N.I.K.E', [
    { kind: 'slang', span: [0, 4] },
    { kind: 'slang', span: [2, 4] },
    { kind: 'brand', span: [5, 99] },
  ]);
  assert.deepEqual(parts.map((p) => p.text), ['外贸尾单', ' ', 'N.I.K.E']);
  assert.deepEqual(parts[0].kinds, ['slang']);
  assert.deepEqual(highlightParts('abc', []), [{ text: 'abc', kinds: [] }]);
});
