import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parsePeriod, periodString, formatPeriod, periodsOfYear, defaultReportPeriod, displayStatus, worstStatus,
  statusColor, countStatuses, formatPermille, chineseNumber, filterTree, treeCounts, sectionOfTask,
  groupTasksBySection, decodePlanText, attachmentProblems, bytesToBase64, formatBytes, figuresToBody, canReportOn,
  MAX_ATTACHMENT_BYTES,
} from './planUtils.js';

test('period strings parse and print both ways', () => {
  assert.deepEqual(parsePeriod('2020'), { year: 2020, kind: 'year', index: 0 });
  assert.deepEqual(parsePeriod('2020-H2'), { year: 2020, kind: 'half', index: 2 });
  assert.deepEqual(parsePeriod('2020-Q2'), { year: 2020, kind: 'quarter', index: 2 });
  assert.deepEqual(parsePeriod('2020-M04'), { year: 2020, kind: 'month', index: 4 });
  for (const bad of ['2020-Q5', '2020-M4', '2020-M13', '2020-M00', '2020-H3', '20', '2020Q1', '', null]) {
    assert.equal(parsePeriod(bad), null, String(bad));
  }
  for (const p of periodsOfYear(2020)) assert.equal(periodString(parsePeriod(p.value)), p.value);
  assert.equal(periodString({ year: 2020, kind: 'quarter', index: 5 }), null);
  assert.equal(periodString({ year: 2020, kind: 'month', index: 9 }), '2020-M09');
});

test('periods of a year: 1 + 2 + 4 + 12, year first', () => {
  const all = periodsOfYear(2021);
  assert.equal(all.length, 19);
  assert.equal(all[0].value, '2021');
  assert.deepEqual(all.slice(1, 3).map((p) => p.value), ['2021-H1', '2021-H2']);
  assert.equal(all[all.length - 1].value, '2021-M12');
});

test('periods read as officers write them', () => {
  assert.equal(formatPeriod('2020'), '2020年');
  assert.equal(formatPeriod('2020-H1'), '2020年上半年');
  assert.equal(formatPeriod('2020-H2'), '2020年下半年');
  assert.equal(formatPeriod('2020-Q3'), '2020年第三季度');
  assert.equal(formatPeriod('2020-M04'), '2020年4月');
  assert.equal(formatPeriod('2020-Q3', 'en'), '2020 Q3');
  assert.equal(formatPeriod('weird'), 'weird');
  assert.equal(formatPeriod(null), '—');
});

test('the default report period: this quarter within the plan year, else the year', () => {
  assert.equal(defaultReportPeriod(2020, '2020-05-31'), '2020-Q2');
  assert.equal(defaultReportPeriod(2020, '2020-12-31'), '2020-Q4');
  assert.equal(defaultReportPeriod(2020, '2026-11-29'), '2020');
  assert.equal(defaultReportPeriod(2020, ''), '2020');
});

test('display status: blocked > overdue > reported status', () => {
  assert.equal(displayStatus({ status: 'blocked', overdue: true }), 'blocked');
  assert.equal(displayStatus({ status: 'in_progress', overdue: true }), 'overdue');
  assert.equal(displayStatus({ latest_status: 'completed', overdue: false }), 'completed');
  assert.equal(displayStatus({ status: 'overdue' }), 'overdue');
  assert.equal(displayStatus({ status: 'something-new' }), 'not_started');
  assert.equal(displayStatus(null), 'not_started');
  assert.equal(statusColor({ status: 'in_progress', overdue: true }).fill, '#f56c6c');
  assert.equal(statusColor({ status: 'completed' }).fill, '#67c23a');
});

test('worst status follows the contract order', () => {
  assert.equal(worstStatus([{ status: 'completed' }, { status: 'in_progress' }]), 'in_progress');
  assert.equal(worstStatus([{ status: 'completed' }, { status: 'not_started' }]), 'not_started');
  assert.equal(worstStatus([{ status: 'not_started' }, { status: 'completed', overdue: true }]), 'overdue');
  assert.equal(worstStatus([{ status: 'blocked' }, { status: 'completed', overdue: true }]), 'blocked');
  assert.equal(worstStatus([]), 'not_started');
  assert.deepEqual(countStatuses([{ status: 'blocked' }, { latest_status: 'completed' }, { status: 'completed' }]),
    { blocked: 1, overdue: 0, not_started: 0, in_progress: 0, completed: 2 });
});

test('completion per mille prints without floating-point noise', () => {
  assert.equal(formatPermille(425), '42.5%');
  assert.equal(formatPermille(1000), '100.0%');
  assert.equal(formatPermille(7), '0.7%');
  assert.equal(formatPermille(null), '—');
  assert.equal(formatPermille(1.5), '—');
});

test('task numbers in Chinese', () => {
  assert.deepEqual([1, 10, 11, 20, 21, 35, 99].map(chineseNumber), ['一', '十', '十一', '二十', '二十一', '三十五', '九十九']);
});

const TREE = [
  { number: '一', title: '加强重点领域治理', tasks: [
    { number: 1, title: '深化互联网领域治理', items: [
      { key: '1.1.1', number: null, text: '严厉打击网络侵权盗版', assignments: [
        { id: 1, agency_id: 10, agency_name: '国家版权局', role: 'lead', latest_status: 'completed', overdue: false },
        { id: 2, agency_id: 11, agency_name: '国家知识产权局', role: 'co', latest_status: 'in_progress', overdue: true },
      ] },
    ] },
    { number: 2, title: '加强农村市场治理', items: [
      { key: '1.2.1', number: null, text: '清理农资市场', assignments: [
        { id: 3, agency_id: 12, agency_name: '农业农村部', role: 'lead', latest_status: 'blocked', overdue: false },
      ] },
    ] },
  ] },
  { number: '二', title: '加大刑事打击', tasks: [
    { number: 3, title: '严打犯罪', items: [
      { key: '2.3.1', number: '1', text: '公安机关侦办', assignments: [
        { id: 4, agency_id: 11, agency_name: '国家知识产权局', role: 'co', latest_status: 'not_started', overdue: false },
      ] },
    ] },
  ] },
];

test('tree filters keep the structure and drop empty branches', () => {
  assert.deepEqual(treeCounts(TREE), { sections: 2, tasks: 3, items: 3, assignments: 4 });
  assert.deepEqual(treeCounts(filterTree(TREE, {})), treeCounts(TREE));
  const mine = filterTree(TREE, { agencyId: 11 });
  assert.deepEqual(treeCounts(mine), { sections: 2, tasks: 2, items: 2, assignments: 2 });
  const overdue = filterTree(TREE, { status: 'overdue' });
  assert.equal(treeCounts(overdue).assignments, 1);
  assert.equal(overdue[0].tasks[0].items[0].assignments[0].id, 2);
  assert.equal(treeCounts(filterTree(TREE, { q: '农资' })).items, 1);
  // A task title hit keeps all its items.
  assert.equal(treeCounts(filterTree(TREE, { q: '互联网' })).items, 1);
  assert.equal(filterTree(TREE, { q: '不存在' }).length, 0);
  assert.equal(TREE[0].tasks[0].items[0].assignments.length, 2, 'input untouched');
});

test('matrix columns group by section in document order', () => {
  const sections = sectionOfTask(TREE);
  assert.equal(sections.get(3).number, '二');
  const groups = groupTasksBySection([{ number: 1 }, { number: 2 }, { number: 3 }], sections);
  assert.deepEqual(groups.map((g) => [g.section.number, g.tasks.length]), [['一', 2], ['二', 1]]);
  assert.deepEqual(groupTasksBySection([{ number: 9 }], new Map()).map((g) => g.section), [null]);
});

test('plan text decodes as UTF-8 or GB18030', () => {
  const utf8 = new TextEncoder().encode('\uFEFF（一）深化互联网领域治理');
  assert.deepEqual(decodePlanText(utf8), { text: '（一）深化互联网领域治理', encoding: 'utf-8' });
  // "工作要点" in GBK.
  const gbk = new Uint8Array([0xb9, 0xa4, 0xd7, 0xf7, 0xd2, 0xaa, 0xb5, 0xe3]);
  assert.deepEqual(decodePlanText(gbk), { text: '工作要点', encoding: 'gb18030' });
});

test('attachments: at most 5, each ≤ 2 MiB, none empty', () => {
  const f = (name, size) => ({ name, size });
  assert.deepEqual(attachmentProblems([f('a.pdf', 10), f('b.pdf', MAX_ATTACHMENT_BYTES)]), []);
  assert.deepEqual(attachmentProblems([f('big.pdf', MAX_ATTACHMENT_BYTES + 1)]), [{ name: 'big.pdf', reason: 'tooLarge' }]);
  assert.deepEqual(attachmentProblems([f('e.txt', 0)]), [{ name: 'e.txt', reason: 'empty' }]);
  assert.deepEqual(attachmentProblems([f('x', 1), f('y', 1)], 4), [{ name: 'y', reason: 'tooMany' }]);
  assert.equal(bytesToBase64(new TextEncoder().encode('工作')), Buffer.from('工作').toString('base64'));
  const big = new Uint8Array(100_000).map((_, i) => i % 251);
  assert.equal(bytesToBase64(big), Buffer.from(big).toString('base64'));
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(MAX_ATTACHMENT_BYTES), '2.0 MB');
});

test('figures go to the server as typed integers, empty rows dropped', () => {
  assert.deepEqual(figuresToBody([{ name: ' 立案数 ', value: 12 }, { name: '', value: null }, { name: '罚没款', value: '300' }]),
    { 立案数: 12, 罚没款: 300 });
  assert.deepEqual(figuresToBody([{ name: '涉案', value: -1 }]), { 涉案: -1 }, 'the server judges the sign');
});

test('who may report: the office, or officers and heads of the assigned agency', () => {
  const a = { agency_id: 11 };
  assert.ok(canReportOn({ roles: ['office'], agency: { id: 1 } }, a));
  assert.ok(canReportOn({ roles: ['officer'], agency: { id: 11 } }, a));
  assert.ok(canReportOn({ roles: ['agency_head'], agency: { id: 11 } }, a));
  assert.ok(!canReportOn({ roles: ['officer'], agency: { id: 12 } }, a));
  assert.ok(!canReportOn({ roles: ['analyst'], agency: { id: 11 } }, a));
  assert.ok(!canReportOn(null, a));
});
