// GET /api/v1/workbench (docs/workbench.md): the session's 待办, counts, figures and map; and the
// menu badges (待办 per module), kept in one small reactive store that the shell shows.
import { reactive, readonly } from 'vue';
import { api } from './client.js';

const state = reactive({ badges: {} });
export const workbenchBadges = readonly(state);

/** The 工作台 of the session; refreshes the menu badges as a side effect. */
export async function fetchWorkbench(perKind = 10) {
  const wb = await api.get(`/workbench?per_kind=${perKind}`);
  state.badges = wb.badges || {};
  return wb;
}

/** Refresh the badges only (after an action elsewhere); errors leave the old ones. */
export async function refreshBadges() {
  try {
    await fetchWorkbench(1);
  } catch { /* badges are a convenience: the 工作台 page reports errors */ }
}

/** Sums per module of the counts (the server sends them as `badges` too). */
export function badgesOf(counts) {
  const out = {};
  for (const c of counts || []) out[c.module] = (out[c.module] || 0) + c.count;
  return out;
}
