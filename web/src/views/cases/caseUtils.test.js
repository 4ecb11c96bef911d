import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  yuanToFen, fenToYuanInput, parseCount, campaignTag, splitCampaignTag, actionsFor, timeLeft,
  isUnconfirmed, penaltyInsteadOfProsecutionRisk, importErrorRows, bytesToBase64, canEditCase,
} from './caseUtils.js';
import { ApiError } from '../../api/client.js';

test('yuan typed by an officer becomes exact integer fen', () => {
  assert.deepEqual(yuanToFen('50000.5'), { fen: 5000050, error: null });
  assert.deepEqual(yuanToFen('50000'), { fen: 5000000, error: null });
  assert.deepEqual(yuanToFen('0.29'), { fen: 29, error: null }); // 0.29*100 = 28.999… in floats
  assert.deepEqual(yuanToFen('1,234.56'), { fen: 123456, error: null });
  assert.deepEqual(yuanToFen(' 49999.99 '), { fen: 4999999, error: null });
  assert.deepEqual(yuanToFen(''), { fen: null, error: null });
  assert.equal(yuanToFen('1.234').error, 'format');
  assert.equal(yuanToFen('abc').error, 'format');
  assert.equal(yuanToFen('-1').error, 'negative');
  assert.equal(yuanToFen('900719925474099.92').error, 'tooLarge');
  assert.deepEqual(yuanToFen('90071992547409.91'), { fen: 9007199254740991, error: null });
});

test('fen from the API back into an input', () => {
  assert.equal(fenToYuanInput(5000050), '50000.50');
  assert.equal(fenToYuanInput(29), '0.29');
  assert.equal(fenToYuanInput(null), '');
  assert.equal(fenToYuanInput(1.5), '');
});

test('counts', () => {
  assert.deepEqual(parseCount('20,000'), { value: 20000, error: null });
  assert.deepEqual(parseCount(''), { value: null, error: null });
  assert.equal(parseCount('1.5').error, 'format');
});

test('campaign tags are name + year', () => {
  assert.equal(campaignTag('铁拳', 2025), '铁拳2025');
  assert.deepEqual(splitCampaignTag('农资打假2024'), { name: '农资打假', year: '2024' });
});

test('action buttons follow the step and the role', () => {
  const t = (step) => ({ status: 'x', current_step: step });
  assert.deepEqual(actionsFor(t('head_decision'), ['officer']), []);
  assert.deepEqual(actionsFor(t('head_decision'), ['agency_head', 'officer']), ['approve', 'reject']);
  assert.deepEqual(actionsFor(t('transfer_to_police'), ['officer']), ['send']);
  assert.deepEqual(actionsFor(t('police_filing_decision'), ['police']), ['file', 'not_file', 'return']);
  assert.deepEqual(actionsFor(t('police_filing_decision'), ['prosecutor']), []);
  assert.deepEqual(actionsFor({ ...t('x'), allowed_actions: ['file'] }, []), ['file']);
  assert.ok(actionsFor(t('unknown_step'), ['police']).includes('file'));
  // The server's states decide when present (a sent transfer has no clocked step of its own).
  assert.deepEqual(actionsFor({ status: 'sent', current_step: '' }, ['police']), ['receive', 'forward']);
  assert.deepEqual(actionsFor({ status: 'filed', current_step: 'handover_items' }, ['officer']), ['handover']);
  assert.deepEqual(actionsFor({ status: 'filed', current_step: 'handover_items' }, ['police']), ['return']);
  assert.deepEqual(actionsFor({ status: 'handed_over', current_step: '' }, ['officer', 'police']), []);
  // Issue 13: the police may extend their decision clock while they decide.
  assert.ok(actionsFor({ status: 'accepted', current_step: 'police_economic_decision' }, ['police']).includes('extend'));
  assert.ok(!actionsFor({ status: 'accepted', current_step: 'police_economic_decision' }, ['officer']).includes('extend'));
});

test('time left and overdue', () => {
  const now = Date.parse('2026-11-28T00:00:00Z');
  assert.deepEqual(timeLeft('2026-11-29T02:30:00Z', now), { overdue: false, days: 1, hours: 2, minutes: 30 });
  assert.deepEqual(timeLeft('2026-11-27T23:00:00Z', now), { overdue: true, days: 0, hours: 1, minutes: 0 });
  assert.equal(timeLeft(null, now), null);
});

test('unconfirmed findings and the 以罚代刑 risk', () => {
  assert.ok(isUnconfirmed({ confidence: 'M' }));
  assert.ok(isUnconfirmed({ confidence: 'C', unconfirmed: true }));
  assert.ok(!isUnconfirmed({ confidence: 'S' }));
  assert.ok(penaltyInsteadOfProsecutionRisk({ threshold_met: true, transfer: null }));
  assert.ok(!penaltyInsteadOfProsecutionRisk({ threshold_met: true, transfer: { id: 1 } }));
  assert.ok(!penaltyInsteadOfProsecutionRisk({ threshold_met: false, findings: [], transfer: null }));
  // Issue 13: refused by the head, or never sent, is still a risk.
  assert.ok(penaltyInsteadOfProsecutionRisk({ threshold_met: true, transfer: { id: 1, status: 'rejected' } }));
  assert.ok(penaltyInsteadOfProsecutionRisk({ threshold_met: true, sent_to_police: false, transfer: { id: 1 } }));
  assert.ok(!penaltyInsteadOfProsecutionRisk({ threshold_met: true, sent_to_police: true, transfer: { id: 1 } }));
});

test('import errors name the row as the file shows it and the template column', () => {
  const rowsOf = (errors) => importErrorRows(new ApiError({ status: 422, errors }).rowErrors());
  const strip = ({ row, column, label, message }) => ({ row, column, label, message });
  assert.deepEqual(rowsOf([{ field: 'rows[5].category', message: 'x' }]).map(strip),
    [{ row: 5, column: 'category', label: '案件类别', message: 'x' }]);
  assert.deepEqual(rowsOf([{ field: 'rows[12].sales_yuan', message: 'y' }]).map(strip),
    [{ row: 12, column: 'sales_yuan', label: '销售金额(元)', message: 'y' }]);
  assert.deepEqual(rowsOf([{ field: 'header', message: 'h' }]).map(strip), [{ row: null, column: 'header', label: null, message: 'h' }]);
  assert.deepEqual(rowsOf([{ message: 'm' }]).map(strip), [{ row: null, column: '', label: null, message: 'm' }]);
  const rows = rowsOf([
    { field: 'rows[5].source', message: 'b' }, { field: 'rows[3].title', message: 'a' },
    { field: 'file', message: 'f' }, { field: 'rows[5].category', message: 'c' },
  ]);
  assert.deepEqual(rows.map((r) => `${r.row}:${r.column}`), ['null:file', '3:title', '5:source', '5:category']);
});

test('file bytes become standard base64, also past the chunk size', () => {
  assert.equal(bytesToBase64(new Uint8Array([0x50, 0x4b, 0x03, 0x04])), 'UEsDBA==');
  const big = new Uint8Array(100000).map((_, i) => i % 256);
  assert.equal(bytesToBase64(big), Buffer.from(big).toString('base64'));
});

test('canEditCase: an open case of the own agency, for its officers and head only', () => {
  const officer = { roles: ['officer'], agency: { id: 7 } };
  const open = { status: 'open', agency: { id: 7 } };
  assert.equal(canEditCase(officer, open), true);
  assert.equal(canEditCase({ ...officer, roles: ['agency_head'] }, open), true);
  assert.equal(canEditCase({ ...officer, roles: ['prosecutor'] }, open), false);
  assert.equal(canEditCase(officer, { ...open, status: 'closed' }), false);
  assert.equal(canEditCase(officer, { ...open, agency: { id: 8 } }), false);
  assert.equal(canEditCase({ roles: ['officer'], agency: null }, { status: 'open', agency: null }), false);
  assert.equal(canEditCase(null, open), false);
});
