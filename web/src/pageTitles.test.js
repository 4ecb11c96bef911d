import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageTitle } from './pageTitles.js';

const zh = {
  'workbench.title': '工作台', 'modules.home.name': '工作台', 'cases.tabs.incoming': '移送接收',
  'modules.cases.name': '案件', 'modules.plan.name': '工作要点', 'app.shortTitle': '打假信息平台',
};
const t = (k) => zh[k];
const te = (k) => k in zh;

test('a tab page is titled by the tab and its module; the 工作台 once', () => {
  assert.equal(pageTitle({ name: 'cases-incoming', meta: { module: 'cases' } }, t, te), '移送接收 - 案件 - 打假信息平台');
  assert.equal(pageTitle({ name: 'home', meta: { module: 'home' } }, t, te), '工作台 - 打假信息平台');
  assert.equal(pageTitle({ name: 'plan-matrix', meta: { module: 'plan' } }, t, te), '工作要点 - 打假信息平台');
  assert.equal(pageTitle({ name: 'login', meta: {} }, t, te), '打假信息平台');
});
