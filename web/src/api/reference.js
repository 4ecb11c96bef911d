// Reference data cached for the page's lifetime: roles and region lookups.
import { api } from './client.js';

let rolesPromise = null;
/** [{code, name_zh, name_en}] from GET /roles (cached; a failure is not cached). */
export function fetchRoles() {
  if (!rolesPromise) {
    rolesPromise = api.get('/roles').catch((e) => { rolesPromise = null; throw e; });
  }
  return rolesPromise;
}

const regionChildren = new Map();
/** Children of a region (provinces when parent is empty), cached by parent code. */
export function fetchRegions(parent) {
  const key = parent || '';
  if (!regionChildren.has(key)) {
    const p = api.get('/regions', parent ? { parent } : undefined)
      .catch((e) => { regionChildren.delete(key); throw e; });
    regionChildren.set(key, p);
  }
  return regionChildren.get(key);
}

const regionOne = new Map();
/** One region with its path [{code,name}] (GET /regions/{code}), cached. */
export function fetchRegion(code) {
  if (!regionOne.has(code)) {
    const p = api.get(`/regions/${encodeURIComponent(code)}`)
      .catch((e) => { regionOne.delete(code); throw e; });
    regionOne.set(code, p);
  }
  return regionOne.get(code);
}

export const NATIONAL_REGION = '000000';
