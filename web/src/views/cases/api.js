// Calls of the cases pages that src/api/cases.js does not have yet (docs/api.md "Cases").
import { api } from '../../api/client.js';

/** One file, CSV or XLSX (the server decides by content): {file_base64, filename} or {csv}. → {imported, format} */
export const importCases = (body) => api.post('/cases/import', body);

/** Supervision actions addressed to the caller (police, agency) or in the region (prosecutor, office). */
export const listSupervisionActions = () => api.get('/supervision/actions');
