#!/usr/bin/env node
// The static checks of `npm test` (types, lint, format) and the build, run side by side: each is one
// single-threaded process, so on a 2-core machine running them together halves their wall time. Each
// one's output is printed whole when it ends; the exit status is the first failure's, else 0.
//
// `node scripts/checks.js COMMAND…` (npm test: `vitest run`) also runs COMMAND, its output live, as
// soon as the build is done, beside the checks still running: the tests spend part of their time
// waiting on servers and child processes, which the checks fill (about 10 s less for `npm test` on a
// quiet 2-core machine than checks, then tests).
import { spawn } from 'node:child_process';

const npm = (script) => ['npm', ['run', script, '--silent']];
// Skipped when dist/ is newer than every source (npm install has just built it).
const BUILD = ['build', [process.execPath, ['scripts/build-if-stale.js']]];
const CHECKS = [
  ['typecheck', npm('typecheck')],
  ['lint', npm('lint')],
  ['format', npm('format:check')],
];
const [command, ...args] = process.argv.slice(2);

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

/** COMMAND with this terminal, once the build is done (the tests run the built binary); skipped if it failed. */
async function afterBuild(build) {
  const built = await build;
  if (command === undefined || built !== 0) return built;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', (error) => {
      process.stderr.write(`error: could not run ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const codes = await Promise.all([afterBuild(run(BUILD)), ...CHECKS.map(run)]);
process.exit(codes.find((code) => code !== 0) ?? 0);
