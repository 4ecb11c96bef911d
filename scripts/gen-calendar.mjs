#!/usr/bin/env node
// Generates the mainland statutory calendar embedded in ipe_core from the npm package chinese-days
// (MIT): one line per special day, "date<TAB>kind<TAB>name", kind = holiday (法定节假日, a rest day)
// or workday (调休上班, a weekend day that is worked). Ordinary weekends are implied.
//   node scripts/gen-calendar.mjs NODE_MODULES_DIR OUTPUT_TSV
import fs from 'node:fs';
import path from 'node:path';

const [modules, output] = process.argv.slice(2);
if (!modules || !output) {
  console.error('usage: gen-calendar.mjs NODE_MODULES_DIR OUTPUT_TSV');
  process.exit(2);
}
const dir = path.join(modules, 'chinese-days');
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json')));
const data = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'chinese-days.json'), 'utf8'));

const lines = [];
const years = new Set();
for (const [kind, table] of [['holiday', data.holidays], ['workday', data.workdays]]) {
  for (const [date, desc] of Object.entries(table)) {
    if (!/^\d{4}-\d\d-\d\d$/.test(date)) continue;
    const zh = String(desc).split(',')[1] || String(desc);
    lines.push([date, kind, zh].join('\t'));
    years.add(date.slice(0, 4));
  }
}
lines.sort();
const sortedYears = [...years].sort();
const header = [
  `# Mainland statutory holidays and make-up workdays from chinese-days ${pkg.version} (MIT).`,
  `# covers\t${sortedYears[0]}\t${sortedYears[sortedYears.length - 1]}`,
];
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, header.concat(lines).join('\n') + '\n');
console.error(`gen-calendar: ${lines.length} special days, ${sortedYears[0]}–${sortedYears.at(-1)}`);
