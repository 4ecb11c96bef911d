// Must not compile: /cases/codes exists, but not for DELETE.
// expect: TS2345
import { client, call } from '../../src/api/http.ts';

export const a = () => call(client.DELETE('/api/v1/cases/codes', {}));
