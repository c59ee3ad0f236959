// Mutation testing: `npm run mutate` (see docs/testing.md). Not part of `npm test` (it takes long);
// incremental, so a rerun only mutates what changed since the last run (reports/stryker-incremental.json).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Where a bug costs data or trust.
  mutate: [
    'src/core/prepare/**/*.ts',
    'src/core/read/**/*.ts',
    'src/server/http/**/*.ts',
    'src/server/jobs/**/*.ts',
    'src/server/state/**/*.ts',
    'src/app/state/**/*.ts',
    'src/app/keys.ts',
    'src/app/key-bindings.ts',
    'src/api/providers/**/*.ts',
    'src/rescue/**/*.ts',
    // The legacy fine-tunes API (`/v1/fine-tunes`) of the local server.
    'src/server/routes/fine-tunes.ts',
    'src/server/routes/legacy-*.ts',
    '!src/**/*.d.ts',
    // Runs in a worker thread from the compiled dist/, where no mutant is ever switched on: its
    // behaviour is tested end to end by the training tests, which Stryker cannot see.
    '!src/server/jobs/worker.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 20_000,
  ignoreStatic: true,
  thresholds: { high: 80, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};
