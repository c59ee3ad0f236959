#!/usr/bin/env node
// Tiny launcher: the real entry point is the compiled CLI.
// React's development build (the default without NODE_ENV) costs several times the CPU per frame
// of the job panel: a person running the command gets the production build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
