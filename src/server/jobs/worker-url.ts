/**
 * Where the training worker's compiled module is. Under vitest this module runs from `src/` as
 * TypeScript, which a worker thread cannot load, so the built copy in `dist/` is used instead
 * (`npm test` builds first).
 */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const index = here.lastIndexOf('/src/server/jobs/');
    return new URL(`${here.slice(0, index)}/dist/server/jobs/worker.js`);
  }
  return new URL('./worker.js', here);
}
