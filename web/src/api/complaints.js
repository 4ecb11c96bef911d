// 投诉举报 API helpers: the officers' queue and steps, the portal's form and status page
// (docs/complaints.md).
import { api, request, download } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';
import { publicPassHeaders } from './credit.js';

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

export const complaintCodes = () => api.get('/complaints/codes');
export const complaintFigures = () => api.get('/complaints/statistics');
export const getComplaint = (id) => api.get(`/complaints/${id}`);
export const submitComplaint = (body) => api.post('/complaints', body);
/** One step of the record: assign, accept, refuse, suspend, resume, end-mediation, notify, extend, decline, convert, transfer, dispute. */
export const complaintStep = (id, step, body = {}) => api.post(`/complaints/${id}/${step}`, body);

export const submitPublicComplaint = (body) =>
  request('POST', '/public/complaints', { body, extraHeaders: publicPassHeaders() });
export const publicComplaintStatus = (receipt, code) =>
  api.get(`/public/complaints/${encodeURIComponent(receipt)}`, { code });
export const uploadPublicAttachment = (receipt, code, body) =>
  request('POST', `/public/complaints/${encodeURIComponent(receipt)}/attachments`, {
    body, query: { code }, extraHeaders: publicPassHeaders(),
  });

/** A File as the base64 of its bytes (for the JSON upload). */
export function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// 展会维权: the fairs (officers) and the running ones (the portal's form).
export const listFairs = (query = {}) => api.get('/complaint-fairs', query);
export const saveFair = (id, body) => (id ? api.put(`/complaint-fairs/${id}`, body) : api.post('/complaint-fairs', body));
export const fairSummary = (id) => api.get(`/complaint-fairs/${id}/summary`);
export const publicFairs = () => api.get('/public/complaint-fairs');

// 批量导入: {file_base64, filename} → {imported, existing, items[{row, receipt_no, query_code, created}]}.
export const importComplaints = (body) => api.post('/complaints/import', body);
export const downloadComplaintTemplate = (format) => (format === 'xlsx'
  ? download('/complaints/import/template.xlsx', undefined, 'complaints-template.xlsx')
  : download('/complaints/import/template', undefined, 'complaints-template.csv'));
