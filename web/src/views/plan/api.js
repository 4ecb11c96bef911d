// Work-plan tracking (工作要点) API calls — docs/api.md "Work plans" (the contract: /work/notes/plans-api.md).
// Also registers the StatusTag vocabularies `planStatus`, `planRole` and `noticeKind`.
import { api, request, API_BASE, ApiError, buildQuery } from '../../api/client.js';
import { currentLocale } from '../../i18n/index.js';
import { registerStatusKind } from '../../components/statusKinds.js';

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
export const putRubric = (planId, body) => request('PUT', `/plans/${id(planId)}/rubric`, { body });
export const putScore = (planId, body) => request('PUT', `/plans/${id(planId)}/scores`, { body });
export const getRanking = (planId, period) => api.get(`/plans/${id(planId)}/ranking`, { period });

/** Reports may come as a bare array or as a page ({items}); the drawer wants the array. */
export function reportItems(res) {
  if (Array.isArray(res)) return res;
  return (res && Array.isArray(res.items)) ? res.items : [];
}

function filenameFrom(disposition, fallback) {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try { return decodeURIComponent(star[1].trim()); } catch { /* fall through */ }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/**
 * Downloads a file endpoint (XLSX export, attachments) through fetch so that a refusal shows the
 * server's problem+json reason instead of a browser error page. Throws ApiError.
 */
export async function downloadFile(path, query, fallbackName) {
  let res;
  try {
    res = await fetch(API_BASE + path + buildQuery(query), {
      credentials: 'same-origin',
      headers: { 'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN' },
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: 'network' });
  }
  if (!res.ok) {
    let problem = {};
    try { problem = await res.json(); } catch { /* not JSON */ }
    throw new ApiError({ status: res.status, code: problem.code, title: problem.title || res.statusText,
      detail: problem.detail, errors: problem.errors });
  }
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return { name, size: blob.size };
}

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
