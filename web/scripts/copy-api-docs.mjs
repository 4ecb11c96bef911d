// Copies the API viewer into dist/api-docs/ after `vite build` (which empties dist/): our page
// (api-docs/) and the two files of swagger-ui-dist it loads. Served at /api/docs by the C++
// server (src/http/dispatcher.cc), with no external asset.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(web, 'dist', 'api-docs');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(join(web, 'api-docs'))) copyFileSync(join(web, 'api-docs', f), join(out, f));
const ui = join(web, 'node_modules', 'swagger-ui-dist');
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(join(ui, f), join(out, f));
