// Must not compile: a download of a path the contract lacks.
// expect: TS2345
import { downloadFile } from '../../src/api/http.ts';

export const a = () => downloadFile('/api/v1/cases/export.xlsx', {}, 'cases.xlsx');
