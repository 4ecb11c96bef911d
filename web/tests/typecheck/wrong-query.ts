// Must not compile: GET /cases has no query parameter `colour`.
// expect: TS2353
import { client, call } from '../../src/api/http.ts';

export const a = () => call(client.GET('/api/v1/cases', { params: { query: { colour: 'red' } } }));
