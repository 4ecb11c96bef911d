// 涉案物品与无害化销毁 API helpers (docs/custody.md): the ledger, destructions, the directory and
// the public portal's directory and certificate check.
import { api } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('destruction', {
  applied: { type: 'warning', label: 'destruction.status.applied' },
  approved: { type: 'primary', label: 'destruction.status.approved' },
  rejected: { type: 'info', label: 'destruction.status.rejected' },
  executed: { type: 'primary', label: 'destruction.status.executed' },
  supervised: { type: 'primary', label: 'destruction.status.supervised' },
  closed: { type: 'success', label: 'destruction.status.closed' },
});

let codes = null;
/** Categories (with their rule marks), methods, units, movement kinds, capabilities. */
export async function custodyCodes() {
  if (!codes) codes = await api.get('/custody/codes');
  return codes;
}
export const getItem = (id) => api.get(`/custody/items/${id}`);
export const addPhoto = (id, body) => api.post(`/custody/items/${id}/photos`, body);
/** The photo's address: an <img> loads it with the session cookie. */
export const photoUrl = (photo) => `/api/v1/custody/items/${photo.item_id}/photos/${photo.id}`;
export const registerItem = (body) => api.post('/custody/items', body);
export const recordMovement = (id, body) => api.post(`/custody/items/${id}/movements`, body);
export const listStores = () => api.get('/custody/stores', { page_size: 200 });
export const reconciliation = (heldDays) => api.get('/custody/reconciliation', { held_days: heldDays });
export const proposeUnits = (itemIds, method) => api.get('/destruction-units/proposals', { items: itemIds.join(','), method });
export const applyForDestruction = (body) => api.post('/destructions', body);
export const decideDestruction = (id, body) => api.post(`/destructions/${id}/decision`, body);
export const executeDestruction = (id, body) => api.post(`/destructions/${id}/execution`, body);
export const superviseDestruction = (id, body) => api.post(`/destructions/${id}/supervision`, body);
export const closeDestruction = (id, version) => api.post(`/destructions/${id}/close`, { version });
export const listCampaigns = (query) => api.get('/destruction-campaigns', query);
export const getCampaign = (id) => api.get(`/destruction-campaigns/${id}`);
export const createCampaign = (body) => api.post('/destruction-campaigns', body);
export const closeCampaign = (id, version) => api.post(`/destruction-campaigns/${id}/close`, { version });
export const setCampaign = (id, body) => api.put(`/destructions/${id}/campaign`, body);
export const createUnit = (body) => api.post('/destruction-units', body);
export const listUnits = (query) => api.get('/destruction-units', query);
export const publicUnits = (query) => api.get('/public/destruction-units', query);
export const verifyCertificate = (no) => api.get(`/public/destruction-certificates/${encodeURIComponent(no)}`);

/** "1.5 千克" from grams (integers on the wire). */
export function formatGrams(g) {
  if (g === null || g === undefined) return '—';
  return g >= 1000 ? `${(g / 1000).toLocaleString('zh-CN', { maximumFractionDigits: 3 })} 千克` : `${g} 克`;
}
