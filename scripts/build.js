#!/usr/bin/env node
// `npm run build`: compiles apps/api and libs to dist/ with swc (type checking is
// `npm run typecheck`), then builds the web apps (the staff console, GraphiQL) with Vite when
// their sources are newer than their last build.
//
//   node scripts/build.js          the API and the web apps that are out of date
//   node scripts/build.js --web    only the web apps that are out of date (tests, npm run dev)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, swcOptions } = require('./swc-options');

/** The Vite apps the API serves: the staff console at /admin, GraphiQL at GET /graphql. */
const WEB_APPS = [
  { name: 'the staff console', dir: 'apps/admin' },
  { name: 'GraphiQL', dir: 'apps/graphiql' },
];

/** Written into dist/ after a successful build; its time is the build's. */
const STAMP = '.built';

function* walk(dir, skip = () => false) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(entry.name)) continue;
    if (entry.isDirectory()) yield* walk(full, skip);
    else yield full;
  }
}

function buildApi() {
  const out = path.join(root, 'dist');
  fs.rmSync(out, { recursive: true, force: true });
  let count = 0;
  for (const src of ['apps/api/src', 'libs']) {
    for (const file of walk(path.join(root, src))) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts') || file.endsWith('.d.ts')) continue;
      const rel = path.relative(root, file);
      const target = path.join(out, rel.replace(/\.ts$/, '.js'));
      const { code, map } = require('@swc/core').transformFileSync(file, { ...swcOptions, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
      fs.writeFileSync(`${target}.map`, map);
      count++;
    }
  }
  process.stderr.write(`built ${count} files into dist/\n`);
}

/** Newest modification time (ms) of what a web app's build reads: its own files and the lock file. */
function newestSource(appDir) {
  const files = [...walk(appDir, (name) => name === 'dist' || name === 'node_modules' || name.startsWith('.dist-')), path.join(root, 'package-lock.json')];
  return Math.max(...files.map((file) => fs.statSync(file).mtimeMs));
}

/** Whether the app's dist/ is missing or older than its sources. */
function isStale(app) {
  const stamp = path.join(root, app.dir, 'dist', STAMP);
  return !fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < newestSource(path.join(root, app.dir));
}

/**
 * Builds one web app into a fresh directory and then swaps it in, so a server (or a test)
 * reading dist/ meanwhile never sees a half-written build, and two builds at once do not mix.
 */
function buildWebApp(app) {
  const appDir = path.join(root, app.dir);
  const tmp = path.join(appDir, `.dist-${process.pid}`);
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(appDir, 'vite.config.ts'), '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`building ${app.name} failed:\n${result.stdout}\n${result.stderr}`);
  }
  fs.writeFileSync(path.join(tmp, STAMP), `${new Date().toISOString()}\n`);
  const dist = path.join(appDir, 'dist');
  const old = path.join(appDir, `.dist-old-${process.pid}`);
  try {
    fs.renameSync(dist, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    fs.renameSync(tmp, dist);
  } catch (error) {
    // Another build of the same sources landed in between: keep that one.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
  process.stderr.write(`built ${app.name} into ${app.dir}/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Builds the web apps whose build is missing or out of date. */
function buildWebApps() {
  for (const app of WEB_APPS) if (isStale(app)) buildWebApp(app);
}

module.exports = { buildWebApps, WEB_APPS };

if (require.main === module) {
  try {
    if (!process.argv.includes('--web')) buildApi();
    buildWebApps();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
