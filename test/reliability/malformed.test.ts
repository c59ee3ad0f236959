import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { buildCorpus, writeCorpus, type Case } from './corpus.js';
import { mapLimit, prepareInProcess } from './outcome.js';

const corpus = buildCorpus();
let dir = '';
let paths: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-malformed-'));
  paths = await writeCorpus(dir, corpus);
}, 60_000);

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const original = corpus.map((c) => createHash('sha256').update(c.content).digest('hex'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** One clear line: names the file (and the place, when the case says where), no stack, no "bug". */
function expectOneClearLine(c: Case, message: string): void {
  expect(message, c.name).not.toContain('\n');
  expect(message, c.name).toContain(c.name);
  expect(message, c.name).not.toMatch(/unexpected failure|\s+at \S+ \(|Maximum call stack/);
  if (c.at) expect(message, c.name).toMatch(c.at);
}

// The binary runs a sample: every family, both outcomes, and every huge input.
const SAMPLE = new Set(
  corpus.flatMap((c, i) =>
    c.family === 'huge-line' || corpus.findIndex((d) => d.family === c.family && d.expect === c.expect) === i
      ? [i]
      : [],
  ),
);

describe('a corpus of malformed inputs', () => {
  it('has at least 200 cases across the six formats', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const extensions = new Set(corpus.map((c) => c.name.split('.').pop()?.toLowerCase()));
    for (const ext of ['csv', 'tsv', 'xlsx', 'json', 'jsonl', 'txt']) expect(extensions).toContain(ext);
  });

  it('in process: each ends usable or in one line naming the file (and the place), never a crash', async () => {
    const out = join(dir, 'out-in-process');
    const outcomes = await mapLimit(corpus, 2, (c, i) =>
      prepareInProcess(paths[i] ?? '', join(out, String(i))),
    );
    const crashes = outcomes.flatMap((o, i) =>
      o.kind === 'crash' ? [`${corpus[i]?.name}: ${o.message}`] : [],
    );
    expect(crashes).toEqual([]);
    const wrong = outcomes.flatMap((o, i) =>
      o.kind === corpus[i]?.expect
        ? []
        : [`${corpus[i]?.name}: expected ${corpus[i]?.expect}, got ${JSON.stringify(o)}`],
    );
    expect(wrong).toEqual([]);
    outcomes.forEach((o, i) => {
      if (o.kind === 'error') expectOneClearLine(corpus[i] as Case, o.message);
    });
  }, 120_000);

  it('through the binary: exit 1 with one `error:` line on stderr, or exit 0 for usable files', async () => {
    const indices = [...SAMPLE];
    expect(indices.length).toBeGreaterThanOrEqual(20);
    const results = await mapLimit(indices, 2, async (i) => {
      const c = corpus[i] as Case;
      const result = await runCli(
        ['prepare', paths[i] ?? '', '--yes', '--out', join(dir, 'out-cli', String(i))],
        {
          timeoutMs: 45_000,
        },
      );
      return { c, result };
    });
    for (const { c, result } of results) {
      expect(result.code, `${c.name}: ${result.stderr}`).toBe(c.expect === 'ok' ? 0 : 1);
      expect(result.stderr, c.name).not.toMatch(/\n\s+at /);
      if (c.expect === 'error') {
        const lines = result.stderr.trim().split('\n');
        expect(lines, c.name).toHaveLength(1);
        expect(lines[0], c.name).toMatch(/^error: /);
        expectOneClearLine(c, lines[0] ?? '');
      } else {
        expect(result.stdout, c.name).toContain(basename(paths[corpus.indexOf(c)] ?? ''));
      }
    }
  }, 180_000);

  it('leaves every input byte-identical after both runs', async () => {
    const after = await Promise.all(paths.map(sha));
    expect(after.filter((hash, i) => hash !== original[i])).toEqual([]);
  });
});
