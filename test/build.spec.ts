import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..');

/**
 * `scripts/build.js --api` on a copy of the API's sources: it compiles only when dist/ is out of
 * date, so `npm start` and the benches do not rewrite dist/ under a server that is starting from
 * it (the README test's `npm start` beside `npm run bench` in one checkout).
 */
describe('the API build', { timeout: 300_000 }, () => {
  let copy: string;
  const build = () => {
    const run = spawnSync(process.execPath, ['scripts/build.js', '--api'], { cwd: copy, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stderr.trim();
  };
  const main = () => path.join(copy, 'dist/apps/api/src/main.js');

  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-build-'));
    for (const dir of ['apps/api/src', 'libs']) fs.cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
    for (const file of ['scripts/build.js', 'scripts/swc-options.js', 'tsconfig.json', 'package-lock.json']) fs.cpSync(path.join(ROOT, file), path.join(copy, file));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('compiles once, then leaves a current dist/ as it is', () => {
    assert.match(build(), /^built \d+ files into dist\/$/);
    const first = fs.statSync(main());
    assert.equal(build(), 'dist/ is current');
    assert.equal(fs.statSync(main()).ino, first.ino, 'the same file, not a rewrite');
    assert.deepEqual(fs.readdirSync(copy).filter((name) => name.startsWith('.dist-')), [], 'no build directory left behind');
  });

  it('compiles again when a source changed after the last build', () => {
    const source = path.join(copy, 'libs/common/src/index.ts');
    const now = new Date();
    fs.utimesSync(source, now, now);
    assert.match(build(), /^built /);
    assert.equal(build(), 'dist/ is current');
  });

  it('compiles again when a source was removed, and the removed one is gone from dist/', () => {
    const extra = path.join(copy, 'libs/common/src/build-probe.ts');
    fs.writeFileSync(extra, 'export const probe = 1;\n');
    assert.match(build(), /^built /);
    assert.ok(fs.existsSync(path.join(copy, 'dist/libs/common/src/build-probe.js')));
    fs.rmSync(extra);
    assert.match(build(), /^built /);
    assert.ok(!fs.existsSync(path.join(copy, 'dist/libs/common/src/build-probe.js')));
  });
});
