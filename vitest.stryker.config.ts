import { defineConfig } from 'vitest/config';
import { BINARY_MARKERS, splitTestFiles } from './test/projects.js';

// Mutation testing (`npm run mutate`) mutates the sources: tests that run the built binary (dist/)
// would never see a mutant, so only the tests that run the sources in-process take part. No build here:
// the sandbox holds instrumented sources, which do not typecheck; `npm run mutate` builds dist/ from the
// real sources first and Stryker copies it in (the training worker thread runs that compiled copy).
const { unit: inProcess } = splitTestFiles(import.meta.dirname, BINARY_MARKERS);

export default defineConfig({
  test: {
    include: inProcess,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'threads',
    isolate: false,
    setupFiles: ['test/setup.ts'],
  },
});
