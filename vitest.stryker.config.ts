import { defineConfig } from 'vitest/config';
import { BINARY_MARKERS, splitTestFiles } from './test/projects.js';

// Mutation testing (`npm run mutate`) mutates the sources: tests that run the built binary (dist/)
// would never see a mutant, so only the tests that run the sources in-process take part.
const { unit: inProcess } = splitTestFiles(import.meta.dirname, BINARY_MARKERS);

export default defineConfig({
  test: {
    include: inProcess,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
