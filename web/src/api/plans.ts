// Work-plan tracking (工作要点) API calls — docs/api.md "Work plans". Typed by the contract (./http.ts).
// Also registers the StatusTag vocabularies `planStatus`, `planRole` and `noticeKind`.
import { client, call, byId, downloadFile, type Body, type Query, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

export const importPlan = (body: Body<'/api/v1/plans', 'post'>) => call(client.POST('/api/v1/plans', { body }));
export const getPlan = (planId: Id) => call(client.GET('/api/v1/plans/{id}', { params: byId(planId) }));
export const getMatrix = (planId: Id, period?: string) =>
  call(client.GET('/api/v1/plans/{id}/matrix', { params: { ...byId(planId), query: { period } } }));
export const listAssignments = (planId: Id, query: Query<'/api/v1/plans/{id}/assignments', 'get'>) =>
  call(client.GET('/api/v1/plans/{id}/assignments', { params: { ...byId(planId), query } }));
export const setDueDate = (assignmentId: Id, dueDate: string) =>
  call(client.PATCH('/api/v1/plan-assignments/{id}', { params: byId(assignmentId), body: { due_date: dueDate } }));
export const setDueDates = (planId: Id, body: Body<'/api/v1/plans/{id}/due-dates', 'post'>) =>
  call(client.POST('/api/v1/plans/{id}/due-dates', { params: byId(planId), body }));
export const assignHolder = (planId: Id, holderId: Id, body: Body<'/api/v1/plans/{id}/unassigned/{holder_id}/assign', 'post'>) =>
  call(client.POST('/api/v1/plans/{id}/unassigned/{holder_id}/assign', {
    params: { path: { id: String(planId), holder_id: String(holderId) } }, body,
  }));
export const listReports = (assignmentId: Id) =>
  call(client.GET('/api/v1/plan-assignments/{id}/reports', { params: byId(assignmentId) }));
export const submitReport = (assignmentId: Id, body: Body<'/api/v1/plan-assignments/{id}/reports', 'post'>) =>
  call(client.POST('/api/v1/plan-assignments/{id}/reports', { params: byId(assignmentId), body }));
export const sendNotice = (planId: Id, body: Body<'/api/v1/plans/{id}/notices', 'post'>) =>
  call(client.POST('/api/v1/plans/{id}/notices', { params: byId(planId), body }));
export const acknowledgeNotice = (noticeId: Id) =>
  call(client.POST('/api/v1/plan-notices/{id}/acknowledge', { params: byId(noticeId) }));
export const getRubric = (planId: Id) => call(client.GET('/api/v1/plans/{id}/rubric', { params: byId(planId) }));
export const putRubric = (planId: Id, body: Body<'/api/v1/plans/{id}/rubric', 'put'>) =>
  call(client.PUT('/api/v1/plans/{id}/rubric', { params: byId(planId), body }));
export const putScore = (planId: Id, body: Body<'/api/v1/plans/{id}/scores', 'put'>) =>
  call(client.PUT('/api/v1/plans/{id}/scores', { params: byId(planId), body }));
export const getRanking = (planId: Id, period: string) =>
  call(client.GET('/api/v1/plans/{id}/ranking', { params: { ...byId(planId), query: { period } } }));

/** Reports may come as a bare array or as a page ({items}); the drawer wants the array. */
export function reportItems(res: unknown): unknown[] {
  if (Array.isArray(res)) return res;
  const items = (res as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : [];
}

/** The matrix as XLSX for a period ('' = latest reports); the server names the file. → {name, size} */
export const downloadMatrix = (planId: Id, period: string, fallbackName: string) =>
  downloadFile('/api/v1/plans/{id}/matrix.xlsx', { path: { id: planId }, query: { period } }, fallbackName);
/** A report's attachment under its own name. → {name, size} */
export const downloadAttachment = (attachment: { id: Id; filename: string }) =>
  downloadFile('/api/v1/plan-attachments/{id}', { path: { id: attachment.id } }, attachment.filename);

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
