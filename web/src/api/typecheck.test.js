// Issue 20: the UI's API modules (src/api/*.ts) are typed by the contract, so a call of an operation
// the contract lacks — or with the wrong method, body or query — does not compile. This runs the
// type check of tsconfig.api.json once, over src/api and the fixtures of tests/typecheck/:
//   - src/api/*.ts and tests/typecheck/ok.ts compile without an error (the UI calls only the contract);
//   - every other fixture (one wrong call each) is refused by tsc with the error it names.
// The types come from the contract by scripts/gen-api.mjs (`npm run test:unit` runs it first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(web, 'tests', 'typecheck');

test('tsc accepts the UI client and refuses calls the contract lacks', () => {
  assert.ok(existsSync(join(web, 'src', 'generated', 'openapi.d.ts')), 'run `npm run gen:api` first');
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.ts'));
  const bad = files.filter((f) => f !== 'ok.ts');
  assert.ok(bad.length >= 5, `fixtures: ${files}`);
  const dir = mkdtempSync(join(tmpdir(), 'ipe-tsc-'));
  try {
    const config = join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({
      extends: join(web, 'tsconfig.api.json'),
      include: [join(web, 'src', 'api', '**', '*.ts'), join(web, 'src', 'generated', 'openapi.d.ts'), join(fixtures, '*.ts')],
    }));
    const tsc = spawnSync(process.execPath, [join(web, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--pretty', 'false'],
      { cwd: web, encoding: 'utf8' });
    const errors = tsc.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    const fileOf = (line) => line.replace(/\(\d+,\d+\).*$/, '').replace(/\\/g, '/');
    const unexpected = errors.filter((l) => !bad.some((f) => fileOf(l).endsWith(`tests/typecheck/${f}`)));
    assert.deepEqual(unexpected, [], 'the UI client (src/api) and ok.ts must compile');
    for (const f of bad) {
      // each fixture names the error it must get ("// expect: TS2345"): refused for its wrong call
      const want = /\/\/ expect: (TS\d+)/.exec(readFileSync(join(fixtures, f), 'utf8'))?.[1];
      assert.ok(want, `tests/typecheck/${f} names no expected error`);
      const got = errors.filter((l) => fileOf(l).endsWith(`tests/typecheck/${f}`));
      assert.ok(got.some((l) => l.includes(`error ${want}:`)), `tsc did not refuse tests/typecheck/${f} with ${want}:\n${got.join('\n')}`);
    }
    assert.notEqual(tsc.status, 0);
    console.log(`[typecheck] tsc refused ${bad.length} wrong calls (${errors.length} errors), accepted src/api and ok.ts`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
