import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allows, matchedAllowed, landingRoute, moduleTab } from './capabilities.js';

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

test('moduleTab: the role\'s default tab when allowed, else the first allowed tab', () => {
  const tabs = ['cases', 'cases-incoming', 'cases-supervision', 'cases-alerts'];
  const all = () => true;
  assert.equal(moduleTab({ roles: ['police'] }, 'cases', tabs, all), 'cases-incoming');
  assert.equal(moduleTab({ roles: ['prosecutor'] }, 'cases', tabs, all), 'cases-supervision');
  assert.equal(moduleTab({ roles: ['officer'] }, 'cases', tabs, all), 'cases');
  // The default is skipped when the session may not open it.
  const notSupervision = (name) => name !== 'cases-supervision';
  assert.equal(moduleTab({ roles: ['prosecutor'] }, 'cases', tabs, notSupervision), 'cases');
  const onlyAlerts = (name) => name === 'cases-alerts';
  assert.equal(moduleTab({ roles: ['officer'] }, 'cases', tabs, onlyAlerts), 'cases-alerts');
  assert.equal(moduleTab({ roles: ['officer'] }, 'cases', tabs, () => false), null);
  assert.equal(moduleTab(null, 'leads', ['leads', 'leads-alerts'], all), 'leads');
});
