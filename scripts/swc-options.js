// One swc configuration for the build and for jest, so tests run the code as it ships.
// Path aliases come from tsconfig.json and are rewritten to relative imports at compile time,
// so the built server needs no runtime resolver.
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.json');

const root = path.resolve(__dirname, '..');

module.exports = {
  root,
  swcOptions: {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  },
};
