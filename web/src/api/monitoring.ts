// Monitoring (监测) API helpers: brand registry, scans, review queue (docs/api.md § Monitoring).
// Typed by the contract (./http.ts); the pure helpers live in ./highlight.js.
import { client, call, byId, downloadFile, undeclaredBody, type Body, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

export { highlightParts, scoreType } from './highlight.js';

registerStatusKind('hit', {
  pending: { type: 'warning', label: 'monitoring.status.pending' },
  confirmed: { type: 'danger', label: 'monitoring.status.confirmed' },
  dismissed: { type: 'info', label: 'monitoring.status.dismissed' },
});

export const DISMISS_REASONS = ['authorized_shop', 'genuine', 'not_brand', 'accessory', 'duplicate', 'other'];
export const SIGNAL_KINDS = ['brand', 'generic_brand', 'slang', 'price', 'authorized_shop'];

/** The brand import template (CSV). → {name, size} */
export const downloadBrandTemplate = () =>
  downloadFile('/api/v1/monitoring/brands/template.csv', {}, 'brands-template.csv');
/** The brand registry as the scanner's JSONL. → {name, size} */
export const downloadBrandsJsonl = () =>
  downloadFile('/api/v1/monitoring/brands/export.jsonl', {}, 'brands.jsonl');

/** The registry's first 200 brands (the review queue's brand filter). */
export const brandChoices = () =>
  call(client.GET('/api/v1/monitoring/brands', { params: { query: { page_size: 200 } } }));
export const createBrand = (body: Body<'/api/v1/monitoring/brands', 'post'>) =>
  call(client.POST('/api/v1/monitoring/brands', { body }));
export const updateBrand = (id: Id, body: Body<'/api/v1/monitoring/brands/{id}', 'patch'>) =>
  call(client.PATCH('/api/v1/monitoring/brands/{id}', { params: byId(id), body }));
/** CSV text of the brand template's columns → {created, updated}. */
export const importBrandsCsv = (csv: string) =>
  call(client.POST('/api/v1/monitoring/brands/import', undeclaredBody('/api/v1/monitoring/brands/import', { csv })));
export const getHit = (id: Id) => call(client.GET('/api/v1/monitoring/hits/{id}', { params: byId(id) }));
export const confirmHit = (id: Id, body: Body<'/api/v1/monitoring/hits/{id}/confirm', 'post'>) =>
  call(client.POST('/api/v1/monitoring/hits/{id}/confirm', { params: byId(id), body }));
export const dismissHit = (id: Id, body: Body<'/api/v1/monitoring/hits/{id}/dismiss', 'post'>) =>
  call(client.POST('/api/v1/monitoring/hits/{id}/dismiss', { params: byId(id), body }));
/** Listings as {source, listings} / {source, jsonl} / {source, filename, file_base64} → the report, or the queued batch. */
export const startScan = (body: Record<string, unknown>) =>
  call(client.POST('/api/v1/monitoring/scans', undeclaredBody('/api/v1/monitoring/scans', body)));
export const getScan = (id: Id) => call(client.GET('/api/v1/monitoring/scans/{id}', { params: byId(id) }));
/** The scan upload template, 'xlsx' or 'csv'. → {name, size} */
export const downloadScanTemplate = (format: 'xlsx' | 'csv') => (format === 'xlsx'
  ? downloadFile('/api/v1/monitoring/scans/template.xlsx', {}, 'listings-template.xlsx')
  : downloadFile('/api/v1/monitoring/scans/template', {}, 'listings-template.csv'));
