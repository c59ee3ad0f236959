import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  claimMeta,
  metaPathOf,
  openAppender,
  readAnswers,
  removeAnswers,
  type AnswerLine,
  type AnswersMeta,
} from '../../src/rescue/answers-file.js';
import { factsOf, placeWithoutOverwriting, scanJsonl, tempBeside } from '../../src/rescue/data-file.js';
import { goldenExamples, sampleIndices, sourceFormat } from '../../src/rescue/golden-set.js';
import { downloadFile, expectedExamples, keepLocalFile, mismatch } from '../../src/rescue/keep-data.js';
import type { SourceJob } from '../../src/rescue/inventory.js';
import { sendError, sendJson, startFakeApi } from '../api/fake-api.js';

// The files a rescue keeps on disk (recorded answers, kept data) and the guards on each: every test
// builds its own folder, so a test run alone (as Stryker does) sees the same thing.
const folder = () => mkdtemp(join(tmpdir(), 'ft-kept-files-'));

const meta = (over: Partial<AnswersMeta> = {}): AnswersMeta => ({
  model: 'ft:m',
  provider: 'openai',
  endpoint: 'completions',
  separator: '\n',
  stop: ['END'],
  systemPrompt: null,
  temperature: 0,
  maxTokens: 4,
  source: { path: 'v.jsonl', sha256: 'abc', how: 'sample', seed: 7 },
  total: 3,
  startedAt: '2026-12-07T00:00:00Z',
  ...over,
});
const answer = (i: number, text = 'x'): AnswerLine => ({ i, prompt: `p${i}`, answer: text, usage: null });

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

describe('the description beside recorded answers', () => {
  it('is named after the answers file, its .jsonl replaced only at the end', () => {
    expect(metaPathOf('/r/golden.jsonl')).toBe('/r/golden.meta.json');
    expect(metaPathOf('/r.jsonl/answers')).toBe('/r.jsonl/answers.meta.json');
  });

  it('is written whole the first time, in a folder made for it, with no temporary file left', async () => {
    const dir = join(await folder(), 'new', 'rescue');
    const path = join(dir, 'golden.jsonl');
    expect(await claimMeta(path, meta())).toEqual(meta());
    expect(await readFile(join(dir, 'golden.meta.json'), 'utf8')).toBe(
      `${JSON.stringify(meta(), null, 2)}\n`,
    );
    expect(await readdir(dir)).toEqual(['golden.meta.json']);
  });

  it('names each field a resumed run asks differently, and lets the provider and start time differ', async () => {
    const path = join(await folder(), 'golden.jsonl');
    await claimMeta(path, meta());
    const stored = await claimMeta(path, meta({ provider: 'azure', startedAt: 'later' }));
    expect(stored).toEqual(meta());
    const changes: [Partial<AnswersMeta>, string][] = [
      [{ model: 'ft:other' }, 'model'],
      [{ endpoint: 'chat' }, 'endpoint'],
      [{ systemPrompt: 'be brief' }, 'systemPrompt'],
      [{ maxTokens: 5 }, 'maxTokens'],
      [{ total: 4 }, 'total'],
      [{ stop: ['END', 'STOP'] }, 'stop'],
      [{ stop: [] }, 'stop'],
      [{ source: { path: 'v.jsonl', sha256: 'abc', how: 'sample', seed: 8 } }, 'source'],
      [{ source: { path: 'v.jsonl', sha256: 'abd', how: 'sample', seed: 7 } }, 'source'],
    ];
    for (const [change, field] of changes) {
      await expect(claimMeta(path, meta(change))).rejects.toThrow(
        `${path} was recorded with another ${field}: move it (and ${metaPathOf(path)}) away to record again.`,
      );
    }
    // Another path to the same bytes is the same source.
    await expect(
      claimMeta(path, meta({ source: { path: 'elsewhere.jsonl', sha256: 'abc', how: 'sample', seed: 7 } })),
    ).resolves.toEqual(meta());
  });

  it('refuses a description of another shape', async () => {
    const path = join(await folder(), 'golden.jsonl');
    await writeFile(metaPathOf(path), JSON.stringify({ ...meta(), temperature: 1 }));
    await expect(claimMeta(path, meta())).rejects.toThrow(
      `${metaPathOf(path)}: not a recording's description; move it away to start again.`,
    );
  });
});

describe('recorded answers on disk', () => {
  it('are none before the first, and whole lines appended one by one are read back by index', async () => {
    const path = join(await folder(), 'golden.jsonl');
    expect((await readAnswers(path, 3)).size).toBe(0);
    const appender = openAppender(path);
    appender.append(answer(2, 'é'.repeat(5000)));
    appender.append(answer(0));
    appender.close();
    const read = await readAnswers(path, 3);
    expect([...read.keys()]).toEqual([2, 0]);
    expect(read.get(2)?.answer).toBe('é'.repeat(5000));
    expect(await readFile(path, 'utf8')).toBe(
      `${JSON.stringify(answer(2, 'é'.repeat(5000)))}\n${JSON.stringify(answer(0))}\n`,
    );
  });

  it('cut a torn line by bytes (after characters of two bytes), and leave a whole file alone', async () => {
    const path = join(await folder(), 'golden.jsonl');
    const whole = `${JSON.stringify(answer(0, 'ééé'))}\n  \n${JSON.stringify(answer(1))}\n`;
    await writeFile(path, `${whole}{"i":2,"ans`);
    expect([...(await readAnswers(path, 3)).keys()]).toEqual([0, 1]);
    expect(await readFile(path, 'utf8')).toBe(whole);
    expect((await readAnswers(path, 3)).size).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(whole);
  });

  it('name the line that is not JSON, or not an answer, counting blank lines', async () => {
    const path = join(await folder(), 'golden.jsonl');
    await writeFile(path, `${JSON.stringify(answer(0))}\n\nnot json\n`);
    await expect(readAnswers(path, 3)).rejects.toThrow(`${path}, line 3: not valid JSON.`);
    await writeFile(path, `${JSON.stringify(answer(0))}\n${JSON.stringify({ i: 1 })}\n`);
    await expect(readAnswers(path, 3)).rejects.toThrow(`${path}, line 2: not a recorded answer.`);
    await writeFile(path, `${JSON.stringify(answer(1))}\n${JSON.stringify(answer(3))}\n`);
    await expect(readAnswers(path, 3)).rejects.toThrow(`${path}, line 2: answer 3 is out of range.`);
  });

  it('are not read from a folder in their place: that error is not taken for "none yet"', async () => {
    const dir = await folder();
    await expect(readAnswers(dir, 3)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('go with their description when removed, and removing nothing is fine', async () => {
    const dir = await folder();
    const path = join(dir, 'golden.jsonl');
    await claimMeta(path, meta());
    await writeFile(path, `${JSON.stringify(answer(0))}\n`);
    await writeFile(join(dir, 'keep.jsonl'), '');
    await removeAnswers(path);
    expect(await readdir(dir)).toEqual(['keep.jsonl']);
    await expect(removeAnswers(path)).resolves.toBeUndefined();
  });
});

describe('scanning a data file', () => {
  it('counts lines cut between chunks, a last line without a newline, and characters cut between chunks', async () => {
    const text = '{"a":"é"}\n   \n{"b":2}\n{"c":3}';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(0xa9); // the second byte of é
    const written: number[] = [];
    const facts = await scanJsonl(
      chunksOf(bytes.subarray(0, cut), bytes.subarray(cut, 15), bytes.subarray(15)),
      'here',
      async (chunk) => written.push(chunk.length),
    );
    expect(facts).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      examples: 3,
    });
    expect(written).toEqual([cut, 15 - cut, bytes.length - 15]);
  });

  it('names the line that is not JSON, the last one too, and takes an empty stream as no examples', async () => {
    await expect(scanJsonl(chunksOf('{}\n\n{"a"\n'), 'the file')).rejects.toThrow(
      'the file, line 3: not valid JSON.',
    );
    await expect(scanJsonl(chunksOf('{}\n', '{'), 'the file')).rejects.toThrow(
      'the file, line 2: not valid JSON.',
    );
    expect(await scanJsonl(chunksOf(), 'x')).toMatchObject({ bytes: 0, examples: 0 });
  });

  it('takes bytes that are not UTF-8 inside a string as text (the provider decides), not as a fault', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]);
    expect(await scanJsonl(chunksOf(bytes), 'x')).toMatchObject({ bytes: 11, examples: 1 });
  });

  it('says a missing file or a folder in one line', async () => {
    const dir = await folder();
    await expect(factsOf(join(dir, 'none.jsonl'))).rejects.toThrow(
      `${join(dir, 'none.jsonl')}: no such file.`,
    );
    await expect(factsOf(dir)).rejects.toThrow(`${dir}: is a folder, not a data file.`);
  });
});

describe('placing a kept file', () => {
  it('writes a hidden temporary file beside the target, never over one there', async () => {
    const dir = await folder();
    const { path, handle } = await tempBeside(join(dir, 'training.jsonl'));
    await handle.close();
    expect(path.startsWith(join(dir, `.training.jsonl.${process.pid}.`))).toBe(true);
    expect(path.endsWith('.tmp')).toBe(true);
    await expect(tempBeside(join(dir, 'no-folder', 'x.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('numbers a name with no extension at its end, and goes on to -3 past a different -2', async () => {
    const dir = await folder();
    const put = async (name: string, text: string, wanted: string) => {
      await writeFile(join(dir, name), text);
      const sha = createHash('sha256').update(text).digest('hex');
      return placeWithoutOverwriting(join(dir, name), join(dir, wanted), sha);
    };
    expect(await put('a.tmp', '1\n', 'data')).toEqual({ path: join(dir, 'data'), reused: false });
    expect(await put('b.tmp', '2\n', 'data')).toEqual({ path: join(dir, 'data-2'), reused: false });
    expect(await put('c.tmp', '3\n', 'data')).toEqual({ path: join(dir, 'data-3'), reused: false });
    expect(await put('d.tmp', '2\n', 'data')).toEqual({ path: join(dir, 'data-2'), reused: true });
    expect((await readdir(dir)).sort()).toEqual(['data', 'data-2', 'data-3']);
  });

  it('goes past a file of that name that is not data at all', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'training.jsonl'), 'not json\n');
    await writeFile(join(dir, 't.tmp'), '{}\n');
    const sha = createHash('sha256').update('{}\n').digest('hex');
    expect(await placeWithoutOverwriting(join(dir, 't.tmp'), join(dir, 'training.jsonl'), sha)).toEqual({
      path: join(dir, 'training-2.jsonl'),
      reused: false,
    });
    expect(await readFile(join(dir, 'training.jsonl'), 'utf8')).toBe('not json\n');
  });

  it('removes the temporary file and says why when the target folder is gone', async () => {
    const dir = await folder();
    await writeFile(join(dir, 't.tmp'), '{}\n');
    await expect(
      placeWithoutOverwriting(join(dir, 't.tmp'), join(dir, 'gone', 'x.jsonl'), 'x'),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('what a local copy must match', () => {
  const facts = { sha256: 'a'.repeat(64), bytes: 10, examples: 3 };
  it('takes the range bounds themselves and refuses one past each', () => {
    expect(mismatch(facts, { kind: 'range', min: 3, max: 5, why: 'w' })).toBeNull();
    expect(mismatch(facts, { kind: 'range', min: 1, max: 3, why: 'w' })).toBeNull();
    expect(mismatch(facts, { kind: 'range', min: 4, max: 6, why: 'w' })).toBe(
      'it has 3 examples where the job had 4 to 6 (w)',
    );
    expect(mismatch(facts, { kind: 'range', min: 1, max: 2, why: 'w' })).toBe(
      'it has 3 examples where the job had 1 to 2 (w)',
    );
    expect(mismatch(facts, { kind: 'range', min: 2, max: 2, why: 'w' })).toBe(
      'it has 3 examples where the job had 2 (w)',
    );
  });

  it('holds an exact record to its count, and to its SHA-256 only when one was recorded', () => {
    expect(mismatch(facts, { kind: 'exact', examples: 3, sha256: null, why: 'm' })).toBeNull();
    expect(mismatch(facts, { kind: 'exact', examples: 4, sha256: null, why: 'm' })).toBe(
      'it has 3 examples where the job had 4 (m)',
    );
    expect(mismatch(facts, { kind: 'exact', examples: 3, sha256: 'b'.repeat(64), why: 'm' })).toBe(
      'its SHA-256 differs from the one recorded (m)',
    );
    expect(mismatch(facts, { kind: 'unknown', why: 'u' })).toBeNull();
  });

  it('keeps an identical copy once, and names a refused one with its role and reason', async () => {
    const dir = await folder();
    const mine = join(dir, 'mine.jsonl');
    await writeFile(mine, '{"a":1}\n');
    const into = join(dir, 'rescue');
    const first = await keepLocalFile(mine, 'validation', into, { kind: 'unknown', why: 'u' }, null);
    expect(first).toMatchObject({ path: join(into, 'validation.jsonl'), role: 'validation', reused: false });
    const again = await keepLocalFile(mine, 'validation', into, { kind: 'unknown', why: 'u' }, null);
    expect(again).toMatchObject({ path: join(into, 'validation.jsonl'), reused: true, fileId: null });
    expect(await readdir(into)).toEqual(['validation.jsonl']);
    await expect(
      keepLocalFile(mine, 'validation', into, { kind: 'exact', examples: 2, sha256: null, why: 'm' }, null),
    ).rejects.toThrow(`${mine} is not the job's validation file: it has 1 examples where the job had 2 (m).`);
  });
});

describe("a job's files and steps, from the provider", () => {
  // https://platform.openai.com/docs/api-reference/files/retrieve-contents and
  // https://platform.openai.com/docs/api-reference/fine-tuning/list-events (metrics carry total_steps).
  async function provider(events: unknown[], content = '{"a":1}\n{"a":2}\n') {
    const api = await startFakeApi((request, res) => {
      const path = request.url.pathname;
      if (path.endsWith('/events')) {
        if (events.length === 0) return sendError(res, 500, 'down');
        return sendJson(res, 200, { object: 'list', has_more: false, data: events });
      }
      if (path === '/v1/files/file-t/content') return void res.end(content);
      return sendError(res, 404, 'no');
    });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${api.origin}/v1`, maxRetries: 0 });
    return { api, client };
  }
  const job = (nEpochs: unknown, batchSize: unknown) =>
    ({ id: 'ftjob-1', hyperparameters: { nEpochs, batchSize } }) as unknown as SourceJob;
  const metrics = (total: unknown, type = 'metrics') => ({
    object: 'fine_tuning.job.event',
    id: 'e',
    created_at: 1,
    level: 'info',
    message: 'm',
    type,
    data: { total_steps: total },
  });

  it('count the training examples from steps per epoch and batch size', async () => {
    const { api, client } = await provider([
      metrics(7, 'message'),
      { ...metrics(7), data: null },
      metrics('7'),
      metrics(12),
    ]);
    try {
      expect(await expectedExamples(client, job(3, 4), 'training')).toEqual({
        kind: 'range',
        min: 13,
        max: 16,
        why: '4 steps per epoch of batch size 4',
      });
      expect(await expectedExamples(client, job(5, 4), 'training')).toMatchObject({ kind: 'unknown' });
      expect(await expectedExamples(client, job(3, 4), 'validation')).toMatchObject({ kind: 'unknown' });
      expect(await expectedExamples(client, job('auto', 4), 'training')).toEqual({
        kind: 'unknown',
        why: 'the job does not state its epochs and batch size',
      });
      expect(await expectedExamples(client, job(3, 'auto'), 'training')).toMatchObject({ kind: 'unknown' });
      // The newest page of 100 events is read, once for each job asked about with its epochs.
      const asked = api.requests.filter((r) => r.url.pathname.endsWith('/events'));
      expect(asked.map((r) => r.url.searchParams.get('limit'))).toEqual(['100', '100']);
    } finally {
      await api.close();
    }
  });

  it('say nothing when no event counts steps or the events cannot be read', async () => {
    for (const events of [[metrics(12, 'message')], []]) {
      const { api, client } = await provider(events);
      try {
        expect(await expectedExamples(client, job(3, 4), 'training')).toEqual({
          kind: 'unknown',
          why: 'the job reports no steps to count examples from',
        });
      } finally {
        await api.close();
      }
    }
  });

  it('download a file of the size listed, and refuse one that arrives short, leaving nothing', async () => {
    const { api, client } = await provider([]);
    try {
      const dir = join(await folder(), 'rescue');
      const file = { id: 'file-t', bytes: 16 } as Parameters<typeof downloadFile>[1];
      const kept = await downloadFile(client, file, 'training', dir);
      expect(kept).toMatchObject({ path: join(dir, 'training.jsonl'), examples: 2, origin: 'downloaded' });
      expect(await readFile(kept.path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
      await rm(kept.path);
      await expect(downloadFile(client, { ...file, bytes: 17 }, 'training', dir)).rejects.toThrow(
        'the training file file-t arrived with 16 bytes where the provider lists 17: download it again.',
      );
      expect(await readdir(dir)).toEqual([]);
      await expect(downloadFile(client, { ...file, id: 'file-x' }, 'training', dir)).rejects.toThrow();
      expect(await readdir(dir)).toEqual([]);
      api.setHandler((_, res) => void res.end('{"a":1}\nnot json\n'));
      await expect(downloadFile(client, { ...file, bytes: null }, 'validation', dir)).rejects.toThrow(
        'validation file file-t, line 2: not valid JSON.',
      );
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe('the inputs of a golden set', () => {
  it('sample the same examples for the same seed, others for another, and a seed of 0 works', () => {
    const seen = new Set([1, 2, 3, 4, 5].map((seed) => sampleIndices(50, 5, seed).join(',')));
    expect(seen.size).toBeGreaterThan(3);
    expect(sampleIndices(50, 5, 0)).toHaveLength(5);
    expect(new Set(sampleIndices(50, 50, 9)).size).toBe(50);
    expect(sampleIndices(3, 0, 1)).toEqual([]);
  });

  it('are every example of a validation or given file, a sample of training data, or a one-line refusal', async () => {
    const dir = await folder();
    const path = join(dir, 'v.jsonl');
    const lines = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ prompt: `q${i}`, completion: ` a${i}` }),
    );
    await writeFile(path, `${lines.join('\n')}\n`);
    const sha256 = (await factsOf(path)).sha256;
    const all = await goldenExamples({ how: 'validation', path });
    expect(all.sha256).toBe(sha256);
    expect(all.examples).toHaveLength(6);
    expect((await goldenExamples({ how: 'file', path })).examples).toHaveLength(6);
    const sample = await goldenExamples({ how: 'sample', path, count: 2, seed: 3 });
    expect(sample.examples.map((e) => e.expected)).toEqual(sampleIndices(6, 2, 3).map((i) => ` a${i}`));
    await expect(goldenExamples({ how: 'file', path: join(dir, 'none.jsonl') })).rejects.toThrow(
      `${join(dir, 'none.jsonl')}: no such file.`,
    );
  });

  it('are asked as the kept training data shows when no record knows the model', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'home'));
    const env = { FINE_TUNE_HOME: join(dir, 'home') };
    const pc = join(dir, 'pc.jsonl');
    const pcLines = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ prompt: `question ${i}\n\n###\n\n`, completion: ` answer ${i} END` }),
    );
    await writeFile(pc, `${pcLines.join('\n')}\n`);
    const fromData = await sourceFormat('ft:davinci-002:x', pc, 'completions', env);
    expect(fromData).toMatchObject({ endpoint: 'completions', separator: '\n\n###\n\n', stop: [' END'] });
    const none = await sourceFormat('ft:davinci-002:x', null, 'completions', env);
    expect(none).toMatchObject({ endpoint: 'completions', separator: '', stop: [] });
  });
});
