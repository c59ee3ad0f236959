#!/usr/bin/env node
// The static checks of `npm test` (types, lint, format) and the build, run side by side: each is one
// single-threaded process, so on a 2-core machine running them together halves their wall time. Each
// one's output is printed whole when it ends; the exit status is the first failure's, else 0.
import { spawn } from 'node:child_process';

const STEPS = [
  ['build', ['run', 'build', '--silent']],
  ['typecheck', ['run', 'typecheck', '--silent']],
  ['lint', ['run', 'lint', '--silent']],
  ['format', ['run', 'format:check', '--silent']],
];

function run([name, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
