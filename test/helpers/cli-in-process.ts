import { main } from '../../src/cli.js';
import type { CliResult } from './run-cli.js';

/**
 * Runs a command as the binary does (`main` of src/cli.ts: Commander, the command, the exit status
 * and the one `error:` line), in this process: about 0.05 s instead of the 0.7 s of CPU a child
 * process of the built binary costs. As `runCli` runs it: no terminal, NO_COLOR=1, `env` on top of
 * this process's environment; stdout and stderr are what the command wrote. Each test file that uses
 * it keeps runs of the built binary for the same behaviours (exit codes, the stderr line), so the
 * binary itself stays tested.
 *
 * Calls run one at a time (they swap process-wide state: environment, exit code, the output
 * streams' write and isTTY), which vitest's sequential tests within a file already ensure.
 */
export async function runInProcess(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const env = { NO_COLOR: '1', ...options.env };
  const savedEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const savedExitCode = process.exitCode;
  const streams = [process.stdin, process.stdout, process.stderr] as const;
  const savedTty = streams.map((stream) => Object.getOwnPropertyDescriptor(stream, 'isTTY'));
  const writes = [process.stdout.write, process.stderr.write] as const;
  const output = { stdout: '', stderr: '' };
  const capture =
    (name: 'stdout' | 'stderr') =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      output[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.exitCode = undefined;
  for (const stream of streams)
    Object.defineProperty(stream, 'isTTY', { value: undefined, configurable: true });
  process.stdout.write = capture('stdout') as typeof process.stdout.write;
  process.stderr.write = capture('stderr') as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, ...output };
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
    streams.forEach((stream, i) => {
      const descriptor = savedTty[i];
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor);
      else delete (stream as { isTTY?: boolean }).isTTY;
    });
    process.exitCode = savedExitCode;
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
