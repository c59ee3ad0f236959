#!/usr/bin/env node
// The static checks of `npm test` (types, lint, format) and the build, run side by side: each is one
// single-threaded process, so on a 2-core machine running them together halves their wall time. Each
// one's output is printed whole when it ends; the exit status is the first failure's, else 0.
import { spawn } from 'node:child_process';

const npm = (script) => ['npm', ['run', script, '--silent']];
const STEPS = [
  // Skipped when dist/ is newer than every source (npm install has just built it).
  ['build', [process.execPath, ['scripts/build-if-stale.js']]],
  ['typecheck', npm('typecheck')],
  ['lint', npm('lint')],
  ['format', npm('format:check')],
];

function run([name, [command, args]]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${code === 0 ? '✓' : '✗'} ${name} (${seconds} s)\n${code === 0 ? '' : output}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(STEPS.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
