// Cases (案件), transfers (两法衔接), prosecutor supervision and alerts — docs/api.md
// "Cases (案件) and two-law linkage". Amounts travel as integer fen; the pages convert.
// Every call is typed by the contract (./http.ts).
import { client, call, byId, downloadFile, listPath, undeclaredBody, type Body, type Query, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

let codesPromise: ReturnType<typeof loadCodes> | null = null;
const loadCodes = () => call(client.GET('/api/v1/cases/codes'));
/** {categories, sources, conducts, campaigns} from GET /cases/codes (cached; failures are not). */
export function fetchCaseCodes() {
  if (!codesPromise) {
    codesPromise = loadCodes().catch((e) => { codesPromise = null; throw e; });
  }
  return codesPromise;
}

export const listCasesEndpoint = listPath('/api/v1/cases');
/** A page of cases (the joint operation's case picker searches the caller's agency). */
export const searchCases = (query: Query<'/api/v1/cases', 'get'>) => call(client.GET('/api/v1/cases', { params: { query } }));
export const getCase = (id: Id) => call(client.GET('/api/v1/cases/{id}', { params: byId(id) }));
export const createCase = (body: Body<'/api/v1/cases', 'post'>) => call(client.POST('/api/v1/cases', { body }));
/** Replaces the editable fields; body carries `version` (409 when stale or closed). */
export const updateCase = (id: Id, body: Body<'/api/v1/cases/{id}', 'put'>) =>
  call(client.PUT('/api/v1/cases/{id}', { params: byId(id), body }));
export const closeCase = (id: Id, body: Body<'/api/v1/cases/{id}/close', 'post'>) =>
  call(client.POST('/api/v1/cases/{id}/close', { params: byId(id), body }));
export const startTransfer = (caseId: Id, body: Body<'/api/v1/cases/{id}/transfer', 'post'>) =>
  call(client.POST('/api/v1/cases/{id}/transfer', { params: byId(caseId), body }));
export const getTransfer = (id: Id) =>
  call(client.GET('/api/v1/transfers/{id}', { params: byId(id) }));
export const transferAction = (transferId: Id, body: Body<'/api/v1/transfers/{id}/actions', 'post'>) =>
  call(client.POST('/api/v1/transfers/{id}/actions', { params: byId(transferId), body }));
export const getSupervision = (query: Query<'/api/v1/supervision', 'get'>) =>
  call(client.GET('/api/v1/supervision', { params: { query } }));
export const superviseCase = (caseId: Id, body: Body<'/api/v1/cases/{id}/supervision', 'post'>) =>
  call(client.POST('/api/v1/cases/{id}/supervision', { params: byId(caseId), body }));
export const answerSupervision = (id: Id, body: Body<'/api/v1/supervision/{id}/answer', 'post'>) =>
  call(client.POST('/api/v1/supervision/{id}/answer', { params: byId(id), body }));
/** Supervision actions addressed to the caller (police, agency) or in the region (prosecutor, office). */
export const listSupervisionActions = () => call(client.GET('/api/v1/supervision/actions'));

/** The findings the rules draw from a case form before it is saved ({findings, regime_basis, missing}). */
export const previewFindings = (body: Body<'/api/v1/case-findings/preview', 'post'>) =>
  call(client.POST('/api/v1/case-findings/preview', { body }));
/** The transfer team of the caller's agency (the hand-over picker). */
export const transferTeam = () => call(client.GET('/api/v1/transfer-team'));

/** One file, CSV or XLSX (the server decides by content): {file_base64, filename} or {csv}. → {imported, format} */
export const importCases = (body: { file_base64: string; filename: string } | { csv: string }) =>
  call(client.POST('/api/v1/cases/import', undeclaredBody('/api/v1/cases/import', body)));
/** The import template, 'xlsx' or 'csv' (GET /cases/import/template[.xlsx]). → {name, size} */
export const downloadCaseTemplate = (format: 'xlsx' | 'csv') => (format === 'xlsx'
  ? downloadFile('/api/v1/cases/import/template.xlsx', {}, 'cases-template.xlsx')
  : downloadFile('/api/v1/cases/import/template', {}, 'cases-template.csv'));
// Status vocabularies for <StatusTag kind="…">.
registerStatusKind('case', {
  open: { type: 'warning', label: 'cases.status.open' },
  closed: { type: 'info', label: 'cases.status.closed' },
});
registerStatusKind('deadline', {
  none: { type: 'info', label: 'cases.deadline.none' },
  ok: { type: 'success', label: 'cases.deadline.ok' },
  due_soon: { type: 'warning', label: 'cases.deadline.due_soon' },
  overdue: { type: 'danger', label: 'cases.deadline.overdue' },
});
const TRANSFER_TAGS = {
  awaiting_decision: 'warning', approved: 'primary', rejected: 'info', sent: 'warning', accepted: 'primary',
  filed: 'success', not_filed: 'danger', handed_over: 'success', review_requested: 'warning',
  review_upheld: 'danger', supervision_proposed: 'warning', returned: 'info',
};
registerStatusKind('transfer', Object.fromEntries(Object.entries(TRANSFER_TAGS)
  .map(([k, type]) => [k, { type, label: `cases.transferStatus.${k}` }])));
registerStatusKind('alert', {
  true: { type: 'info', label: 'cases.alert.resolved' },
  false: { type: 'danger', label: 'cases.alert.open' },
});
