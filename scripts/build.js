#!/usr/bin/env node
// Builds dist/ (`npm run build`; scripts/build-if-stale.js when a source changed): tsc compiles src/,
// then its entry points are bundled in place, so a command starts by loading a few files
// instead of ~400 modules (our ~110, openai's 154, zod's 95…): Node 20 spends most of a short command's
// CPU resolving, reading and linking ES modules one by one. Measured on this 2-core machine:
// `fine-tune --version` 0.31 → 0.19 s of CPU, `models list` 0.60 → 0.33 s (docs/benchmarks.md).
//
// The entries keep their paths (dist/cli.js, the worker threads' modules), their shared code goes to
// dist/chunks/, and every other file tsc wrote stays beside them, unused by the binary but importable
// by the bench scripts. Rolldown is the bundler Vite (hence vitest) already runs here.
//
// A module that finds a file relative to itself (`new URL('./engine-thread.js', import.meta.url)`,
// `createRequire(import.meta.url)`, `../../bin/fine-tune.js`) must find the same file once bundled:
// its `import.meta.url` is turned into the URL of the file it was compiled to, relative to the chunk
// it lands in. A module named that way that is not an entry below still loads (tsc's output stays in
// dist/), module by module: each worker's module belongs in ENTRIES.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** Entries: the binary's module, and the modules worker threads load by URL. */
const ENTRIES = [
  'cli', // bin/fine-tune.js
  'commands/prepare/engine-thread', // commands/prepare/engine.ts
  'server/jobs/worker', // server/jobs/worker-url.ts
  'core/quality/checks', // core/quality/thread.ts
];

/**
 * Left to Node's resolution: the wizard's Ink and React (React picks its production build from
 * NODE_ENV when it loads, which bin/fine-tune.js sets first), SheetJS (one file already, patched on
 * install), and gpt-tokenizer, whose encodings worker threads load by path (core/encodings.ts).
 */
const EXTERNAL = [/^node:/, /^react($|\/)/, /^ink($|-)/, /^xlsx($|\/)/, /^gpt-tokenizer($|\/)/];

const PLACEHOLDER = '__fineTuneModuleUrl__';
const toPosix = (path) => path.split(sep).join('/');

/** `import.meta.url` of each of our modules → a placeholder naming its file in dist/. */
const ownUrls = {
  name: 'own-module-urls',
  transform: {
    filter: { id: /[\\/]dist[\\/].*\.js$/ },
    handler(code, id) {
      if (!code.includes('import.meta.url')) return null;
      const file = toPosix(relative(DIST, id));
      return { code: code.replaceAll('import.meta.url', `${PLACEHOLDER}(${JSON.stringify(file)})`) };
    },
  },
  renderChunk(code, chunk) {
    if (!code.includes(PLACEHOLDER)) return null;
    const from = posix.dirname(chunk.fileName);
    const pattern = new RegExp(`${PLACEHOLDER}\\(("[^"]+")\\)`, 'g');
    return code.replace(pattern, (_, file) => {
      let path = posix.relative(from, JSON.parse(file));
      if (!path.startsWith('.')) path = `./${path}`;
      return `new URL(${JSON.stringify(path)}, import.meta.url).href`;
    });
  },
};

// The bundle reads what tsc has just written (an entry already bundled would import chunks removed below).
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
for (const entry of ENTRIES) {
  if (!existsSync(join(DIST, `${entry}.js`))) throw new Error(`bundle: dist/${entry}.js is missing`);
}
rmSync(join(DIST, 'chunks'), { recursive: true, force: true });
/**
 * Builds the tokenizer's rank tables into node_modules/.cache (core/encodings.ts) now, once per
 * installed gpt-tokenizer, so the first command counts as fast as the next ones; a command would build
 * them on its first count otherwise. Not being able to is not a failed build.
 */
async function warmRankTables() {
  try {
    const { rankTable } = await import(new URL('../dist/core/encodings.js', import.meta.url).href);
    for (const name of ['o200k_base', 'cl100k_base']) rankTable(name);
  } catch (error) {
    process.stderr.write(`note: the tokenizer's rank tables were not built now: ${error.message}\n`);
  }
}

// The bundle only makes commands start faster: where rolldown cannot load (a Node older than the
// 20.19 it needs, an install without dev dependencies), tsc's output above runs as it is.
let build;
try {
  ({ build } = await import('rolldown'));
} catch (error) {
  process.stderr.write(
    `note: dist/ left unbundled (commands start slower): rolldown did not load: ${error.message}\n`,
  );
  await warmRankTables();
  writeFileSync(join(DIST, '.build-stamp'), `${new Date().toISOString()}\n`);
  process.exit(0);
}
await build({
  input: Object.fromEntries(ENTRIES.map((entry) => [entry, join(DIST, `${entry}.js`)])),
  platform: 'node',
  external: EXTERNAL,
  plugins: [ownUrls],
  // A module both imported and dynamically imported stays in its chunk: said once per build, not a fault.
  onLog(level, log, handler) {
    if (log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') handler(level, log);
  },
  output: {
    dir: DIST,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});
await warmRankTables();
writeFileSync(join(DIST, '.build-stamp'), `${new Date().toISOString()}\n`);
