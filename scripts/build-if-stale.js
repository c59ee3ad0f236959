#!/usr/bin/env node
// Builds dist/ only when a source is newer than the last build (npm start, npm install): a full build
// takes seconds on a loaded 2-core machine, and most starts change nothing. `npm run build` always builds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.js'].map(
  (p) => join(ROOT, p),
);
const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
if (Math.max(...inputs.filter(existsSync).map(newest)) > built) {
  process.stderr.write('building fine-tune (dist/)…\n');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
}
