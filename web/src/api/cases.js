// Cases (案件), transfers (两法衔接), prosecutor supervision and alerts — docs/api.md
// "Cases (案件) and two-law linkage". Amounts travel as integer fen; the pages convert.
import { api, download } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

let codesPromise = null;
/** {categories, sources, conducts, campaigns} from GET /cases/codes (cached; failures are not). */
export function fetchCaseCodes() {
  if (!codesPromise) {
    codesPromise = api.get('/cases/codes').catch((e) => { codesPromise = null; throw e; });
  }
  return codesPromise;
}

export const listCasesEndpoint = '/cases';
export const getCase = (id) => api.get(`/cases/${encodeURIComponent(id)}`);
export const createCase = (body) => api.post('/cases', body);
/** Replaces the editable fields; body carries `version` (409 when stale or closed). */
export const updateCase = (id, body) => api.put(`/cases/${encodeURIComponent(id)}`, body);
export const closeCase = (id, body) => api.post(`/cases/${encodeURIComponent(id)}/close`, body);
export const startTransfer = (caseId, body) => api.post(`/cases/${encodeURIComponent(caseId)}/transfer`, body);
export const getTransfer = (id) => api.get(`/transfers/${encodeURIComponent(id)}`);
export const transferAction = (transferId, body) => api.post(`/transfers/${encodeURIComponent(transferId)}/actions`, body);
export const getSupervision = (query) => api.get('/supervision', query);
export const superviseCase = (caseId, body) => api.post(`/cases/${encodeURIComponent(caseId)}/supervision`, body);
export const answerSupervision = (id, body) => api.post(`/supervision/${encodeURIComponent(id)}/answer`, body);
/** Supervision actions addressed to the caller (police, agency) or in the region (prosecutor, office). */
export const listSupervisionActions = () => api.get('/supervision/actions');

/** One file, CSV or XLSX (the server decides by content): {file_base64, filename} or {csv}. → {imported, format} */
export const importCases = (body) => api.post('/cases/import', body);
/** The import template, 'xlsx' or 'csv' (GET /cases/import/template[.xlsx]). → {name, size} */
export const downloadCaseTemplate = (format) => (format === 'xlsx'
  ? download('/cases/import/template.xlsx', undefined, 'cases-template.xlsx')
  : download('/cases/import/template', undefined, 'cases-template.csv'));

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
