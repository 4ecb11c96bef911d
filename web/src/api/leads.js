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

/** 'rows[3].phone' → {row: 3, column: 'phone'}; anything else → {row: null, column: field}. */
export function parseRowField(field) {
  const m = /^rows\[(\d+)\]\.(.+)$/.exec(field || '');
  return m ? { row: Number(m[1]), column: m[2] } : { row: null, column: field || '' };
}

registerStatusKind('lead', {
  new: { type: 'warning', label: 'leads.status.new' },
  accepted: { type: 'success', label: 'leads.status.accepted' },
  dismissed: { type: 'info', label: 'leads.status.dismissed' },
  converted: { type: 'primary', label: 'leads.status.converted' },
  merged: { type: 'info', label: 'leads.status.merged' },
});
