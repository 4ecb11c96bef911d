// Leads (线索) and correlation (串并) — docs/api.md "Leads", docs/leads.md. Typed by the contract (./http.ts).
import { client, call, byId, undeclaredBody, type Body, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

export const LEAD_CATEGORIES = ['trademark', 'patent', 'copyright', 'geographic_indication', 'plant_variety',
  'trade_secret', 'counterfeit_goods', 'import_export', 'other'];
export const LEAD_SOURCES = ['manual', 'csv', 'api', 'monitoring', 'complaint'];
export const LEAD_STATUSES = ['new', 'accepted', 'dismissed', 'converted', 'merged'];
/** Observable types offered in the form, strong identifiers first (docs/link.md). */
export const OBSERVABLE_TYPES = ['phone', 'web_shop', 'url', 'domain', 'uscc', 'id_number', 'email', 'wechat', 'qq',
  'bank_account', 'waybill', 'ip', 'company_name', 'person_name', 'address', 'trademark_reg'];

export const getLead = (id: Id) => call(client.GET('/api/v1/leads/{id}', { params: byId(id) }));
export const createLead = (body: Body<'/api/v1/leads', 'post'>) => call(client.POST('/api/v1/leads', { body }));
export const screenLead = (id: Id, decision: Body<'/api/v1/leads/{id}/screen', 'post'>['decision'], reason: string) =>
  call(client.POST('/api/v1/leads/{id}/screen', { params: byId(id), body: { decision, reason } }));
export const mergeLeads = (id: Id, leadIds: number[], reason: string) =>
  call(client.POST('/api/v1/leads/{id}/merge', { params: byId(id), body: { lead_ids: leadIds, reason } }));
export const importLeadsCsv = (csv: string) =>
  call(client.POST('/api/v1/leads/import', undeclaredBody('/api/v1/leads/import', { csv })));
export const getCluster = (id: Id) => call(client.GET('/api/v1/leads/clusters/{id}', { params: byId(id) }));
export const requestAccess = (leadId: Id, agencyId: number, reason: string) =>
  call(client.POST('/api/v1/leads/{id}/access-requests', { params: byId(leadId), body: { agency_id: agencyId, reason } }));
/** 转为案件: {case_number, title?, category?, source?} → the lead with `case: {id, case_number}`. */
export const convertLead = (id: Id, body: Body<'/api/v1/leads/{id}/convert', 'post'>) =>
  call(client.POST('/api/v1/leads/{id}/convert', { params: byId(id), body }));
export const reassignLead = (id: Id, agencyId: number, reason: string) =>
  call(client.POST('/api/v1/leads/{id}/reassign', { params: byId(id), body: { agency_id: agencyId, reason } }));
/** Approve (for `days`) or refuse (reason required) an access request addressed to the caller's agency. */
export const decideAccessRequest = (id: Id, decision: Body<'/api/v1/leads/access-requests/{id}/decide', 'post'>['decision'], reason: string, days?: number) =>
  call(client.POST('/api/v1/leads/access-requests/{id}/decide', {
    params: byId(id), body: { decision, reason, ...(days ? { days } : {}) },
  }));
export const acknowledgeAlert = (id: Id, note: string) =>
  call(client.POST('/api/v1/leads/alerts/{id}/acknowledge', { params: byId(id), body: { note } }));
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
