// 信用与公示 API helpers: the agencies' disclosure records and the public portal (docs/credit.md).
// Every call is typed by the contract (./http.ts).
import { client, call, byId, type Body, type Query, type Id } from './http.ts';
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

export const getDisclosure = (id: Id) => call(client.GET('/api/v1/disclosures/{id}', { params: byId(id) }));
export const updateDisclosure = (id: Id, body: Body<'/api/v1/disclosures/{id}', 'put'>) =>
  call(client.PUT('/api/v1/disclosures/{id}', { params: byId(id), body }));
export const publishDisclosure = (id: Id, version: number) =>
  call(client.POST('/api/v1/disclosures/{id}/publish', { params: byId(id), body: { version } }));
export const withholdDisclosure = (id: Id, body: Body<'/api/v1/disclosures/{id}/withhold', 'post'>) =>
  call(client.POST('/api/v1/disclosures/{id}/withhold', { params: byId(id), body }));
export const withdrawDisclosure = (id: Id, body: Body<'/api/v1/disclosures/{id}/withdraw', 'post'>) =>
  call(client.POST('/api/v1/disclosures/{id}/withdraw', { params: byId(id), body }));

// The public portal's pass (docs/credit.md "Public API"): bought with a solved ALTCHA challenge,
// carried by searches as X-Public-Pass until it expires.
type Pass = Awaited<ReturnType<typeof buyPass>>;
const buyPass = (altcha: string) => call(client.POST('/api/v1/public/pass', { body: { altcha } }));
let publicPass: Pass | null = null;
export function hasPublicPass(now = Date.now()) {
  return !!publicPass && Date.parse(publicPass.expires_at) - 30_000 > now;
}
export async function redeemChallenge(payload: string) {
  publicPass = await buyPass(payload);
  return publicPass;
}
export function dropPublicPass() {
  publicPass = null;
}
const passHeaders = () => ({ 'X-Public-Pass': publicPass?.pass || '' });
/** The pass header for the portal's other forms (api/complaints.ts). */
export const publicPassHeaders = passHeaders;

export const searchPublic = (query: Query<'/api/v1/public/disclosures', 'get'>) =>
  call(client.GET('/api/v1/public/disclosures', { params: { query }, headers: passHeaders() }));
export const getPublic = (id: Id) => call(client.GET('/api/v1/public/disclosures/{id}', { params: byId(id) }));
export const applyForRepair = (body: Body<'/api/v1/public/repairs', 'post'>) =>
  call(client.POST('/api/v1/public/repairs', { body, headers: passHeaders() }));
export const repairStatus = (receipt: string, code: string) =>
  call(client.GET('/api/v1/public/repairs/{receipt}', { params: { path: { receipt }, query: { code } } }));
export const publicSeriousList = (query: Query<'/api/v1/public/serious-list', 'get'>) =>
  call(client.GET('/api/v1/public/serious-list', { params: { query }, headers: passHeaders() }));

// The officers' credit pages (docs/credit.md): codes, the serious-violation list, repairs, the IP
// office's findings, typical cases, credit records.
export const disclosureCodes = () => call(client.GET('/api/v1/disclosures/codes'));
export const listSerious = (body: Body<'/api/v1/serious-list', 'post'>) =>
  call(client.POST('/api/v1/serious-list', { body }));
export const removeSerious = (id: Id, body: Body<'/api/v1/serious-list/{id}/remove', 'post'>) =>
  call(client.POST('/api/v1/serious-list/{id}/remove', { params: byId(id), body }));
export const decideRepair = (id: Id, body: Body<'/api/v1/repairs/{id}/decide', 'post'>) =>
  call(client.POST('/api/v1/repairs/{id}/decide', { params: byId(id), body }));
export const createIpFinding = (body: Body<'/api/v1/credit/ip-findings', 'post'>) =>
  call(client.POST('/api/v1/credit/ip-findings', { body }));
export const revokeIpFinding = (id: Id, body: Body<'/api/v1/credit/ip-findings/{id}/revoke', 'post'>) =>
  call(client.POST('/api/v1/credit/ip-findings/{id}/revoke', { params: byId(id), body }));
export const createTypicalCase = (body: Body<'/api/v1/typical-cases', 'post'>) =>
  call(client.POST('/api/v1/typical-cases', { body }));
export const updateTypicalCase = (id: Id, body: Body<'/api/v1/typical-cases/{id}', 'put'>) =>
  call(client.PUT('/api/v1/typical-cases/{id}', { params: byId(id), body }));
export const publishTypicalCase = (id: Id, version: number) =>
  call(client.POST('/api/v1/typical-cases/{id}/publish', { params: byId(id), body: { version } }));
export const withdrawTypicalCase = (id: Id, body: Body<'/api/v1/typical-cases/{id}/withdraw', 'post'>) =>
  call(client.POST('/api/v1/typical-cases/{id}/withdraw', { params: byId(id), body }));
/** An enterprise's credit record by its unified social credit code. */
export const creditRecord = (code: string) =>
  call(client.GET('/api/v1/credit/subjects/{code}', { params: { path: { code } } }));
/** A person's record by ID number (a POST: the number stays out of URLs and logs). */
export const personRecord = (idNumber: string) =>
  call(client.POST('/api/v1/credit/persons/lookup', { body: { id_number: idNumber } }));
export const publicTypicalCases = (query: Query<'/api/v1/public/typical-cases', 'get'>) =>
  call(client.GET('/api/v1/public/typical-cases', { params: { query } }));
export const publicTypicalCase = (id: Id) =>
  call(client.GET('/api/v1/public/typical-cases/{id}', { params: byId(id) }));
