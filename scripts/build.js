#!/usr/bin/env node
// `npm run build`: compiles apps/api and libs to dist/ with swc (type checking is
// `npm run typecheck`), then builds the web apps (the staff console, GraphiQL) with Vite when
// their sources are newer than their last build.
//
//   node scripts/build.js          the API and the web apps that are out of date
//   node scripts/build.js --web    only the web apps that are out of date (tests, npm run dev)
//   node scripts/build.js --api    only the API, when out of date
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

/** What the API's build reads: the TypeScript of apps/api/src and libs (specs aside), and its options. */
function apiSources() {
  const files = [];
  for (const src of ['apps/api/src', 'libs']) {
    for (const file of walk(path.join(root, src))) {
      if (file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts')) files.push(path.relative(root, file));
    }
  }
  return files.sort();
}

const API_INPUTS = ['scripts/swc-options.js', 'scripts/build.js', 'tsconfig.json', 'package-lock.json'];

/**
 * Whether dist/ holds a build of exactly `sources` started after each of them and of the build's
 * inputs last changed. A source removed since (a deleted migration, say) makes it stale too.
 */
function apiIsCurrent(out, sources) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(out, STAMP), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(stamp.sources) || stamp.sources.join('\n') !== sources.join('\n')) return false;
  const newest = Math.max(...[...sources, ...API_INPUTS].map((file) => fs.statSync(path.join(root, file)).mtimeMs));
  return newest < stamp.startedAt;
}

/**
 * Compiles the API to dist/ unless dist/ is current. The build goes to a fresh directory that is
 * then swapped in, so a server starting from dist/ meanwhile (a test's `npm start` beside
 * `npm run bench`) never loads a half-written or emptied tree, and two builds at once do not mix.
 */
function buildApi() {
  const out = path.join(root, 'dist');
  const sources = apiSources();
  if (apiIsCurrent(out, sources)) {
    process.stderr.write('dist/ is current\n');
    return;
  }
  const startedAt = Date.now();
  const tmp = path.join(root, `.dist-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const rel of sources) {
    const file = path.join(root, rel);
    const target = path.join(tmp, rel.replace(/\.ts$/, '.js'));
    // Source map paths are relative, so they hold once the tree is moved to dist/.
    const { code, map } = require('@swc/core').transformFileSync(file, { ...swcOptions, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
    fs.writeFileSync(`${target}.map`, map);
  }
  fs.writeFileSync(path.join(tmp, STAMP), JSON.stringify({ startedAt, sources }));
  swapIn(tmp, out);
  process.stderr.write(`built ${sources.length} files into dist/\n`);
}

/** Replaces directory `dist` by the finished build `tmp` (two renames; the old tree is removed after). */
function swapIn(tmp, dist) {
  const old = `${tmp}-old`;
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
  swapIn(tmp, path.join(appDir, 'dist'));
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
    if (!process.argv.includes('--api')) buildWebApps();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
