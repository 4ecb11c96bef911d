// Compiles: operations of the contract, called with their parameters and bodies (the control case
// of src/api/typecheck.test.js — the failing fixtures next to it differ from these calls in one thing).
import { client, call, downloadFile } from '../../src/api/http.ts';

export const a = () => call(client.GET('/api/v1/cases/{id}', { params: { path: { id: '7' } } }));
export const b = () => call(client.POST('/api/v1/session', { body: { login: 'admin', password: 'x' } }));
export const c = () => call(client.GET('/api/v1/cases', { params: { query: { page: 1, status: 'open' } } }));
export const d = () => downloadFile('/api/v1/cases/import/template', {}, 't.csv');
