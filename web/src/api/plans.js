// Work-plan tracking (工作要点) API calls — docs/api.md "Work plans" (the contract: /work/notes/plans-api.md).
// Also registers the StatusTag vocabularies `planStatus`, `planRole` and `noticeKind`.
import { api, download } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

const id = (x) => encodeURIComponent(x);

export const importPlan = (body) => api.post('/plans', body);
export const getPlan = (planId) => api.get(`/plans/${id(planId)}`);
export const getMatrix = (planId, period) => api.get(`/plans/${id(planId)}/matrix`, { period });
export const listAssignments = (planId, query) => api.get(`/plans/${id(planId)}/assignments`, query);
export const setDueDate = (assignmentId, dueDate) => api.patch(`/plan-assignments/${id(assignmentId)}`, { due_date: dueDate });
export const setDueDates = (planId, body) => api.post(`/plans/${id(planId)}/due-dates`, body);
export const assignHolder = (planId, holderId, body) =>
  api.post(`/plans/${id(planId)}/unassigned/${id(holderId)}/assign`, body);
export const listReports = (assignmentId) => api.get(`/plan-assignments/${id(assignmentId)}/reports`);
export const submitReport = (assignmentId, body) => api.post(`/plan-assignments/${id(assignmentId)}/reports`, body);
export const sendNotice = (planId, body) => api.post(`/plans/${id(planId)}/notices`, body);
export const acknowledgeNotice = (noticeId) => api.post(`/plan-notices/${id(noticeId)}/acknowledge`);
export const getRubric = (planId) => api.get(`/plans/${id(planId)}/rubric`);
export const putRubric = (planId, body) => api.put(`/plans/${id(planId)}/rubric`, body);
export const putScore = (planId, body) => api.put(`/plans/${id(planId)}/scores`, body);
export const getRanking = (planId, period) => api.get(`/plans/${id(planId)}/ranking`, { period });

/** Reports may come as a bare array or as a page ({items}); the drawer wants the array. */
export function reportItems(res) {
  if (Array.isArray(res)) return res;
  return (res && Array.isArray(res.items)) ? res.items : [];
}

/** The matrix as XLSX for a period ('' = latest reports); the server names the file. → {name, size} */
export const downloadMatrix = (planId, period, fallbackName) =>
  download(`/plans/${id(planId)}/matrix.xlsx`, { period }, fallbackName);
/** A report's attachment under its own name. → {name, size} */
export const downloadAttachment = (attachment) =>
  download(`/plan-attachments/${id(attachment.id)}`, undefined, attachment.filename);

registerStatusKind('planStatus', {
  not_started: { type: 'info', label: 'plan.status.not_started' },
  in_progress: { type: 'primary', label: 'plan.status.in_progress' },
  completed: { type: 'success', label: 'plan.status.completed' },
  blocked: { type: 'warning', label: 'plan.status.blocked' },
  overdue: { type: 'danger', label: 'plan.status.overdue' },
});
registerStatusKind('planRole', {
  lead: { type: 'primary', label: 'plan.role.lead' },
  co: { type: 'info', label: 'plan.role.co' },
});
registerStatusKind('noticeKind', {
  supervision: { type: 'danger', label: 'plan.noticeKind.supervision' },
  reminder: { type: 'warning', label: 'plan.noticeKind.reminder' },
  criticism: { type: 'danger', label: 'plan.noticeKind.criticism' },
  interview: { type: 'primary', label: 'plan.noticeKind.interview' },
});
