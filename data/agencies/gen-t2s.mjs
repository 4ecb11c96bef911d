#!/usr/bin/env node
// Regenerates the `t2s` records at the end of national.tsv: for every simplified character that
// occurs in the table's names and in the plan structure words below, the traditional characters
// OpenCC's TSCharacters maps to it (first candidate only). The result is deliberately small: it
// covers agency names and the words the plan parser looks for, not general text.
//
//   opencc_dict -i /usr/share/opencc/TSCharacters.ocd2 -o /tmp/ts.txt -f ocd2 -t text
//   node data/agencies/gen-t2s.mjs /tmp/ts.txt data/agencies/national.tsv
//
// (opencc_dict comes with Debian's `opencc` package; OpenCC data is Apache-2.0.)
import fs from 'node:fs';

const [tsPath, tablePath] = process.argv.slice(2);
if (!tsPath || !tablePath) {
  console.error('usage: gen-t2s.mjs TSCharacters.txt national.tsv');
  process.exit(2);
}
// Words the plan parser matches (src/plan/parser.cc) and common words around them.
const kStructureWords = [
  '牵头', '负责', '按职责分工', '按照职责分工', '根据职责分工', '各自职责', '分别', '共同', '配合', '参与',
  '等', '由', '各', '有关', '相关', '其他', '部门', '单位', '成员', '地区', '工作要点', '工作计划',
  '实施方案', '行动方案', '工作安排', '年', '第', '页', '共', '一二三四五六七八九十百零〇', '省市州区县盟旗',
  '自治', '委员会', '局', '厅', '办公室', '打击侵犯知识产权和制售假冒伪劣商品', '侵权假冒', '来源', '出处',
  '附件', '链接', '责任编辑', '发布', '日期', '以下简称', '号', '领导小组', '通知', '印发',
];

const table = fs.readFileSync(tablePath, 'utf8');
const kept = table.split('\n').filter((l) => !l.startsWith('t2s\t'));
while (kept.length && kept[kept.length - 1] === '') kept.pop();
const wanted = new Set();
for (const line of kept) {
  if (line.startsWith('#')) continue;
  for (const ch of line) if (ch.codePointAt(0) >= 0x3400) wanted.add(ch);
}
for (const w of kStructureWords) for (const ch of w) wanted.add(ch);

const pairs = [];
for (const line of fs.readFileSync(tsPath, 'utf8').split('\n')) {
  const [trad, simp] = line.split('\t');
  if (!trad || !simp) continue;
  const first = simp.split(' ')[0];
  if (first !== trad && wanted.has(first) && [...trad].length === 1) pairs.push([trad, first]);
}
pairs.sort((a, b) => (a[1] + a[0] < b[1] + b[0] ? -1 : 1));
const out = kept.concat(pairs.map(([t, s]) => `t2s\t${t}\t${s}`));
fs.writeFileSync(tablePath, out.join('\n') + '\n');
console.log(`${pairs.length} t2s pairs for ${wanted.size} characters`);
