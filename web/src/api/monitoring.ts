// Monitoring (监测) API helpers: brand registry, scans, review queue (docs/api.md § Monitoring).
// The downloads are typed by the contract (./http.ts); the pure helpers live in ./highlight.js.
import { downloadFile } from './http.ts';
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
