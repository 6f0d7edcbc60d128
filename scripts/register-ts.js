// Lets Node run the TypeScript sources directly (CLI, benchmarks, test fixtures), compiled
// in memory by swc with the same options as the build. `npm start` runs the built dist/.
const fs = require('node:fs');
const swc = require('@swc/core');
const { swcOptions } = require('./swc-options');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
