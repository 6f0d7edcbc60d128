#!/usr/bin/env node
// Runs the suite with Node's own test runner: unit specs beside the code (*.spec.ts) and the
// e2e specs under test/ (*.e2e-spec.ts), TypeScript compiled in memory by swc.
// `node scripts/test.js [substring…]` runs only the files whose path contains one of them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const roots = ['libs', 'apps/api/src', 'test'];

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* walk(full);
    else if (/\.(e2e-)?spec\.ts$/.test(entry.name)) yield path.relative(root, full);
  }
}

const filters = process.argv.slice(2);
const files = roots.flatMap((r) => [...walk(path.join(root, r))]).filter((f) => !filters.length || filters.some((s) => f.includes(s)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
// The web apps the e2e specs serve (console, GraphiQL) are built once here, when out of date,
// rather than by test files racing each other.
require('./build').buildWebApps();
const concurrency = process.env.TEST_CONCURRENCY || '2';
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--require', './scripts/register-ts.js', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { NODE_ENV: 'test', ...process.env } },
);
process.exit(result.status ?? 1);
