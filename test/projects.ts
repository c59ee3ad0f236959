/**
 * Sorts the test files into two vitest projects: `unit` (pure, in-process: no server, no child process,
 * no terminal) for the inner loop (`npm run test:unit`), and `integration` for the rest. A file is
 * integration when it, or a test helper it imports (followed through relative imports inside test/),
 * starts a server, spawns a process or drives tmux; so a new test lands in the right project without a
 * hand-kept list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// `api/connect` starts the local provider when no key is set.
const MARKERS =
  /\b(startLocalServer|createServer|child_process|spawnServe|runCli|makeCliHome|tmux|TmuxScreen)\b|api\/connect\.js/;
/**
 * What runs the built binary (dist/) rather than the sources: useless to mutation testing. `api/connect`
 * is not among them: it starts the local provider in-process, from the sources (the provider adapters
 * behind it are mutated through those tests).
 */
export const BINARY_MARKERS = /\b(child_process|spawnServe|runCli|makeCliHome|tmux|TmuxScreen)\b/;
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The file a relative import names: `./x.js` is `./x.ts` or `./x.tsx` in the sources. */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, base].find((path) => existsSync(path));
}

function matches(file: string, testRoot: string, markers: RegExp, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (markers.test(text)) return true;
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const target = resolveImport(file, match[1] ?? '');
    // Only test helpers are followed: what a test does with src is decided by the test itself.
    if (target && !relative(testRoot, target).startsWith('..') && matches(target, testRoot, markers, seen)) {
      return true;
    }
  }
  return false;
}

/** The test files, split by whether they (or their helpers) match `markers`. */
export function splitTestFiles(
  root: string,
  markers: RegExp = MARKERS,
): { unit: string[]; integration: string[] } {
  const testRoot = join(root, 'test');
  const unit: string[] = [];
  const integration: string[] = [];
  for (const file of testFiles(testRoot).sort()) {
    (matches(file, testRoot, markers) ? integration : unit).push(relative(root, file));
  }
  return { unit, integration };
}
