// 信用与公示 API helpers: the agencies' disclosure records and the public portal (docs/credit.md).
import { api } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('disclosure', {
  draft: { type: 'warning', label: 'credit.status.draft' },
  published: { type: 'success', label: 'credit.status.published' },
  withheld: { type: 'info', label: 'credit.status.withheld' },
  withdrawn: { type: 'danger', label: 'credit.status.withdrawn' },
});

/** credit::PenaltyKind keys, in the order of 行政处罚法 第九条 (labels: credit.penaltyKind.*). */
export const PENALTY_KINDS = [
  'warning', 'criticism', 'fine', 'confiscate_gains', 'confiscate_property', 'suspend_permit',
  'lower_qualification', 'revoke_permit', 'restrict_operation', 'order_suspension', 'order_closure',
  'restrict_employment', 'revoke_license',
];
export const WITHHOLD_REASONS = ['minor', 'state_secret', 'commercial_secret', 'privacy', 'other'];
export const WITHDRAW_KINDS = ['revoked', 'changed', 'confirmed_illegal', 'void'];

export const getDisclosure = (id) => api.get(`/disclosures/${id}`);
export const updateDisclosure = (id, body) => api.put(`/disclosures/${id}`, body);
export const publishDisclosure = (id, version) => api.post(`/disclosures/${id}/publish`, { version });
export const withholdDisclosure = (id, body) => api.post(`/disclosures/${id}/withhold`, body);
export const withdrawDisclosure = (id, body) => api.post(`/disclosures/${id}/withdraw`, body);

export const searchPublic = (query) => api.get('/public/disclosures', query);
export const getPublic = (id) => api.get(`/public/disclosures/${id}`);
