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
    // Transformed test and source modules are kept on disk between runs (keyed by content), so a rerun
    // imports without transforming again: about a tenth of the unit project's time.
    experimental: { fsModuleCache: true, fsModuleCachePath: '.cache/vitest-modules' },
    setupFiles: ['test/setup.ts'],
    // Screens are tested in colour whatever the shell says (CI sets NO_COLOR=1 for plain logs); the
    // tests of the monochrome screens set it themselves. An empty NO_COLOR is no NO_COLOR (no-color.org).
    env: { NO_COLOR: '' },
    projects: [
      // Unit test files share one module graph per worker (no re-import per file): they touch no global
      // state, and isolation doubled their CPU time (import and transform of the same modules each time).
      { extends: true, test: { name: 'unit', include: unit, isolate: false } },
      {
        extends: true,
        // Integration tests run the built binary: dist/ is rebuilt first when a source is newer. They
        // share a module graph per worker too: none stubs a module or leaves global state behind
        // (environment stubs and fake timers are undone in afterEach), each starts its own servers
        // on port 0, and isolation cost a fresh worker and a re-import of the sources per file.
        test: {
          name: 'integration',
          include: integration,
          isolate: false,
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
