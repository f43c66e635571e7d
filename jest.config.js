// @ts-check
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

/**
 * NestJS 12 and some of its dependencies ship ESM only. Jest runs CommonJS,
 * so those packages are transformed too: this finds every package that
 * declares "type": "module" instead of keeping a hand-written list.
 */
function esmPackages() {
  const root = join(__dirname, 'node_modules');
  const names = [];
  for (const entry of readdirSync(root)) {
    const dirs = entry.startsWith('@') ? readdirSync(join(root, entry)).map((d) => `${entry}/${d}`) : [entry];
    for (const name of dirs) {
      const manifest = join(root, name, 'package.json');
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).type === 'module') names.push(name);
    }
  }
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    // import() becomes require(): Jest's CommonJS sandbox cannot run a native dynamic import.
    module: { type: 'commonjs', ignoreDynamic: false },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: {
    // A lib's decider harness, for specs of other contexts (the lint rule keeps it in spec files).
    '^@lib/(orders)/testing$': '<rootDir>/libs/$1/src/testing.ts',
    '^@lib/(kernel|platform|auth|wallet|market|orders|liquidity|portfolio|positions|risk|watchlists|price-alerts|signals|backtests)$': '<rootDir>/libs/$1/src/index.ts',
    // The test harness (test/support), for the medium tests beside the code; the lint rule keeps it out of the app.
    '^@test/(.*)$': '<rootDir>/test/support/$1',
  },
};

/** The run's own database (TEST_DATABASE_URL). Jest runs a global setup file once however many projects name it: one database per run. */
const testDatabase = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // Global options (ignored inside `projects`). e2e suites boot apps and hash passwords; a
  // boot on a loaded CI machine once took over 30 s, so hooks and tests get 60 s.
  testTimeout: 60000,
  // On 2 cores Jest runs every suite in one process. An app whose boot outlived its hook's
  // timeout finishes booting later and is never closed; without this the run never exits
  // and CI waits for its own timeout instead of reporting the failure.
  forceExit: true,
  // Every e2e file loads the whole app into its own module registry. In one process (Jest runs in
  // band on 2 cores) what a file leaves behind adds up: the run reached V8's 4 GB heap limit on a
  // fresh clone (OOM after ~290 files), with app boots slowing to 40 s on the way as GC took over.
  // With a limit, files run in a worker process that is replaced once it holds more than this
  // after a file: every file starts on a small heap (serial still, on 2 cores: one worker).
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // Medium tier: a repository against the real PostgreSQL, beside its code, without booting the app.
    { ...common, ...testDatabase, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...common, ...testDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
