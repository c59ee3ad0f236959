#!/usr/bin/env node
// Tiny launcher: the real entry point is the compiled CLI.
// React's development build (the default without NODE_ENV) costs several times the CPU per frame
// of the job panel: a person running the command gets the production build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// WebAssembly runs on V8's baseline compiler only. Node's fetch parses HTTP with a WebAssembly build of
// llhttp, and Ink lays out with one of Yoga: V8 recompiled both with its optimising tier on a background
// thread, about 0.13 s of CPU during which a finished command could not exit (`models list` took
// 0.44 s, now 0.30 s). The baseline code is no slower here: 1,500 requests in a row took the same time,
// and the job panel used less CPU (docs/benchmarks.md).
setFlagsFromString('--liftoff-only');

process.env.NODE_ENV ??= 'production';
const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`error: fine-tune is not built yet: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const { main } = await import(entry.href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Last resort: never a stack trace unless DEBUG asks for one.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  },
);
