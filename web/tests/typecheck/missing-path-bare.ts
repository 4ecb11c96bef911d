// Must not compile: the same missing path called without options, as the modules call most GETs
// (tsc then reports the overload's arity: "Expected 2 arguments, but got 1").
// expect: TS2554
import { client, call } from '../../src/api/http.ts';

export const a = () => call(client.GET('/api/v1/cases/code-list'));
