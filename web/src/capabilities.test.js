import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows, matchedAllowed, landingRoute } from './capabilities.js';

test('allows: no requirement, one code, any of a list', () => {
  assert.equal(allows([], undefined), true);
  assert.equal(allows([], []), true);
  assert.equal(allows(['case.list'], 'case.list'), true);
  assert.equal(allows(['case.list'], 'case.write'), false);
  assert.equal(allows(['lead.write'], ['lead.write', 'lead_access.decide']), true);
  assert.equal(allows([], ['lead.write', 'lead_access.decide']), false);
});

test('matchedAllowed: a parent requirement closes every child', () => {
  const matched = [{ meta: { cap: 'plan.read' } }, { meta: {} }];
  assert.equal(matchedAllowed(['plan.read'], matched), true);
  assert.equal(matchedAllowed(['case.list'], matched), false);
});

test('landingRoute: police land on 移送接收, others on the 工作台', () => {
  assert.equal(landingRoute({ roles: ['police'] }), 'cases-incoming');
  assert.equal(landingRoute({ roles: ['officer'] }), 'home');
  assert.equal(landingRoute(null), 'home');
});
