// Who is logged in: a tiny reactive store (no Pinia needed for one object). The session calls are
// typed by the contract (./http.ts).
import { reactive, readonly } from 'vue';
import { setCsrfToken, ApiError } from './client.js';
import { client, call } from './http.ts';

type SessionAnswer = Awaited<ReturnType<typeof getSession>>;
const getSession = () => call(client.GET('/api/v1/session'));

const state = reactive({
  user: null as SessionAnswer['user'] | null,  // User from docs/api.md
  capabilities: [] as string[],  // what the session may do (server's permission table, issue 14)
  checked: false,  // GET /session has answered at least once
});

export const session = readonly(state);

// A hint in localStorage that this browser logged in and has not logged out since. Without it a fresh
// page load goes straight to the login page instead of asking GET /session (which would answer 401
// and leave a red "Failed to load resource" line in the console of every logged-out visitor).
const HINT = 'ipe.session';
function setHint(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch { /* storage disabled: we always ask the server */ }
}
function mayHaveSession() {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

function adopt(payload: SessionAnswer | null) {
  state.user = payload ? payload.user : null;
  state.capabilities = payload ? (payload.capabilities || []) : [];
  setHint(!!payload);
  setCsrfToken(payload ? payload.csrf_token : null);
  state.checked = true;
}

/** Asks the server whether the cookie is still a session. Never throws for 401. */
export async function loadSession() {
  if (!mayHaveSession()) {
    adopt(null);
    return null;
  }
  try {
    adopt(await getSession());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      adopt(null);
    } else {
      state.checked = true;
      throw e;
    }
  }
  return state.user;
}

export async function login(loginName: string, password: string) {
  adopt(await call(client.POST('/api/v1/session', { body: { login: loginName, password } })));
  return state.user;
}

export async function logout() {
  try {
    await call(client.DELETE('/api/v1/session'));
  } finally {
    adopt(null);
  }
}

/** Forget the session locally (after a 401 from the server). */
export function dropSession() {
  adopt(null);
}

export function hasRole(...roles: string[]) {
  return !!state.user && state.user.roles.some((r) => roles.includes(r));
}

/** True when the server reported any of the capability codes for this session. */
export function can(...codes: string[]) {
  return codes.some((c) => state.capabilities.includes(c));
}
