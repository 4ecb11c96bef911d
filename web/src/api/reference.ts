// Reference data cached for the page's lifetime: roles and region lookups. Typed by the contract (./http.ts).
import { client, call } from './http.ts';

const loadRoles = () => call(client.GET('/api/v1/roles'));
let rolesPromise: ReturnType<typeof loadRoles> | null = null;
/** [{code, name_zh, name_en}] from GET /roles (cached; a failure is not cached). */
export function fetchRoles() {
  if (!rolesPromise) {
    rolesPromise = loadRoles().catch((e) => { rolesPromise = null; throw e; });
  }
  return rolesPromise;
}

const loadChildren = (parent: string) =>
  call(client.GET('/api/v1/regions', { params: { query: parent ? { parent } : {} } }));
const regionChildren = new Map<string, ReturnType<typeof loadChildren>>();
/** Children of a region (provinces when parent is empty), cached by parent code. */
export function fetchRegions(parent?: string | null) {
  const key = parent || '';
  if (!regionChildren.has(key)) {
    const p = loadChildren(key).catch((e) => { regionChildren.delete(key); throw e; });
    regionChildren.set(key, p);
  }
  return regionChildren.get(key)!;
}

const loadRegion = (code: string) => call(client.GET('/api/v1/regions/{code}', { params: { path: { code } } }));
const regionOne = new Map<string, ReturnType<typeof loadRegion>>();
/** One region with its path [{code,name}] (GET /regions/{code}), cached. */
export function fetchRegion(code: string) {
  if (!regionOne.has(code)) {
    const p = loadRegion(code).catch((e) => { regionOne.delete(code); throw e; });
    regionOne.set(code, p);
  }
  return regionOne.get(code)!;
}

export const NATIONAL_REGION = '000000';
