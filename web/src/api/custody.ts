// 涉案物品与无害化销毁 API helpers (docs/custody.md): the ledger, destructions, the directory and
// the public portal's directory and certificate check. Every call is typed by the contract (./http.ts).
import { client, call, byId, urlOf, downloadFile, type Body, type Query, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('destruction', {
  applied: { type: 'warning', label: 'destruction.status.applied' },
  approved: { type: 'primary', label: 'destruction.status.approved' },
  rejected: { type: 'info', label: 'destruction.status.rejected' },
  executed: { type: 'primary', label: 'destruction.status.executed' },
  supervised: { type: 'primary', label: 'destruction.status.supervised' },
  closed: { type: 'success', label: 'destruction.status.closed' },
});

let codes: unknown = null;
/** Categories (with their rule marks), methods, units, movement kinds, capabilities. */
export async function custodyCodes() {
  if (!codes) codes = await call(client.GET('/api/v1/custody/codes'));
  return codes;
}
export const getItem = (id: Id) => call(client.GET('/api/v1/custody/items/{id}', { params: byId(id) }));
export const addPhoto = (id: Id, body: Body<'/api/v1/custody/items/{id}/photos', 'post'>) =>
  call(client.POST('/api/v1/custody/items/{id}/photos', { params: byId(id), body }));
/** The photo's address: an <img> loads it with the session cookie. */
export const photoUrl = (photo: { item_id: Id; id: Id }) =>
  urlOf('/api/v1/custody/items/{id}/photos/{photo_id}', { id: photo.item_id, photo_id: photo.id });
/** A case's items (first 200), for the destruction application. */
export const itemsOfCase = (caseId: number) =>
  call(client.GET('/api/v1/custody/items', { params: { query: { case_id: caseId, page_size: 200 } } }));
export const registerItem = (body: Body<'/api/v1/custody/items', 'post'>) =>
  call(client.POST('/api/v1/custody/items', { body }));
export const recordMovement = (id: Id, body: Body<'/api/v1/custody/items/{id}/movements', 'post'>) =>
  call(client.POST('/api/v1/custody/items/{id}/movements', { params: byId(id), body }));
export const listStores = () => call(client.GET('/api/v1/custody/stores', { params: { query: { page_size: 200 } } }));
export const reconciliation = (heldDays: number) =>
  call(client.GET('/api/v1/custody/reconciliation', { params: { query: { held_days: heldDays } } }));
export const proposeUnits = (itemIds: Id[], method: string) =>
  call(client.GET('/api/v1/destruction-units/proposals', { params: { query: { items: itemIds.join(','), method } } }));
export const applyForDestruction = (body: Body<'/api/v1/destructions', 'post'>) =>
  call(client.POST('/api/v1/destructions', { body }));
export const decideDestruction = (id: Id, body: Body<'/api/v1/destructions/{id}/decision', 'post'>) =>
  call(client.POST('/api/v1/destructions/{id}/decision', { params: byId(id), body }));
export const executeDestruction = (id: Id, body: Body<'/api/v1/destructions/{id}/execution', 'post'>) =>
  call(client.POST('/api/v1/destructions/{id}/execution', { params: byId(id), body }));
export const superviseDestruction = (id: Id, body: Body<'/api/v1/destructions/{id}/supervision', 'post'>) =>
  call(client.POST('/api/v1/destructions/{id}/supervision', { params: byId(id), body }));
export const closeDestruction = (id: Id, version: number) =>
  call(client.POST('/api/v1/destructions/{id}/close', { params: byId(id), body: { version } }));
export const listCampaigns = (query: Query<'/api/v1/destruction-campaigns', 'get'>) =>
  call(client.GET('/api/v1/destruction-campaigns', { params: { query } }));
export const getCampaign = (id: Id) => call(client.GET('/api/v1/destruction-campaigns/{id}', { params: byId(id) }));
export const createCampaign = (body: Body<'/api/v1/destruction-campaigns', 'post'>) =>
  call(client.POST('/api/v1/destruction-campaigns', { body }));
export const closeCampaign = (id: Id, version: number) =>
  call(client.POST('/api/v1/destruction-campaigns/{id}/close', { params: byId(id), body: { version } }));
export const setCampaign = (id: Id, body: Body<'/api/v1/destructions/{id}/campaign', 'put'>) =>
  call(client.PUT('/api/v1/destructions/{id}/campaign', { params: byId(id), body }));
export const createUnit = (body: Body<'/api/v1/destruction-units', 'post'>) =>
  call(client.POST('/api/v1/destruction-units', { body }));
export const listUnits = (query: Query<'/api/v1/destruction-units', 'get'>) =>
  call(client.GET('/api/v1/destruction-units', { params: { query } }));
/** Destructions per category and method over {from, to}. */
export const destructionSummary = (query: Query<'/api/v1/destructions/summary', 'get'>) =>
  call(client.GET('/api/v1/destructions/summary', { params: { query } }));
export const publicUnits = (query: Query<'/api/v1/public/destruction-units', 'get'>) =>
  call(client.GET('/api/v1/public/destruction-units', { params: { query } }));
export const verifyCertificate = (no: string) =>
  call(client.GET('/api/v1/public/destruction-certificates/{number}', { params: { path: { number: no } } }));

/** "1.5 千克" from grams (integers on the wire). */
export function formatGrams(g: number | null | undefined) {
  if (g === null || g === undefined) return '—';
  return g >= 1000 ? `${(g / 1000).toLocaleString('zh-CN', { maximumFractionDigits: 3 })} 千克` : `${g} 克`;
}

/** 生态环境部门通报: the destructions of {from, to} as CSV. → {name, size} */
export const downloadEnvironmentNotice = (from: string, to: string) =>
  downloadFile('/api/v1/destructions/environment-notice', { query: { from, to, format: 'csv' } }, 'destruction-notice.csv');
/** A case's custody statement (PDF). → {name, size} */
export const downloadCustodyStatement = (caseId: Id) =>
  downloadFile('/api/v1/cases/{id}/custody-statement.pdf', { path: { id: caseId } }, `custody-statement-${caseId}.pdf`);
/** An item's label (PDF). → {name, size} */
export const downloadLabel = (item: { id: Id; label_no: string }) =>
  downloadFile('/api/v1/custody/items/{id}/label.pdf', { path: { id: item.id } }, `${item.label_no}.pdf`);
/** A destruction campaign's export, 'xlsx' or 'csv'. → {name, size} */
export const downloadCampaign = (id: Id, format: 'xlsx' | 'csv') =>
  downloadFile('/api/v1/destruction-campaigns/{id}/export', { path: { id }, query: { format } }, `destruction-campaign-${id}.${format}`);
