// Which API contract the web tests read: the document the server serves now, as
// tests/http/contract_test.cc wrote it (build/contract/openapi.json — scripts/test.sh runs ctest
// before the web tests), or else the previous release's (docs/openapi/v1.json).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function contractFile() {
  const served = join(root, 'build', 'contract', 'openapi.json');
  return existsSync(served) ? served : join(root, 'docs', 'openapi', 'v1.json');
}
