// Must not compile: the contract has no operation at this path.
// expect: TS2345
import { client, call } from '../../src/api/http.ts';

export const a = () => call(client.GET('/api/v1/cases/{id}/reopen', { params: { path: { id: '7' } } }));
