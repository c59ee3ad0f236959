import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../helpers/run-cli.js';

/** `fine-tune serve` running as a child process, as a person would start it in another terminal. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** e.g. `http://127.0.0.1:PORT/v1`, from the banner. */
  readonly baseURL: string;
  /** Everything printed so far (both streams). */
  output(): string;
  /** SIGKILL: no handler runs, state is whatever reached the disk. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

export async function startServe(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseURL = await new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const url = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', look);
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    child,
    baseURL,
    output: () => out,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
