// The one way the UI talks to the server (/api/v1, docs/api.md).
//  - JSON in and out (api.get/post/put/patch/del); files come down through download(), which saves
//    them under the server's Content-Disposition name. The session cookie travels by itself (same origin).
//  - Every call of the pages lives in a module of this folder (cases.js, plans.js, leads.js, …).
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
    this.errors = Array.isArray(errors) ? errors.filter((e) => e && typeof e === 'object') : [];
  }

  get isForbidden() { return this.status === 403; }
  get isUnauthenticated() { return this.status === 401; }
  get isNetwork() { return this.status === 0; }

  /**
   * {field: message} for form display; the first message of a field wins.
   * `match` keeps only some fields: a string keeps that field and those under it ('parties' →
   * 'parties', 'parties[0].name', 'parties.x'), a RegExp the fields it matches.
   */
  fieldErrors(match) {
    const out = {};
    for (const e of this.errors) {
      if (!e.field || e.field in out || !fieldMatches(e.field, match)) continue;
      out[e.field] = e.message || '';
    }
    return out;
  }

  /**
   * Errors on the items of a list field, by index: 'criteria[2]' and 'criteria[2].name' → {2: message}
   * (the first message of an item wins).
   */
  itemErrors(name) {
    const out = {};
    for (const { index, message } of indexedErrors(this.errors, name)) {
      if (index !== null && !(index in out)) out[index] = message;
    }
    return out;
  }

  /**
   * Errors of a row-wise import in the server's order, every one kept:
   *   'rows[5].category' → {row: 5, column: 'category', field, message}
   *   'rows[5]'          → {row: 5, column: '', …}
   *   'header', 'file'   → {row: null, column: 'header' | 'file', …}
   * `name` is the list's field name ('rows', or 'lines' for a scan).
   */
  rowErrors(name = 'rows') {
    return indexedErrors(this.errors, name).map(({ index, rest, field, message }) => ({
      row: index, column: index === null ? field : rest, field, message,
    }));
  }
}

/** errors → [{index, rest, field, message}]: 'name[3].x' → index 3, rest 'x'; other fields → index null. */
function indexedErrors(errors, name) {
  const re = new RegExp(`^${escapeRegExp(name)}\\[(\\d+)\\](?:\\.(.*))?$`);
  return errors.map((e) => {
    const field = typeof e.field === 'string' ? e.field : '';
    const m = re.exec(field);
    return { index: m ? Number(m[1]) : null, rest: m ? m[2] || '' : '', field, message: e.message || '' };
  });
}

function escapeRegExp(s) {
  return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldMatches(field, match) {
  if (match === undefined || match === null || match === '') return true;
  if (match instanceof RegExp) return match.test(field);
  const m = String(match);
  return field === m || (field.startsWith(m) && (field[m.length] === '.' || field[m.length] === '['));
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

/** The headers every call carries: Accept, Accept-Language, and X-CSRF-Token on writes (http.ts too). */
export function requestHeaders(method, { accept, json } = {}) {
  const h = {
    Accept: accept || 'application/json, application/problem+json',
    'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN',
  };
  if (json) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  return h;
}

/** The error of a fetch that got no answer: status 0, unless it was aborted (an AbortError stays one). */
export function networkFailure(e) {
  if (e && e.name === 'AbortError') return e;
  return new ApiError({ status: 0, code: 'network', title: 'network', detail: '' });
}

/** fetch with the session cookie; a network failure becomes ApiError status 0 (an abort stays an AbortError). */
async function send(method, path, query, init) {
  try {
    return await fetch(API_BASE + path + buildQuery(query), { method, credentials: 'same-origin', ...init });
  } catch (e) {
    throw networkFailure(e);
  }
}

async function readJson(res) {
  const type = res.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try { return await res.json(); } catch { return null; }
}

/**
 * A refused answer → ApiError from its problem+json (a 401 outside /session also calls the handler).
 * `path` is under /api/v1 ('/session', '/cases/7').
 */
export function failure(res, data, path) {
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
  return err;
}

export async function request(method, path, { query, body, signal, extraHeaders } = {}) {
  const res = await send(method, path, query, {
    headers: { ...requestHeaders(method, { json: body !== undefined }), ...(extraHeaders || {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (res.status === 204) return null;
  const data = await readJson(res);
  if (res.ok) return data;
  throw failure(res, data, path);
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};

/**
 * The file name of a Content-Disposition header (RFC 6266): filename* (RFC 5987, UTF-8 or ISO-8859-1,
 * percent-encoded) first, then filename (quoted or a token); `fallback` when there is neither.
 * Directory parts are dropped: a name is never a path.
 */
export function filenameFromDisposition(disposition, fallback = 'download') {
  const value = String(disposition || '');
  let name = '';
  const star = /(?:^|;)\s*filename\*\s*=\s*"?([\w!#$%&+^`{}~-]*)'[^']*'([^";\s]+)"?/i.exec(value);
  if (star) name = decodeExtValue(star[1], star[2]);
  if (!name) {
    const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]*))/i.exec(value);
    if (plain) name = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
  }
  name = name.split(/[/\\]/).pop().trim();
  return name || fallback;
}

function decodeExtValue(charset, encoded) {
  try {
    if (/^utf-8$/i.test(charset)) return decodeURIComponent(encoded);
    if (/^iso-8859-1$/i.test(charset)) {
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    }
  } catch { /* malformed: use filename= */ }
  return '';
}

/** Hands a Blob to the browser as a download named `filename` (through a short-lived blob: URL). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads a file answer of GET `path` (XLSX/CSV exports, templates, attachments) with the session
 * cookie and the same error handling as request(): a refusal throws ApiError with the server's reason
 * instead of showing a browser error page. The name comes from Content-Disposition, else
 * `fallbackFilename`. → {name, size}
 */
export async function download(path, query, fallbackFilename, { signal } = {}) {
  const res = await send('GET', path, query, {
    headers: requestHeaders('GET', { accept: '*/*' }),
    signal,
  });
  if (!res.ok) throw failure(res, await readJson(res), path);
  const blob = await res.blob();
  const name = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackFilename || 'download');
  saveBlob(blob, name);
  return { name, size: blob.size };
}

/** A one-line human message for an error (server detail first, else a localised fallback). */
export function errorMessage(err, t) {
  if (!(err instanceof ApiError)) return (err && err.message) || t('errors.generic');
  if (err.isNetwork) return t('errors.network');
  if (err.status === 503) return err.detail || t('errors.unavailable');
  if (err.isForbidden) return err.detail || t('errors.forbidden');
  return err.detail || err.title || t('errors.generic');
}
