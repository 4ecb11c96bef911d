// Leads (线索) and correlation (串并) — docs/api.md "Leads", docs/leads.md.
import { api } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

export const LEAD_CATEGORIES = ['trademark', 'patent', 'copyright', 'geographic_indication', 'plant_variety',
  'trade_secret', 'counterfeit_goods', 'import_export', 'other'];
export const LEAD_SOURCES = ['manual', 'csv', 'api', 'monitoring', 'complaint'];
export const LEAD_STATUSES = ['new', 'accepted', 'dismissed', 'converted', 'merged'];
/** Observable types offered in the form, strong identifiers first (docs/link.md). */
export const OBSERVABLE_TYPES = ['phone', 'web_shop', 'url', 'domain', 'uscc', 'id_number', 'email', 'wechat', 'qq',
  'bank_account', 'waybill', 'ip', 'company_name', 'person_name', 'address', 'trademark_reg'];

export const getLead = (id) => api.get(`/leads/${encodeURIComponent(id)}`);
export const createLead = (body) => api.post('/leads', body);
export const screenLead = (id, decision, reason) => api.post(`/leads/${encodeURIComponent(id)}/screen`, { decision, reason });
export const mergeLeads = (id, leadIds, reason) => api.post(`/leads/${encodeURIComponent(id)}/merge`, { lead_ids: leadIds, reason });
export const importLeadsCsv = (csv) => api.post('/leads/import', { csv });
export const getCluster = (id) => api.get(`/leads/clusters/${encodeURIComponent(id)}`);
export const requestAccess = (leadId, agencyId, reason) =>
  api.post(`/leads/${encodeURIComponent(leadId)}/access-requests`, { agency_id: agencyId, reason });
/** 转为案件: {case_number, title?, category?, source?} → the lead with `case: {id, case_number}`. */
export const convertLead = (id, body) => api.post(`/leads/${encodeURIComponent(id)}/convert`, body);
export const reassignLead = (id, agencyId, reason) =>
  api.post(`/leads/${encodeURIComponent(id)}/reassign`, { agency_id: agencyId, reason });
/** Approve (for `days`) or refuse (reason required) an access request addressed to the caller's agency. */
export const decideAccessRequest = (id, decision, reason, days) =>
  api.post(`/leads/access-requests/${encodeURIComponent(id)}/decide`, { decision, reason, ...(days ? { days } : {}) });
export const acknowledgeAlert = (id, note) => api.post(`/leads/alerts/${encodeURIComponent(id)}/acknowledge`, { note });
export const ACCESS_STATUSES = ['pending', 'approved', 'refused', 'expired'];

registerStatusKind('lead', {
  new: { type: 'warning', label: 'leads.status.new' },
  accepted: { type: 'success', label: 'leads.status.accepted' },
  dismissed: { type: 'info', label: 'leads.status.dismissed' },
  converted: { type: 'primary', label: 'leads.status.converted' },
  merged: { type: 'info', label: 'leads.status.merged' },
});

registerStatusKind('leadAccess', {
  pending: { type: 'warning', label: 'leads.access.status.pending' },
  approved: { type: 'success', label: 'leads.access.status.approved' },
  refused: { type: 'danger', label: 'leads.access.status.refused' },
  expired: { type: 'info', label: 'leads.access.status.expired' },
});
