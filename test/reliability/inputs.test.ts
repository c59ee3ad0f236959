import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared } from '../../src/core/prepare/index.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { seeded } from './corpus.js';
import { makeXlsx } from './xlsx.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-inputs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** A classification JSONL file (so `--yes` splits it): `rows` rows, written in a stream. */
async function bigClassification(path: string, rows: number): Promise<void> {
  const random = seeded(rows);
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const label = random() < 0.5 ? 'positive' : 'negative';
    const line = `${JSON.stringify({ prompt: `review ${i}: ${random().toString(36).repeat(6)}`, completion: label })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The 150,000-row file the interrupted runs stop mid-write (big enough that writing it takes a while),
 * written once for them all: they read it and each checks it is left as it was.
 */
let big: Promise<string> | undefined;
function bigInput(): Promise<string> {
  big ??= (async () => {
    const path = join(dir, 'big.jsonl');
    await bigClassification(path, 150_000);
    return path;
  })();
  return big;
}

/** Files in `out` other than complete outputs: temp files, or a final name holding a cut-off file. */
async function partialOutputs(out: string, rows: number): Promise<string[]> {
  const names = await readdir(out).catch(() => [] as string[]);
  const bad: string[] = [];
  let lines = 0;
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith('.tmp') || name.endsWith('.all')) {
      bad.push(name);
      continue;
    }
    const text = await readFile(join(out, name), 'utf8');
    if (!text.endsWith('\n')) bad.push(`${name} (cut off)`);
    lines += text.split('\n').length - 1;
  }
  if (names.length > 0 && lines !== rows) bad.push(`${lines} lines written for ${rows} rows`);
  return bad;
}

describe('input files', () => {
  it('are byte-identical after prepare (every format, errors included) and create', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`question ${i} about refunds`, i % 2 ? 'yes' : 'no']);
    const inputs: Record<string, string | Buffer> = {
      'a.jsonl': rows.map(([p, c]) => JSON.stringify({ prompt: p, completion: c })).join('\n'),
      'b.json': JSON.stringify(rows.map(([p, c]) => ({ prompt: p, completion: c }))),
      'c.csv': `prompt,completion\r\n${rows.map((r) => r.join(',')).join('\r\n')}`,
      'd.tsv': `\uFEFFprompt\tcompletion\n${rows.map((r) => r.join('\t')).join('\n')}\n`,
      'e.txt': rows.map(([p]) => p).join('\n'),
      'f.xlsx': makeXlsx([['prompt', 'completion'], ...(rows as string[][])]),
      'bad.jsonl': '{"prompt":"a","completion":"b"}\n{"prompt":',
      // Named as prepare would name its output: the output must not replace it.
      'a_prepared.jsonl': rows
        .map(([p, c]) => JSON.stringify({ prompt: `${p}\n\n###\n\n`, completion: ` ${c}` }))
        .join('\n'),
    };
    const home = join(dir, 'home');
    const env = {
      FINE_TUNE_HOME: home,
      OPENAI_API_KEY: '',
      FINE_TUNE_PROVIDER: '',
      FINE_TUNE_LOCAL_STEP_MS: '0',
    };
    const hashes = new Map<string, string>();
    for (const [name, content] of Object.entries(inputs)) {
      await writeFile(join(dir, name), content);
      hashes.set(name, await sha(join(dir, name)));
    }
    for (const name of Object.keys(inputs)) {
      // Beside the input (the default), then elsewhere with the split declined.
      const beside = await runCli(['prepare', join(dir, name), '--yes'], { env });
      expect(beside.code, `${name}: ${beside.stderr}`).toBe(name.startsWith('bad') ? 1 : 0);
      // Elsewhere, the same command in process (runInProcess): the binary's runs are the ones above.
      await runInProcess(
        ['prepare', join(dir, name), '--yes', '--no-split', '--out', join(dir, 'out', name)],
        { env },
      );
    }
    const created = await runCli(
      ['create', '-t', join(dir, 'a_prepared.jsonl'), '-m', 'local-small', '--epochs', '1', '--json'],
      { env, timeoutMs: 60_000 },
    );
    expect(created.code, created.stderr).toBe(0);
    for (const [name, hash] of hashes) expect(await sha(join(dir, name)), name).toBe(hash);
    // Nothing half-written was left beside the inputs.
    expect((await readdir(dir)).filter((n) => n.startsWith('.') || n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('an aborted write (in process) leaves no output at all, not even a temp file', async () => {
    const input = join(dir, 'abort.jsonl');
    await bigClassification(input, 60_000);
    const before = await sha(input);
    const analysis = await analyzeFile(input);
    expect(analysis.error).toBeNull();
    const out = join(dir, 'aborted');
    await mkdir(out);
    const controller = new AbortController();
    // Abort as soon as the writer's temp file exists: mid-write, whatever the machine's speed.
    const watch = setInterval(() => {
      void readdir(out).then((names) => {
        if (names.length > 0) controller.abort(new Error('injected failure'));
      });
    }, 1);
    const write = writePrepared(
      analysis,
      { accepted: new Set(), split: true },
      { outDir: out, signal: controller.signal },
    );
    const settled = await write.then(
      () => 'finished',
      (error: unknown) => (error as Error).message,
    );
    clearInterval(watch);
    expect(await sha(input)).toBe(before);
    if (settled === 'finished') expect(await partialOutputs(out, 60_000)).toEqual([]);
    else {
      expect(settled).toBe('injected failure');
      expect(await readdir(out)).toEqual([]);
    }
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prepare stopped with %s mid-write removes its temp file and says so in one line',
    async (signal) => {
      const input = await bigInput();
      const out = join(dir, `stopped-${signal}`);
      await mkdir(out);
      const child = spawn(process.execPath, [BIN, 'prepare', input, '--yes', '--out', out], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const exited = once(child, 'exit');
      while ((await readdir(out)).length === 0 && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      if (code === 0) expect(await partialOutputs(out, 150_000)).toEqual([]);
      else {
        expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: .*interrupted/)]);
        expect(await readdir(out)).toEqual([]);
      }
    },
    60_000,
  );

  it('prepare killed with SIGKILL mid-write leaves no output under a final name that is cut off', async () => {
    const input = await bigInput();
    const before = await sha(input);
    const out = join(dir, 'killed-out');
    await mkdir(out);
    const child = spawn(process.execPath, [BIN, 'prepare', input, '--yes', '--out', out], {
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    for (let seen = false; !seen;) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen = (await readdir(out)).length > 0 || child.exitCode !== null;
    }
    child.kill('SIGKILL');
    await exited;
    expect(await sha(input)).toBe(before);
    // A kill -9 cannot clean up: a hidden temp file may stay, but never a partial file under a final name.
    const names = await readdir(out);
    const finals = names.filter((n) => !n.startsWith('.'));
    for (const name of finals)
      expect((await readFile(join(out, name), 'utf8')).endsWith('\n'), name).toBe(true);
    expect(names.filter((n) => n.startsWith('.')).every((n) => n.endsWith('.tmp'))).toBe(true);
  }, 60_000);

  it('prepare killed with SIGKILL while splitting leaves no visible intermediate file, and the next run removes the hidden ones', async () => {
    const input = await bigInput();
    const out = join(dir, 'killed-split-out');
    await mkdir(out);
    const child = spawn(process.execPath, [BIN, 'prepare', input, '--yes', '--out', out], {
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    // Two files at once: every row has been written once and the training file is being written.
    while ((await readdir(out)).length < 2 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    child.kill('SIGKILL');
    await exited;
    const names = await readdir(out);
    expect(names.filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(names.length).toBeGreaterThan(0);

    const small = join(dir, 'after-kill.jsonl');
    await bigClassification(small, 200);
    const again = await runCli(['prepare', small, '--yes', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'after-kill_prepared_train.jsonl',
      'after-kill_prepared_valid.jsonl',
    ]);
  }, 60_000);
});
