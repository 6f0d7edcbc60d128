#!/usr/bin/env node
// Compiles apps/api and libs to dist/ with swc (type checking is `npm run typecheck`).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, swcOptions } = require('./swc-options');

const sources = ['apps/api/src', 'libs'];
const out = path.join(root, 'dist');

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

fs.rmSync(out, { recursive: true, force: true });
let count = 0;
for (const src of sources) {
  for (const file of walk(path.join(root, src))) {
    const rel = path.relative(root, file);
    const target = path.join(out, rel.replace(/\.ts$/, '.js'));
    const { code, map } = swc.transformFileSync(file, { ...swcOptions, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
    fs.writeFileSync(`${target}.map`, map);
    count++;
  }
}
process.stderr.write(`built ${count} files into dist/\n`);
