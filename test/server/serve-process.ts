import { spawn, type ChildProcess } from 'node:child_process';
import OpenAI from 'openai';
import { BIN } from '../helpers/run-cli.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly client: OpenAI;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

/** `fine-tune serve` as a child process on port 0, with a client once its banner shows. */
export async function spawnServe(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  apiKey = 'sk-test-serve',
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--api-key', apiKey],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    void exited.then((code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
  });
  const baseURL = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)?.[1] ?? '';
  return {
    child,
    client: new OpenAI({ apiKey, baseURL, maxRetries: 0 }),
    output: () => ({ stdout, stderr }),
    exited,
  };
}
