// 信用与公示 API helpers: the agencies' disclosure records and the public portal (docs/credit.md).
import { api, request } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('disclosure', {
  draft: { type: 'warning', label: 'credit.status.draft' },
  published: { type: 'success', label: 'credit.status.published' },
  withheld: { type: 'info', label: 'credit.status.withheld' },
  withdrawn: { type: 'danger', label: 'credit.status.withdrawn' },
  repaired: { type: 'info', label: 'credit.status.repaired' },
});

registerStatusKind('typical_case', {
  draft: { type: 'warning', label: 'credit.typicalStatus.draft' },
  published: { type: 'success', label: 'credit.typicalStatus.published' },
  withdrawn: { type: 'info', label: 'credit.typicalStatus.withdrawn' },
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

// The public portal's pass (docs/credit.md "Public API"): bought with a solved ALTCHA challenge,
// carried by searches as X-Public-Pass until it expires.
let publicPass = null;
export function hasPublicPass(now = Date.now()) {
  return !!publicPass && Date.parse(publicPass.expires_at) - 30_000 > now;
}
export async function redeemChallenge(payload) {
  publicPass = await api.post('/public/pass', { altcha: payload });
  return publicPass;
}
export function dropPublicPass() {
  publicPass = null;
}
export const searchPublic = (query) =>
  request('GET', '/public/disclosures', { query, extraHeaders: { 'X-Public-Pass': publicPass?.pass || '' } });
export const getPublic = (id) => api.get(`/public/disclosures/${id}`);

const passHeaders = () => ({ 'X-Public-Pass': publicPass?.pass || '' });
/** The pass header for the portal's other forms (api/complaints.js). */
export const publicPassHeaders = passHeaders;
export const applyForRepair = (body) =>
  request('POST', '/public/repairs', { body, extraHeaders: passHeaders() });
export const repairStatus = (receipt, code) => api.get(`/public/repairs/${encodeURIComponent(receipt)}`, { code });
export const publicSeriousList = (query) =>
  request('GET', '/public/serious-list', { query, extraHeaders: passHeaders() });
