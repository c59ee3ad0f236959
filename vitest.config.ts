import { defineConfig } from 'vitest/config';
import { splitTestFiles } from './test/projects.js';

const { unit, integration } = splitTestFiles(import.meta.dirname);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default leaves a core idle on a 2-core machine (it keeps one for itself); most test time
    // here is spent waiting on servers and child processes, so both cores run test files.
    maxWorkers: 2,
    setupFiles: ['test/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      {
        extends: true,
        // Integration tests run the built binary: dist/ is rebuilt first when a source is newer.
        test: { name: 'integration', include: integration, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
