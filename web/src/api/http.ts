// The typed client of the API (issue 20, docs/api.md "The UI's client"). `paths` is generated from the
// contract (docs/openapi/v1.json → src/generated/openapi.d.ts by `npm run gen:api`), and openapi-fetch
// types every call by it: a path or method the contract lacks, a wrong path parameter, query or body
// does not compile (`npm run typecheck`, run by the build and the tests).
// The transport behaves as client.js: same-origin cookie, Accept/Accept-Language, X-CSRF-Token on
// writes, query values serialised by buildQuery (empties dropped, lists comma-joined), problem+json
// refusals → ApiError (a 401 outside /session calls the login handler), no answer → ApiError status 0,
// 204 → null.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi';
import { buildQuery, requestHeaders, failure, networkFailure, download } from './client.js';

export type { paths };
export const PREFIX = '/api/v1';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The paths with an operation `M` ('/api/v1/cases/{id}' …). */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];
type Op<P extends keyof paths, M extends Method> = paths[P] extends Record<M, infer O> ? O : never;
/** The JSON request body of an operation. */
export type Body<P extends keyof paths, M extends Method> =
  Op<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters of an operation. */
export type Query<P extends keyof paths, M extends Method> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** A path parameter as the pages hold it (ids come as numbers or strings); sent as a string. */
export type Id = string | number;

/** The `params` of an operation on one record: {path: {id}} (ids travel as strings). */
export const byId = (id: Id) => ({ path: { id: String(id) } });

/** Which contract path answered a response (for the 401 rule of client.js, which looks at '/session'). */
const answeredPath = new WeakMap<Response, string>();

export const client = createClient<paths>({
  // the page's own origin (a Request needs an absolute URL outside a browser: the unit tests set it)
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  fetch: (request: Request) => globalThis.fetch(request), // looked up per call, as client.js does
  querySerializer: (query) => buildQuery(query).slice(1),
});

client.use({
  onRequest({ request }) {
    const base: Record<string, string> = requestHeaders(request.method, {});
    for (const [name, value] of Object.entries(base)) {
      if (!request.headers.has(name)) request.headers.set(name, value);
    }
    return undefined;
  },
  onResponse({ response, schemaPath }) {
    answeredPath.set(response, schemaPath.slice(PREFIX.length));
    return undefined;
  },
  onError({ error }) {
    // an abort stays the AbortError fetch threw; anything else is "server unreachable" (status 0)
    const e = networkFailure(error);
    return e instanceof Error && e.name !== 'AbortError' ? e : undefined;
  },
});

/**
 * The data of a call of `client`, or the refusal thrown as ApiError (client.js). A 204 (or an empty
 * answer) gives null, as client.js did.
 */
export async function call<R extends { data?: unknown; response: Response; error?: unknown }>(
  pending: Promise<R>,
): Promise<Exclude<R['data'], undefined>> {
  const { data, error, response } = await pending;
  if (response.ok) return (data === undefined ? null : data) as Exclude<R['data'], undefined>;
  throw failure(response, error, answeredPath.get(response) ?? new URL(response.url || '/', 'http://x').pathname);
}

/**
 * Downloads the file answer of a GET operation of the contract (XLSX/CSV/JSONL exports, templates,
 * attachments) through client.js download(): the path is checked like any other call, the answer is
 * not JSON so it is saved under the server's name (else `fallbackFilename`). → {name, size}
 */
export function downloadFile<P extends PathsWith<'get'>>(
  path: P,
  params: { path?: Record<string, Id>; query?: Query<P, 'get'> },
  fallbackFilename?: string,
): Promise<{ name: string; size: number }> {
  return download(fillPath(path, params.path), params.query, fallbackFilename);
}

/** '/api/v1/plans/{id}/matrix.xlsx' + {id: 7} → '/plans/7/matrix.xlsx' (the form client.js takes). */
export function fillPath(path: string, values: Record<string, Id> = {}): string {
  return path.slice(PREFIX.length).replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`path parameter ${name} missing for ${path}`);
    return encodeURIComponent(String(values[name]));
  });
}

/**
 * Operations whose contract declares no request body although the server reads one: a raw file body
 * (CSV text, XLSX bytes) or JSON {csv} / {file_base64}, told apart by content — OpenAPI's requestBody
 * would need the raw alternatives described first (docs/api.md "The UI's client", what is not typed).
 * The UI sends the JSON form; only these paths may use `undeclaredBody`.
 */
export type BodyNotInContract = '/api/v1/cases/import' | '/api/v1/leads/import' | '/api/v1/monitoring/brands/import'
  | '/api/v1/monitoring/scans';
/** The init of a call to a BodyNotInContract operation: its JSON body, unchecked. */
export function undeclaredBody<P extends BodyNotInContract>(_path: P, body: Record<string, unknown>): { body: never } {
  return { body: body as never };
}

/** A list endpoint for DataTable/ExportButton ('/cases'), checked to be a GET operation of the contract. */
export function listPath<P extends PathsWith<'get'>>(path: P): string {
  return path.slice(PREFIX.length);
}

/** The address of a GET operation for the browser itself (an <img src>): checked like a call. */
export function urlOf<P extends PathsWith<'get'>>(path: P, values: Record<string, Id>): string {
  return PREFIX + fillPath(path, values);
}
