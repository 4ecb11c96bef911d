// 投诉举报 API helpers: the officers' queue and steps, the portal's form and status page
// (docs/complaints.md). Every call is typed by the contract (./http.ts).
import { client, call, byId, downloadFile, type Body, type Query, type Id, type PathsWith } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';
import { publicPassHeaders } from './credit.ts';

registerStatusKind('complaint', {
  received: { type: 'warning', label: 'complaints.status.received' },
  pending: { type: 'warning', label: 'complaints.status.pending' },
  accepted: { type: 'primary', label: 'complaints.status.accepted' },
  suspended: { type: 'info', label: 'complaints.status.suspended' },
  mediation_ended: { type: 'primary', label: 'complaints.status.mediation_ended' },
  refused: { type: 'info', label: 'complaints.status.refused' },
  converted: { type: 'primary', label: 'complaints.status.converted' },
  filed: { type: 'success', label: 'complaints.status.filed' },
  not_filed: { type: 'info', label: 'complaints.status.not_filed' },
  closed: { type: 'success', label: 'complaints.status.closed' },
});

export const complaintCodes = () => call(client.GET('/api/v1/complaints/codes'));
export const complaintFigures = () => call(client.GET('/api/v1/complaints/statistics'));
export const getComplaint = (id: Id) => call(client.GET('/api/v1/complaints/{id}', { params: byId(id) }));
export const submitComplaint = (body: Body<'/api/v1/complaints', 'post'>) => call(client.POST('/api/v1/complaints', { body }));

/** The steps of a record, each an operation POST /complaints/{id}/<step> of the contract. */
export type ComplaintStep = 'assign' | 'accept' | 'refuse' | 'suspend' | 'resume' | 'end-mediation' | 'notify' | 'extend'
  | 'decline' | 'convert' | 'transfer' | 'dispute';
type StepPath = `/api/v1/complaints/{id}/${ComplaintStep}`;
// A step the contract lacks does not compile here: every StepPath must be a POST path of the contract.
const stepPaths: Record<ComplaintStep, PathsWith<'post'> & StepPath> = {
  assign: '/api/v1/complaints/{id}/assign',
  accept: '/api/v1/complaints/{id}/accept',
  refuse: '/api/v1/complaints/{id}/refuse',
  suspend: '/api/v1/complaints/{id}/suspend',
  resume: '/api/v1/complaints/{id}/resume',
  'end-mediation': '/api/v1/complaints/{id}/end-mediation',
  notify: '/api/v1/complaints/{id}/notify',
  extend: '/api/v1/complaints/{id}/extend',
  decline: '/api/v1/complaints/{id}/decline',
  convert: '/api/v1/complaints/{id}/convert',
  transfer: '/api/v1/complaints/{id}/transfer',
  dispute: '/api/v1/complaints/{id}/dispute',
};
/** One step of the record: assign, accept, refuse, suspend, resume, end-mediation, notify, extend, decline, convert, transfer, dispute. */
export function complaintStep<S extends ComplaintStep>(id: Id, step: S, body?: Body<(typeof stepPaths)[S], 'post'>) {
  // One call for the twelve steps: the union of their bodies is checked at the signature above.
  const at = stepPaths[step] as '/api/v1/complaints/{id}/assign';
  return call(client.POST(at, { params: byId(id), body: (body ?? {}) as Body<typeof at, 'post'> }));
}

export const submitPublicComplaint = (body: Body<'/api/v1/public/complaints', 'post'>) =>
  call(client.POST('/api/v1/public/complaints', { body, headers: publicPassHeaders() }));
export const publicComplaintStatus = (receipt: string, code: string) =>
  call(client.GET('/api/v1/public/complaints/{receipt}', { params: { path: { receipt }, query: { code } } }));
export const uploadPublicAttachment = (receipt: string, code: string, body: Body<'/api/v1/public/complaints/{receipt}/attachments', 'post'>) =>
  call(client.POST('/api/v1/public/complaints/{receipt}/attachments', {
    params: { path: { receipt }, query: { code } }, body, headers: publicPassHeaders(),
  }));

/** A File as the base64 of its bytes (for the JSON upload). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// 展会维权: the fairs (officers) and the running ones (the portal's form).
export const listFairs = (query: Query<'/api/v1/complaint-fairs', 'get'> = {}) =>
  call(client.GET('/api/v1/complaint-fairs', { params: { query } }));
export const saveFair = (id: Id | null | undefined, body: Body<'/api/v1/complaint-fairs', 'post'> & Body<'/api/v1/complaint-fairs/{id}', 'put'>) =>
  (id
    ? call(client.PUT('/api/v1/complaint-fairs/{id}', { params: byId(id), body }))
    : call(client.POST('/api/v1/complaint-fairs', { body })));
export const fairSummary = (id: Id) => call(client.GET('/api/v1/complaint-fairs/{id}/summary', { params: byId(id) }));
export const publicFairs = () => call(client.GET('/api/v1/public/complaint-fairs'));

// 批量导入: {file_base64, filename} → {imported, existing, items[{row, receipt_no, query_code, created}]}.
export const importComplaints = (body: Body<'/api/v1/complaints/import', 'post'>) =>
  call(client.POST('/api/v1/complaints/import', { body }));
export const downloadComplaintTemplate = (format: 'xlsx' | 'csv') => (format === 'xlsx'
  ? downloadFile('/api/v1/complaints/import/template.xlsx', {}, 'complaints-template.xlsx')
  : downloadFile('/api/v1/complaints/import/template', {}, 'complaints-template.csv'));
