// 系统管理 API calls — agencies, users, API tokens, audit (docs/api.md "Agencies", "Users", "API tokens",
// "Audit"). Typed by the contract (./http.ts); the admin pages, the agency picker and the token dialog
// call these instead of writing paths.
import { client, call, byId, type Body, type Query, type Id } from './http.ts';

export const findAgencies = (query: Query<'/api/v1/agencies', 'get'>) =>
  call(client.GET('/api/v1/agencies', { params: { query } }));
export const getAgency = (id: Id) => call(client.GET('/api/v1/agencies/{id}', { params: byId(id) }));
export const createAgency = (body: Body<'/api/v1/agencies', 'post'>) => call(client.POST('/api/v1/agencies', { body }));
export const updateAgency = (id: Id, body: Body<'/api/v1/agencies/{id}', 'patch'>) =>
  call(client.PATCH('/api/v1/agencies/{id}', { params: byId(id), body }));

export const createUser = (body: Body<'/api/v1/users', 'post'>) => call(client.POST('/api/v1/users', { body }));
export const updateUser = (id: Id, body: Body<'/api/v1/users/{id}', 'patch'>) =>
  call(client.PATCH('/api/v1/users/{id}', { params: byId(id), body }));
export const resetPassword = (id: Id, password: string) =>
  call(client.POST('/api/v1/users/{id}/password', { params: byId(id), body: { password } }));
export const listUserTokens = (id: Id) => call(client.GET('/api/v1/users/{id}/tokens', { params: byId(id) }));
export const revokeUserToken = (id: Id, tokenId: Id) =>
  call(client.DELETE('/api/v1/users/{id}/tokens/{token_id}', { params: { path: { id: String(id), token_id: String(tokenId) } } }));

/** The caller's own API tokens (我的 API 令牌). */
export const listMyTokens = () => call(client.GET('/api/v1/tokens'));
export const createMyToken = (name: string) => call(client.POST('/api/v1/tokens', { body: { name } }));
export const revokeMyToken = (id: Id) => call(client.DELETE('/api/v1/tokens/{id}', { params: byId(id) }));

export const auditVocabulary = () => call(client.GET('/api/v1/audit/vocabulary'));
export const verifyAudit = () => call(client.GET('/api/v1/audit/verify'));
