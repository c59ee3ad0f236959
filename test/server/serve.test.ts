import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';
import { tempDir } from './helpers.js';
import { spawnServe } from './serve-process.js';

describe('fine-tune serve', () => {
  it('prints a one-line banner with the URL, the state dir and a generated key, and stops on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const banner = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
        });
        child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
      });
      expect(banner).toContain(dataDir);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)?.[1] ?? '';
      const key = /key: (sk-local-\S+)/.exec(banner)?.[1] ?? '';
      const client = new OpenAI({ apiKey: key, baseURL: url, maxRetries: 0 });
      expect((await client.models.list()).data.map((m) => m.id)).toContain('local-small');

      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(stdout).toContain('stopped');
      expect(stdout.split(key).length - 1).toBe(1);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('does not print a key given with --api-key', async () => {
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--api-key', 'sk-given-secret'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const banner = await new Promise<string>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => resolve(chunk));
      });
      expect(banner).not.toContain('sk-given-secret');
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints only the banner and the stop line, and one line per request when DEBUG is set', async () => {
    const dataDir = tempDir();
    try {
      for (const debug of [false, true]) {
        const env = debug ? { DEBUG: '1' } : { DEBUG: '' };
        const serve = await spawnServe(dataDir, env);
        await serve.client.models.list();
        await serve.client.files.list();
        await serve.client.fineTuning.jobs.retrieve('ftjob-nope').catch(() => undefined);
        serve.child.kill('SIGTERM');
        expect(await serve.exited).toBe(0);
        const { stdout, stderr } = serve.output();
        expect(stdout.trim().split('\n')).toEqual([
          expect.stringMatching(/^fine-tune local server on http/),
          'fine-tune local server stopped',
        ]);
        if (!debug) expect(stderr).toBe('');
        else
          expect(stderr.trim().split('\n')).toEqual([
            expect.stringMatching(/^GET \/v1\/models 200 \d+ms$/),
            expect.stringMatching(/^GET \/v1\/files 200 \d+ms$/),
            expect.stringMatching(/^GET \/v1\/fine_tuning\/jobs\/ftjob-nope 404 \d+ms$/),
          ]);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
