import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/prepare/', import.meta.url));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prepare-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/*
 * Most cases run the command in process (`runInProcess`: the same `main` and command code, 0.05 s
 * instead of 0.7 s of CPU each); the built binary runs one case of each behaviour: the report and
 * exit 0 (the bundled example), one JSON document on stdout (--json), exit 2 for bad usage (no
 * terminal nor flags; an unknown fix id), exit 1 with one `error:` line for bad data (missing.csv,
 * broken.jsonl) and for an output that cannot be written (--out naming a file).
 */
describe('fine-tune prepare', () => {
  it('prepares the bundled example with --yes: a report, a train/valid split and the next command', async () => {
    const input = join(dir, 'support-tickets.csv');
    await copyFile(EXAMPLE, input);
    const before = await readFile(input);
    const result = await runCli(['prepare', input, '--yes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('support-tickets_prepared_train.jsonl');
    expect(result.stdout).toContain('end every prompt with " ->"');
    expect(result.stdout).toMatch(/Next: fine-tune create -t \S+_train\.jsonl -v \S+_valid\.jsonl -m /);
    expect(await readFile(input)).toEqual(before);
  });

  it("checks the data against the chosen provider's rules and writes chat copies with --to-chat", async () => {
    const out = join(dir, 'azure-out');
    const env = { FINE_TUNE_PROVIDER: '', OPENAI_API_KEY: '', AZURE_OPENAI_API_KEY: '', FINE_TUNE_HOME: dir };
    const args = ['prepare', EXAMPLE, '--yes', '--provider', 'azure', '--out', out];
    const plain = await runInProcess(args, { env });
    expect(plain.code, plain.stderr).toBe(0);
    // Azure takes chat only: said once, with the fix, and the next command names a chat model there.
    expect(plain.stdout).toMatch(
      /^! Azure OpenAI trains on chat or preference data: .*prepare --to-chat\)\.$/m,
    );
    expect(plain.stdout).toMatch(/^Next: fine-tune create .* -m gpt-4\.1-2025-04-14 --provider azure$/m);
    // The same output folder again: --force replaces the files the first run wrote.
    const converted = await runInProcess([...args, '--force', '--to-chat', '--json'], { env });
    expect(converted.code, converted.stderr).toBe(0);
    const doc = JSON.parse(converted.stdout) as {
      provider_fit: { provider: string; fits: boolean; problems: Array<{ id: string }> };
      chat_outputs: string[];
    };
    expect(doc.provider_fit).toMatchObject({
      provider: 'azure',
      fits: false,
      problems: [{ id: 'convert-to-chat' }],
    });
    expect(doc.chat_outputs).toHaveLength(2);
    const first = JSON.parse((await readFile(doc.chat_outputs[0] ?? '', 'utf8')).split('\n')[0] ?? '') as {
      messages: Array<{ role: string }>;
    };
    expect(first.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    // Nebius takes prompt/completion as it is.
    const nebius = await runInProcess(
      ['prepare', EXAMPLE, '--yes', '--provider', 'nebius', '--out', join(dir, 'nb'), '--json'],
      { env },
    );
    expect((JSON.parse(nebius.stdout) as { provider_fit: unknown }).provider_fit).toEqual({
      provider: 'nebius',
      fits: true,
      problems: [],
    });
  });

  it('prices the estimate from FINE_TUNE_PRICES, and refuses a bad price file in one line', async () => {
    const model = 'gpt-4o-mini-2024-07-18';
    const prices = await file(
      'prices.json',
      JSON.stringify({ asOf: '2027-01-01', training: { [model]: 1000 } }),
    );
    const args = ['prepare', EXAMPLE, '--yes', '--json', '--model', model, '--out', join(dir, 'priced')];
    const priced = await runInProcess(args, { env: { FINE_TUNE_PRICES: prices } });
    expect(priced.code, priced.stderr).toBe(0);
    const estimate = (JSON.parse(priced.stdout) as { estimate: Record<string, unknown> }).estimate;
    expect(estimate).toMatchObject({ model, pricePerMillion: 1000, priceAsOf: '2027-01-01' });
    expect(estimate.usd).toBeCloseTo((Number(estimate.billedTokens) / 1e6) * 1000, 6);

    const bad = await file('bad-prices.json', '{"training": {"x": -1}}');
    const refused = await runInProcess(args, { env: { FINE_TUNE_PRICES: bad } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`error: the price file ${bad} has a bad field training.x`);
  });

  it('prints exactly one JSON document with --json, findings in check order', async () => {
    const out = join(dir, 'json-out');
    const result = await runCli(['prepare', EXAMPLE, '--yes', '--no-split', '--json', '--out', out]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, unknown> & {
      findings: Array<{ id: string; kind: string; accepted: boolean | null }>;
      outputs: Array<{ path: string; role: string; examples: number }>;
    };
    expect(doc).toMatchObject({
      format: 'csv',
      data_format: 'prompt-completion',
      task_type: 'classification',
      error: null,
    });
    expect(doc.findings.map((f) => f.id)).toEqual([
      'example-count',
      'task-type',
      'duplicates',
      'prompt-separator',
      'completion-leading-space',
    ]);
    expect(doc.findings.filter((f) => f.kind === 'optional').every((f) => f.accepted === true)).toBe(true);
    expect(doc.outputs).toHaveLength(1);
    expect(doc.outputs[0]?.role).toBe('all');
    expect(doc.classification).toEqual({ n_classes: 4, positive_class: null });
    expect(await readdir(out)).toEqual(['support-tickets_prepared.jsonl']);
  });

  it('applies only --accept ids and never the --reject ones', async () => {
    const input = await file(
      'choose.jsonl',
      '{"prompt":"a","completion":"x"}\n{"prompt":"b","completion":"y"}\n',
    );
    const result = await runInProcess(['prepare', input, '--accept', 'completion-leading-space', '--json']);
    const doc = JSON.parse(result.stdout) as { outputs: Array<{ path: string }> };
    expect(await readFile(doc.outputs[0]?.path ?? '', 'utf8')).toBe(
      '{"prompt":"a","completion":" x"}\n{"prompt":"b","completion":" y"}\n',
    );
    const rejected = await runInProcess([
      'prepare',
      input,
      '--reject',
      'prompt-separator,completion-ending',
      '--json',
      '--out',
      join(dir, 'r'),
    ]);
    const out = JSON.parse(rejected.stdout) as { findings: Array<{ id: string; accepted: boolean | null }> };
    expect(out.findings.find((f) => f.id === 'prompt-separator')?.accepted).toBe(false);
    expect(out.findings.find((f) => f.id === 'completion-leading-space')?.accepted).toBe(true);
  });

  it('maps a column with --prompt-column', async () => {
    const input = await file('mapped.csv', 'question,completion\nwhat ->, a\\n\nwhy ->, b\\n\n');
    const result = await runInProcess(['prepare', input, '--yes', '--prompt-column', 'question', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { findings: Array<{ id: string }> };
    expect(doc.findings.map((f) => f.id)).toContain('column-name-case');
  });

  it('refuses to guess without a terminal or flags, naming the flag (exit 2)', async () => {
    const result = await runCli(['prepare', EXAMPLE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(result.stdout).toBe('');
  });

  it('says in its JSON document which fixes are undecided, with exit 2, and writes nothing', async () => {
    const out = join(dir, 'undecided');
    const result = await runInProcess(['prepare', EXAMPLE, '--json', '--out', out]);
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout) as {
      error: { id: string; message: string };
      undecided: string[];
      findings: Array<{ id: string; kind: string; accepted: boolean | null }>;
      outputs: unknown[];
    };
    expect(doc.error.id).toBe('undecided-fixes');
    expect(doc.error.message).toContain('--yes');
    const optional = doc.findings.filter((f) => f.kind === 'optional');
    expect(doc.undecided).toEqual(optional.map((f) => f.id));
    expect(doc.undecided.length).toBeGreaterThan(0);
    expect(optional.every((f) => f.accepted === null)).toBe(true);
    expect(doc.outputs).toEqual([]);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('reads a semicolon-separated CSV, says so, and takes --delimiter (exit 2 for a bad one)', async () => {
    const path = await file(
      'semicolons.csv',
      'prompt;completion\nPrinter jams, again;hardware\nNo login;account\n',
    );
    const result = await runInProcess(['prepare', path, '--yes', '--json', '--out', join(dir, 'semicolons')]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { delimiter: string; examples: number };
    expect(doc).toMatchObject({ delimiter: ';', examples: 2 });
    const human = await runInProcess([
      'prepare',
      path,
      '--yes',
      '--delimiter',
      'semicolon',
      '--out',
      join(dir, 'semi2'),
    ]);
    expect(human.stdout).toContain('(csv, semicolon-separated): 2 examples');
    const bad = await runInProcess(['prepare', path, '--yes', '--delimiter', ':']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--delimiter takes , ; | or tab');
  });

  it('stops rather than replace prepared files, unless --force says so', async () => {
    const path = await file(
      'again.jsonl',
      '{"prompt":"a","completion":"x"}\n{"prompt":"b","completion":"y"}\n',
    );
    expect((await runInProcess(['prepare', path, '--yes'])).code).toBe(0);
    const again = await runInProcess(['prepare', path, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      `error: ${join(dir, 'again_prepared.jsonl')} exists already; pass --force to overwrite, or --out DIR to write elsewhere`,
    );
    const json = await runInProcess(['prepare', path, '--yes', '--json']);
    expect((JSON.parse(json.stdout) as { error: { id: string } }).error.id).toBe('output-exists');
    expect((await runInProcess(['prepare', path, '--yes', '--force'])).code).toBe(0);
    expect((await readdir(dir)).filter((n) => n.startsWith('again'))).toEqual([
      'again.jsonl',
      'again_prepared.jsonl',
    ]);
  });

  it('rejects an unknown fix id as bad usage (exit 2)', async () => {
    const result = await runCli(['prepare', EXAMPLE, '--accept', 'no-such-fix']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown fix id "no-such-fix"');
  });

  it.each([
    ['missing.csv', null, /missing\.csv: no such file/],
    ['notes.yaml', 'a: 1\n', /notes\.yaml: unsupported file type/],
    [
      'broken.jsonl',
      '{"prompt":"a","completion":"b"}\n{"prompt":\n',
      /broken\.jsonl: line 2 is not valid JSON/,
    ],
    [
      'latin1.csv',
      Buffer.from([0x70, 0x2c, 0x63, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x2c, 0x78, 0x0a]),
      /latin1\.csv: line 2 is not valid UTF-8/,
    ],
    ['quote.csv', 'prompt,completion\n"open,x\n', /quote\.csv: row 2: a quoted cell is never closed/],
    [
      'image.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      /image\.csv: line 3 holds binary data/,
    ],
    ['empty.jsonl', '', /empty\.jsonl: no examples/],
    [
      'identical.jsonl',
      '{"prompt":"a","completion":"x"}\n{"prompt":"a","completion":"y"}\n',
      /identical\.jsonl: all prompts are identical/,
    ],
  ])('fails on %s with one line naming the file, exit 1, no stack trace', async (name, content, message) => {
    const path = content === null ? join(dir, name) : await file(name, content);
    const run = name === 'missing.csv' || name === 'broken.jsonl' ? runCli : runInProcess;
    const result = await run(['prepare', path, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a data error in the JSON document with exit 1', async () => {
    const path = join(FIXTURES, 'missing_col.jsonl');
    const result = await runInProcess(['prepare', path, '--yes', '--json']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { error: { id: string }; outputs: unknown[] };
    expect(doc.error.id).toBe('missing-column');
    expect(doc.outputs).toEqual([]);
  });

  describe('says what cannot be written, and where (never "unexpected failure: E… .tmp")', () => {
    const needsFixes = `${['a', 'b', 'c'].map((p, i) => JSON.stringify({ prompt: `why ${p}`, completion: `because ${i}` })).join('\n')}\n`;
    it.each([
      [
        '--out naming a file',
        (d: string) => join(d, 'a-file'),
        /cannot create the folder \S*a-file: a file of that name is in the way$/,
      ],
      [
        '--out inside a file',
        (d: string) => join(d, 'a-file', 'sub'),
        /cannot create the folder \S*a-file\/sub: a part of the path is a file, not a folder$/,
      ],
      [
        '--out where no file can be made',
        () => '/proc',
        /cannot write \/proc\/fix_prepared\.jsonl: no such file or directory$/,
      ],
    ])('%s', async (name, out, message) => {
      const input = await file('fix.jsonl', needsFixes);
      await writeFile(join(dir, 'a-file'), 'not a folder');
      const run = name === '--out naming a file' ? runCli : runInProcess;
      const result = await run(['prepare', input, '--yes', '--out', out(dir)]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
      expect(result.stderr).not.toMatch(/unexpected failure|\.tmp/);
    });

    it('an output name too long for the file system', async () => {
      const stem = 'n'.repeat(241);
      const input = await file(`${stem}.jsonl`, needsFixes);
      const result = await runInProcess(['prepare', input, '--yes', '--out', join(dir, 'long')]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        new RegExp(
          `^error: cannot write \\S*/${stem}_prepared\\.jsonl: the name is too long for the file system$`,
        ),
      );
      expect(await readdir(join(dir, 'long'))).toEqual([]);
    });
  });
});
