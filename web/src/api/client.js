// The one way the UI talks to the server (/api/v1, docs/api.md).
//  - JSON in and out; the session cookie travels by itself (same origin).
//  - Writes (every non-GET) carry X-CSRF-Token with the token from login / GET /session.
//  - Errors become ApiError: status, code, title, detail and field errors from problem+json.
//  - 401 on anything but the session endpoints sends the user back to the login page;
//    403 is left to the page (it shows the server's reason); status 0 means the server is unreachable.
import { currentLocale } from '../i18n/index.js';

export const API_BASE = '/api/v1';

let csrfToken = null;
let unauthenticatedHandler = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

/** Called (once per burst) when a request answers 401 outside /session. */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn;
}

export class ApiError extends Error {
  constructor({ status, code, title, detail, errors }) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status; // 0 = network failure
    this.code = code || 'unknown';
    this.title = title || '';
    this.detail = detail || '';
    /** [{field, message}] from problem+json */
    this.errors = Array.isArray(errors) ? errors : [];
  }

  get isForbidden() { return this.status === 403; }
  get isUnauthenticated() { return this.status === 401; }
  get isNetwork() { return this.status === 0; }

  /** {field: message} for form display. */
  fieldErrors() {
    const out = {};
    for (const e of this.errors) if (e && e.field && !out[e.field]) out[e.field] = e.message;
    return out;
  }
}

/** Drops empty filter values ('' / null / undefined / []) and serialises the rest. */
export function buildQuery(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === '' || v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      params.set(k, v.join(','));
    } else {
      params.set(k, String(v));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request(method, path, { query, body, signal } = {}) {
  const headers = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(API_BASE + path + buildQuery(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network', title: 'network', detail: '' });
  }

  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (res.ok) return data;

  const problem = data && typeof data === 'object' ? data : {};
  const err = new ApiError({
    status: res.status,
    code: problem.code,
    title: problem.title || res.statusText,
    detail: problem.detail,
    errors: problem.errors,
  });
  if (res.status === 401 && !path.startsWith('/session') && unauthenticatedHandler) {
    unauthenticatedHandler(err);
  }
  throw err;
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};

/** A one-line human message for an error (server detail first, else a localised fallback). */
export function errorMessage(err, t) {
  if (!(err instanceof ApiError)) return (err && err.message) || t('errors.generic');
  if (err.isNetwork) return t('errors.network');
  if (err.status === 503) return err.detail || t('errors.unavailable');
  if (err.isForbidden) return err.detail || t('errors.forbidden');
  return err.detail || err.title || t('errors.generic');
}
