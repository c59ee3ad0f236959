import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from './serve-process.js';

const TRAIN = fileURLToPath(new URL('../fixtures/train/topics_train.jsonl', import.meta.url));
// Random per run, so a match can only come from this run's key leaking.
const CANARY = `sk-canary-${randomBytes(12).toString('hex')}`;
const WRONG = `sk-canary-wrong-${randomBytes(12).toString('hex')}`;

let dir = '';
let server: ServeProcess | undefined;
const outputs: Array<{ what: string; result: CliResult }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-canary-'));
});
afterAll(async () => {
  server?.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('an API key', () => {
  it('never appears in any output, error, state file or log, even on failing calls', async () => {
    const home = join(dir, 'home');
    server = await startServe(['--data-dir', join(dir, 'server'), '--api-key', CANARY], {
      FINE_TUNE_LOCAL_STEP_MS: '0',
      FINE_TUNE_HOME: home,
    });
    const base = { FINE_TUNE_HOME: home, FINE_TUNE_POLL_MS: '50', FINE_TUNE_PROVIDER: '' };
    const asOpenAI = { ...base, OPENAI_API_KEY: CANARY, FINE_TUNE_LOCAL_API_KEY: CANARY };
    const asLocal = { ...base, OPENAI_API_KEY: '', FINE_TUNE_LOCAL_API_KEY: CANARY };
    const url = ['--base-url', server.baseURL];
    const run = async (what: string, args: readonly string[], env: NodeJS.ProcessEnv) => {
      const result = await runCli(args, { env, timeoutMs: 60_000 });
      outputs.push({ what, result });
      return result;
    };

    const data = join(dir, 'tickets.jsonl');
    await writeFile(data, (await readFile(TRAIN, 'utf8')).split('\n').slice(0, 30).join('\n') + '\n');
    expect((await run('prepare', ['prepare', data, '--yes', '--out', join(dir, 'out')], asOpenAI)).code).toBe(
      0,
    );
    const created = await run(
      'create',
      ['create', '-t', data, '-m', 'local-small', '--epochs', '1', '--json', ...url],
      asOpenAI,
    );
    expect(created.code, created.stderr).toBe(0);
    const jobId = /(ftjob-[A-Za-z0-9]+)/.exec(created.stdout)?.[1] ?? '';
    expect(jobId).not.toBe('');
    for (const [what, args, env] of [
      ['follow', ['follow', jobId, '--json', ...url], asOpenAI],
      ['follow (local)', ['follow', jobId, '--provider', 'local', ...url], asLocal],
      ['jobs list', ['jobs', 'list', ...url], asOpenAI],
      ['jobs get', ['jobs', 'get', jobId, '--json', ...url], asOpenAI],
      ['models list', ['models', 'list', ...url], asLocal],
    ] as const) {
      expect((await run(what, args, env)).code, what).toBe(0);
    }
    // Failing calls: a finished job cannot be cancelled; an unknown job; the wrong key (401).
    expect((await run('cancel', ['jobs', 'cancel', jobId, ...url], asOpenAI)).code).toBe(1);
    expect((await run('missing', ['jobs', 'get', 'ftjob-nope', ...url], asOpenAI)).code).toBe(1);
    const wrong = { ...asOpenAI, OPENAI_API_KEY: WRONG, FINE_TUNE_LOCAL_API_KEY: WRONG };
    const denied = await run('wrong key', ['models', 'list', ...url], wrong);
    expect(denied.code).toBe(1);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    const deniedLocal = await run(
      'wrong key (local)',
      ['jobs', 'list', '--provider', 'local', ...url],
      wrong,
    );
    expect(deniedLocal.code).toBe(1);
    expect(await server.stop()).toBe(0);

    const leaks: string[] = [];
    for (const { what, result } of outputs) {
      for (const key of [CANARY, WRONG, 'sk-canary-']) {
        if (result.stdout.includes(key) || result.stderr.includes(key)) leaks.push(`${what} printed ${key}`);
      }
    }
    if (server.output().includes('sk-canary-')) leaks.push('serve printed the key');
    const files = await filesUnder(dir);
    expect(files.some((f) => f.includes('events.json'))).toBe(true);
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      if (text.includes('sk-canary-')) leaks.push(`${file} holds the key`);
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it('never appears in a committed screenshot (the SVG text of each one)', async () => {
    const shots = fileURLToPath(new URL('../../screenshots/', import.meta.url));
    const svgs = existsSync(shots) ? (await readdir(shots)).filter((n) => n.endsWith('.svg')) : [];
    // Nothing to scan would pass silently: the wizard's and the tester's screenshots are committed.
    expect(svgs.length).toBeGreaterThanOrEqual(15);
    const shown: string[] = [];
    for (const name of svgs) {
      // Each row is drawn as runs of one style: join the runs of a row before looking.
      const rows = new Map<string, string>();
      for (const [, y, run] of (await readFile(join(shots, name), 'utf8')).matchAll(
        /<text[^>]* y="([\d.]+)"[^>]*>([^<]*)<\/text>/g,
      )) {
        rows.set(y ?? '', (rows.get(y ?? '') ?? '') + (run ?? ''));
      }
      const text = [...rows.values()].join('\n');
      expect(text.length).toBeGreaterThan(0);
      // The shapes of every key this project handles: OpenAI's, the local server's, the embedded one's.
      const key = /sk-[A-Za-z0-9_-]{12,}|ftl-[A-Za-z0-9_-]{16,}/.exec(text);
      if (key) shown.push(`${name}: ${key[0].slice(0, 8)}…`);
    }
    expect(shown).toEqual([]);
  });
});
