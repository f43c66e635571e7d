// @ts-check
/*
 * Only for a worker started from the TypeScript sources (jest runs them through swc; the built
 * app has the compiled *.worker.js beside its caller and never loads this): compiles each .ts
 * file on require with swc, the repository's .swcrc (its paths turn @lib/* into relative
 * imports), into CommonJS. See worker-entry.ts.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '../../../..');
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    jsc: { ...swcrc.jsc, baseUrl: root },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  /** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (module))._compile(code, filename);
};
