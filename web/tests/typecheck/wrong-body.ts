// Must not compile: POST /session requires `password`.
// expect: TS2322
import { client, call } from '../../src/api/http.ts';

export const a = () => call(client.POST('/api/v1/session', { body: { login: 'admin' } }));
