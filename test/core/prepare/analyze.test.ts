import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classificationOf } from '../../../src/core/prepare/analyze.js';
import { analyzeFile, analyzeFileLate, withTokens, type Analysis } from '../../../src/core/prepare/index.js';
import type { PriceTable } from '../../../src/core/prices.js';
import { countTextTokens, encodingForModel } from '../../../src/core/tokens.js';
import { cleanRows, ids, writeRows } from './helpers.js';

// The analysis as a caller gets it: what a file that cannot be read, a chat file, a spreadsheet and a
// prompt/completion file each give back, and the token figures filled in before or after writing.

const FAST = { deferTokens: true, quality: false } as const;

/** A price table of one model, at a price no built-in one has. */
const PRICES: PriceTable = { asOf: '2031-01-01', source: 'test', training: { 'babbage-002': 1000 } };

async function fileOf(name: string, text: string): Promise<string> {
  const path = join(dirname(await writeRows([])), name);
  await writeFile(path, text);
  return path;
}

/** Tokens of a prompt/completion pair as the analysis counts them. */
function tokensOf(prompt: string, completion: string, model = 'davinci-002'): number {
  const encoding = encodingForModel(model);
  return countTextTokens(prompt, encoding) + countTextTokens(completion, encoding);
}

describe('an analysis that stops before reading a row', () => {
  it('names the path, the default model and the column map, with no plan, when the file is missing', async () => {
    const path = join(dirname(await writeRows([])), 'missing.jsonl');
    const analysis = await analyzeFile(path, { columnMap: { prompt: 'q' } });
    expect(analysis).toEqual({
      input: path,
      format: 'jsonl',
      delimiter: null,
      dataFormat: 'prompt-completion',
      positionLabel: 'line',
      columns: [],
      examples: 0,
      taskType: null,
      error: { id: 'file-not-found', message: expect.stringContaining(`${path}: no such file`) as string },
      findings: [],
      classification: null,
      tokens: null,
      estimate: null,
      separator: null,
      stop: null,
      model: 'davinci-002',
      columnMap: { prompt: 'q' },
      plan: null,
    });
    expect('position' in (analysis.error ?? {})).toBe(false);
    expect((await analyzeFile(path, { model: 'babbage-002' })).model).toBe('babbage-002');
    expect((await analyzeFileLate(path)).completed).toBeNull();
  });

  it('keeps what was read of the file when a later line fails: its format, notes and the line', async () => {
    const path = await fileOf('lines.json', '{"prompt":"a","completion":"b"}\n{"prompt":"a",\n');
    const analysis = await analyzeFile(path, { model: 'babbage-002' });
    expect(analysis).toMatchObject({
      input: path,
      format: 'json',
      positionLabel: 'line',
      examples: 0,
      model: 'babbage-002',
      columnMap: {},
      plan: null,
      error: { id: 'invalid-file', position: 2 },
    });
    expect(analysis.error?.message).toMatch(new RegExp(`^${path}: line 2 is not valid JSON`));
    expect(ids(analysis)).toEqual(['json-lines']);
    expect(analysis.findings[0]?.kind).toBe('info');
    const late = await analyzeFileLate(path);
    expect(late.analysis.error?.id).toBe('invalid-file');
    expect(late.completed).toBeNull();
  });

  it('stops on the table checks with the counts read and no task, keeping the file facts', async () => {
    const path = await fileOf('only-prompts.csv', 'prompt,other\nhello,1\nworld,2\n');
    const analysis = await analyzeFile(path, { ...FAST, prices: PRICES });
    expect(analysis.error?.id).toBe('missing-column');
    expect(analysis).toMatchObject({
      format: 'csv',
      delimiter: ',',
      positionLabel: 'row',
      taskType: null,
      classification: null,
      tokens: null,
      estimate: null,
      separator: null,
      stop: null,
      plan: null,
      prices: PRICES,
      firstRow: {
        fields: [expect.objectContaining({ text: 'hello' }), expect.objectContaining({ text: '1' })],
      },
    });
    expect(analysis.examples).toBe(0);
    expect(analysis.columns).toEqual(['prompt', 'other']);
  });

  it('has no first row when the file has no row', async () => {
    const analysis = await analyzeFile(await fileOf('empty.jsonl', ''), FAST);
    expect(analysis.error).not.toBeNull();
    expect('firstRow' in analysis).toBe(false);
  });

  it('puts the file name before a text check that stops the analysis', async () => {
    const path = await writeRows([
      { prompt: 'same', completion: 'a b' },
      { prompt: 'same', completion: 'c d' },
    ]);
    const analysis = await analyzeFile(path, FAST);
    expect(analysis.error?.id).toBe('identical-prompts');
    if (analysis.error === null) throw new Error(`no error: ${ids(analysis).join(', ')}`);
    expect(analysis.error.message.startsWith(`${path}: `)).toBe(true);
    expect(analysis.plan).toBeNull();
    expect(analysis.taskType).toBeNull();
  });
});

describe('a prompt/completion analysis', () => {
  it('counts the tokens of every row on small files, with the model and prices asked for', async () => {
    const rows = cleanRows(3);
    const path = await writeRows(rows);
    const analysis = await analyzeFile(path, { quality: false, model: 'babbage-002', prices: PRICES });
    const counts = rows.map((r) => tokensOf(r.prompt, r.completion, 'babbage-002'));
    expect(analysis.tokens).toMatchObject({ examples: 3, sum: counts.reduce((a, b) => a + b, 0) });
    expect(analysis.estimate).toMatchObject({
      model: 'babbage-002',
      pricePerMillion: 1000,
      priceAsOf: '2031-01-01',
    });
    expect(analysis.prices).toEqual(PRICES);
    expect(analysis.model).toBe('babbage-002');
    const plain = await analyzeFile(path, { quality: false });
    expect(plain.model).toBe('davinci-002');
    expect(plain.estimate?.pricePerMillion).toBe(6);
    expect('prices' in plain).toBe(false);
  });

  it('leaves the tokens to withTokens when deferred, which counts the same', async () => {
    const path = await writeRows(cleanRows(4));
    const deferred = await analyzeFile(path, FAST);
    expect(deferred.tokens).toBeNull();
    expect(deferred.estimate).toBeNull();
    const counted = await withTokens(deferred, { here: true });
    const direct = await analyzeFile(path, { quality: false });
    expect(counted.tokens).toEqual(direct.tokens);
    expect(counted.estimate).toEqual(direct.estimate);
    // Already counted and nothing written: the same analysis.
    expect(await withTokens(direct)).toBe(direct);
    // Already counted, then written: counted again, of the rows written.
    const decisions = { accepted: new Set<string>(), split: false, dropped: new Set([1, 2]) };
    const written = await withTokens(direct, { here: true, written: { decisions, examples: 2, trained: 2 } });
    const rows = cleanRows(4).slice(2);
    expect(written.tokens?.sum).toBe(rows.reduce((n, r) => n + tokensOf(r.prompt, r.completion), 0));
    // An analysis that stopped has nothing to count.
    const stopped = await analyzeFile(join(dirname(path), 'nowhere.jsonl'), FAST);
    expect(await withTokens(stopped)).toBe(stopped);
  });

  it('gives the plan of the fixes, the inference separator and stop, and the columns read', async () => {
    const path = await writeRows([
      { question: 'Q: one', answer: ' A: x' },
      { question: 'Q: two', answer: ' A: y' },
      { question: 'Q: one', answer: ' A: x' },
    ]);
    const analysis = await analyzeFile(path, {
      ...FAST,
      columnMap: { prompt: 'question', completion: 'answer' },
    });
    expect(analysis.error).toBeNull();
    expect(analysis.columnMap).toEqual({ prompt: 'question', completion: 'answer' });
    expect(analysis.columns).toEqual(['question', 'answer']);
    expect(analysis.examples).toBe(3);
    expect(analysis.taskType).not.toBeNull();
    expect(analysis.firstRow).toEqual({
      fields: [
        { label: 'question', text: 'Q: one' },
        { label: 'answer', text: ' A: x' },
      ],
    });
    const plan = analysis.plan;
    if (plan?.kind !== 'prompt-completion') throw new Error('no prompt/completion plan');
    expect(plan.promptColumn).toBe('question');
    expect(plan.completionColumn).toBe('answer');
    expect([...plan.duplicates]).toEqual([3]);
    expect(plan.rows).toBe(3);
    expect(plan.tokenSample.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(plan.promptPrefixLength).toBe(3);
    expect(plan.completionPrefixLength).toBe(4);
    expect(plan.completionPrefixSpace).toBe(true);
    expect([plan.separator, plan.ending]).toEqual([' ->', '\n']);
    expect([analysis.separator, analysis.stop]).toEqual([' ->', '\n']);
  });

  it('names the positive class of two classes, and none of one or three', async () => {
    const rows = (labels: string[]) =>
      labels.map((label, i) => ({ prompt: `text number ${i} ->`, completion: label }));
    const labels = [' no', ' yes', ' yes', ' no', ' yes', ' no', ' yes', ' yes', ' no'];
    const two = await analyzeFile(await writeRows(rows(labels)), FAST);
    expect(two.taskType).toBe('classification');
    expect(two.classification).toEqual({ nClasses: 2, positiveClass: ' yes' });
    const three = await analyzeFile(
      await writeRows(rows(Array.from({ length: 12 }, (_, i) => [' no', ' yes', ' maybe'][i % 3] ?? ''))),
      FAST,
    );
    expect(three.taskType).toBe('classification');
    expect(three.classification).toEqual({ nClasses: 3, positiveClass: null });
    const open = await analyzeFile(await writeRows(cleanRows(5)), FAST);
    expect(open.classification).toBeNull();
  });

  it('reports the bytes read as it reads', async () => {
    const path = await writeRows(cleanRows(20));
    const seen: Array<{ bytesRead: number; totalBytes: number }> = [];
    const analysis = await analyzeFile(path, { ...FAST, onProgress: (p) => seen.push(p) });
    expect(analysis.examples).toBe(20);
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1);
    expect(last?.bytesRead).toBe(last?.totalBytes);
  });
});

describe('classificationOf', () => {
  it('names the most frequent of two classes, ties to the first seen', () => {
    expect(
      classificationOf(
        2,
        new Map([
          ['a', 1],
          ['b', 3],
        ]),
      ),
    ).toEqual({ nClasses: 2, positiveClass: 'b' });
    expect(
      classificationOf(
        2,
        new Map([
          ['a', 3],
          ['b', 1],
        ]),
      ),
    ).toEqual({ nClasses: 2, positiveClass: 'a' });
    expect(
      classificationOf(
        2,
        new Map([
          ['a', 2],
          ['b', 2],
        ]),
      ),
    ).toEqual({ nClasses: 2, positiveClass: 'a' });
    expect(
      classificationOf(
        2,
        new Map([
          ['a', 0],
          ['b', 0],
        ]),
      ),
    ).toEqual({ nClasses: 2, positiveClass: 'a' });
  });

  it('names none with other than two classes or no counts', () => {
    expect(
      classificationOf(
        3,
        new Map([
          ['a', 1],
          ['b', 3],
          ['c', 1],
        ]),
      ),
    ).toEqual({ nClasses: 3, positiveClass: null });
    expect(classificationOf(1, new Map([['a', 1]]))).toEqual({ nClasses: 1, positiveClass: null });
    expect(classificationOf(2, null)).toEqual({ nClasses: 2, positiveClass: null });
  });
});

describe('a chat analysis', () => {
  const chat = (user: string, assistant: string) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: user },
        { role: 'assistant', content: assistant },
      ],
    });

  it('stops with every reason, the first line at fault first, when no line is a valid example', async () => {
    const path = await fileOf(
      'bad-chat.jsonl',
      [
        '{"messages": []}',
        '{"messages":[{"role":"user","content":"q"}]}',
        '{"messages":[{"role":"bot","content":"q"},{"role":"assistant","content":"a"}]}',
      ].join('\n') + '\n',
    );
    const analysis = await analyzeFile(path, FAST);
    expect(analysis.dataFormat).toBe('chat');
    expect(analysis.examples).toBe(3);
    expect(analysis.error).toEqual({
      id: 'no-examples',
      message:
        `${path}: no valid examples: Line 1 has no "messages" list, or an empty one. ` +
        'Line 2 has no assistant message, so there is nothing to learn. ' +
        'Line 3 has a role other than system, developer, user, assistant, tool or function ("bot").',
      position: 1,
    });
    expect(analysis.plan?.kind).toBe('chat');
  });

  it('counts the tokens of valid chat data for the model asked for, with its prices', async () => {
    const path = await fileOf(
      'chat.jsonl',
      [chat('hello', 'hi there'), chat('東京の天気はどうですか', 'Привет, как дела?')].join('\n') + '\n',
    );
    const analysis = await analyzeFile(path, { model: 'babbage-002', prices: PRICES, quality: false });
    expect(analysis).toMatchObject({
      input: path,
      format: 'jsonl',
      delimiter: null,
      dataFormat: 'chat',
      positionLabel: 'line',
      columns: [],
      examples: 2,
      taskType: null,
      error: null,
      classification: null,
      separator: null,
      stop: null,
      model: 'babbage-002',
      columnMap: {},
      prices: PRICES,
    });
    expect(analysis.tokens?.examples).toBe(2);
    // Counted with the model's encoding: 3 tokens a message besides its role and text, 3 to prime the reply.
    const encoding = encodingForModel('babbage-002');
    const count = (t: string) => countTextTokens(t, encoding);
    const example = (q: string, a: string) =>
      3 + count('user') + count(q) + 3 + count('assistant') + count(a) + 3;
    expect(analysis.tokens?.sum).toBe(
      example('hello', 'hi there') + example('東京の天気はどうですか', 'Привет, как дела?'),
    );
    expect(analysis.estimate).toMatchObject({ model: 'babbage-002', pricePerMillion: 1000 });
    expect(analysis.plan).toMatchObject({ kind: 'chat' });
    expect(analysis.plan && 'quality' in analysis.plan).toBe(false);
    const plain = await analyzeFile(path, { quality: false });
    expect(plain.model).toBe('gpt-4o-mini-2024-07-18');
    // Its own encoding counts these texts in fewer tokens.
    expect(plain.tokens?.sum).toBeLessThan(analysis.tokens?.sum ?? 0);
    expect('prices' in plain).toBe(false);
  });

  it('scales the chat tokens to the examples written', async () => {
    const lines = Array.from({ length: 4 }, (_, i) => chat(`question ${i}`, `answer ${i}`));
    const analysis = await analyzeFile(await fileOf('chat4.jsonl', lines.join('\n') + '\n'), {
      quality: false,
      prices: PRICES,
      model: 'babbage-002',
    });
    const tokens = analysis.tokens;
    if (tokens === null) throw new Error('no tokens');
    const decisions = { accepted: new Set<string>(), split: false };
    const half = await withTokens(analysis, { written: { decisions, examples: 2, trained: 2 } });
    expect(half.tokens?.examples).toBe(2);
    expect(half.tokens?.sum).toBe(Math.round(tokens.sum / 2));
    expect(half.estimate).toMatchObject({ model: 'babbage-002', pricePerMillion: 1000 });
    expect(half.estimate?.billedTokens).toBeLessThan(analysis.estimate?.billedTokens ?? 0);
    expect(await withTokens(analysis)).toBe(analysis);
    const none: Analysis = { ...analysis, tokens: null };
    expect(await withTokens(none, { written: { decisions, examples: 2, trained: 2 } })).toBe(none);
  });
});

describe('withTokens after writing', () => {
  it('counts the rows as written: fixes applied, removed rows left out, the training file priced', async () => {
    const rows = [
      { prompt: 'first question', completion: 'one' },
      { prompt: 'second question', completion: 'two' },
      { prompt: 'third question', completion: 'three' },
    ];
    const analysis = await analyzeFile(await writeRows(rows), {
      ...FAST,
      prices: PRICES,
      model: 'babbage-002',
    });
    const accepted = new Set(['completion-ending']);
    expect(ids(analysis, 'optional')).toContain('completion-ending');
    const plan = analysis.plan;
    if (plan?.kind !== 'prompt-completion') throw new Error('no plan');
    const decisions = { accepted, split: false, dropped: new Set([2]) };
    const written = await withTokens(analysis, {
      here: true,
      written: { decisions, examples: 2, trained: 1 },
    });
    const expected = [rows[0], rows[2]].map((r) =>
      tokensOf(r?.prompt ?? '', `${r?.completion ?? ''}${plan.ending}`, 'babbage-002'),
    );
    expect(written.tokens).toMatchObject({ examples: 2, sum: expected[0]! + expected[1]! });
    // The estimate is of the training file's one example.
    expect(written.estimate?.billedTokens).toBe(
      (written.estimate?.epochs ?? 0) * Math.round((expected[0]! + expected[1]!) / 2),
    );
    expect(written.estimate?.pricePerMillion).toBe(1000);
  });
});

describe('an analysis that does not end as it began', () => {
  it('throws when stopped, instead of calling the stop a data problem', async () => {
    const path = await writeRows(cleanRows(5));
    const stop = new AbortController();
    stop.abort(new Error('stopped by the user'));
    await expect(analyzeFile(path, { ...FAST, signal: stop.signal })).rejects.toThrow('stopped by the user');
  });

  it('throws when stopped while reading a CSV file', async () => {
    const path = await fileOf('stop.csv', 'prompt,completion\na,b\nc,d\n');
    const stop = new AbortController();
    stop.abort(new Error('stopped while reading'));
    await expect(analyzeFile(path, { ...FAST, signal: stop.signal })).rejects.toThrow(
      'stopped while reading',
    );
  });

  it('keeps the format, delimiter and rows of a CSV file that fails half-way', async () => {
    const path = await fileOf('half.csv', 'prompt,completion\na,b\n"c,d\n');
    const analysis = await analyzeFile(path, FAST);
    expect(analysis).toMatchObject({
      input: path,
      format: 'csv',
      delimiter: ',',
      positionLabel: 'row',
      columns: [],
      findings: [],
      plan: null,
      error: { id: 'invalid-file', position: 3, message: `${path}: row 3: a quoted cell is never closed` },
    });
  });

  it('reads the file again when a column seen late changes which column is the prompt', async () => {
    const path = await writeRows([
      { Prompt: 'upper one', completion: ' a' },
      { Prompt: 'upper two', completion: ' b' },
      { prompt: 'lower three', completion: ' c', Prompt: 'upper three' },
    ]);
    const analysis = await analyzeFile(path, FAST);
    const plan = analysis.plan;
    if (plan?.kind !== 'prompt-completion') throw new Error('no plan');
    // Read again under "prompt": the rows without it have an empty prompt, not their "Prompt".
    expect(plan.promptColumn).toBe('prompt');
    expect(analysis.examples).toBe(3);
    expect(plan.tokenSample.map((r) => r.prompt)).toEqual(['', '', 'lower three']);
  });

  it('keeps the sheet a spreadsheet was read from', async () => {
    const analysis = await analyzeFile('test/fixtures/prepare/prefix.xlsx', FAST);
    expect(analysis.format).toBe('xlsx');
    expect(typeof analysis.sheet).toBe('string');
    const named = await analyzeFile('test/fixtures/prepare/prefix.xlsx', { ...FAST, sheet: '1' });
    expect(named.sheet).toBe(analysis.sheet);
    const missing = await analyzeFile('test/fixtures/prepare/prefix.xlsx', { ...FAST, sheet: 'nowhere' });
    expect(missing.error).not.toBeNull();
    expect('sheet' in missing).toBe(false);
    expect((await analyzeFile(await writeRows(cleanRows(2)), FAST)).sheet).toBeUndefined();
  });
});

describe('the late quality checks', () => {
  const rows = () => [
    ...cleanRows(20),
    { prompt: 'How do I reset my password?', completion: ' Use the reset link.\n' },
    { prompt: 'how do i reset my password', completion: ' Use the reset link.\n' },
    { prompt: 'How do I reset my PASSWORD!', completion: ' Call support.\n' },
  ];

  it('give the analysis first without their findings, then with them', async () => {
    const path = await writeRows(rows());
    const { analysis, completed } = await analyzeFileLate(path, { deferTokens: true, quality: true });
    expect(ids(analysis)).not.toContain('conflicting-labels');
    expect(analysis.plan && 'quality' in analysis.plan).toBe(false);
    const done = await completed;
    expect(ids(done as Analysis)).toContain('conflicting-labels');
    expect(done?.plan && 'quality' in done.plan).toBe(true);
    // The same as checks run first.
    const first = await analyzeFile(path, { deferTokens: true, quality: true });
    expect(ids(done as Analysis)).toEqual(ids(first));
  });

  it('end as the analysis when the checks are off, and are not late for chat data', async () => {
    const path = await writeRows(rows());
    const off = await analyzeFileLate(path, { deferTokens: true, quality: false });
    expect(await off.completed).toEqual(off.analysis);
    const chat = await analyzeFileLate('test/fixtures/chat/preference.jsonl', FAST);
    expect(chat.analysis.dataFormat).toBe('preference');
    expect(chat.completed).toBeNull();
  });
});

describe('withTokens of rows as written', () => {
  it('walks the sample in file order, so the removed copies are the later ones', async () => {
    const rows = [
      { prompt: 'a short one', completion: 'x' },
      { prompt: 'a much longer prompt than the others, by far', completion: 'y' },
      { prompt: 'a short one', completion: 'x' },
      { prompt: 'middle prompt here', completion: 'z' },
    ];
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const plan = analysis.plan;
    if (plan?.kind !== 'prompt-completion') throw new Error('no plan');
    expect([...plan.duplicates]).toEqual([3]);
    // A big file's sample is drawn at random: not in file order.
    const shuffled: Analysis = {
      ...analysis,
      plan: { ...plan, tokenSample: [...plan.tokenSample].reverse() },
    };
    const decisions = { accepted: new Set(['duplicates']), split: false };
    const written = await withTokens(shuffled, {
      here: true,
      written: { decisions, examples: 3, trained: 3 },
    });
    const kept = [rows[0], rows[1], rows[3]].map((r) => tokensOf(r?.prompt ?? '', r?.completion ?? ''));
    expect(written.tokens?.sum).toBe(kept.reduce((a, b) => a + b, 0));
  });

  it('counts the labels chosen row by row', async () => {
    const rows = [
      { prompt: 'first ->', completion: ' no' },
      { prompt: 'second ->', completion: ' yes' },
    ];
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const label = ' a much longer label than before, of many tokens';
    const decisions = { accepted: new Set<string>(), split: false, relabel: new Map([[2, label]]) };
    const written = await withTokens(analysis, {
      here: true,
      written: { decisions, examples: 2, trained: 2 },
    });
    expect(written.tokens?.sum).toBe(tokensOf('first ->', ' no') + tokensOf('second ->', label));
  });
});

describe('the quality checks of chat data', () => {
  const chat = (user: string, assistant: string, system?: string) => ({
    messages: [
      ...(system === undefined ? [] : [{ role: 'system', content: system }]),
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });
  const lines = (system?: string) => [
    ...Array.from({ length: 12 }, (_, i) => chat(`question ${i} about item ${i * 7}`, `answer ${i}`, system)),
    chat('How do I reset my password?', 'Use the reset link.', system),
    chat('how do i reset my password', 'Call support.', system),
    chat('How do I reset my password', 'Use the reset link.', system),
    { messages: [] },
  ];

  it('come after the fixes that remove examples and before the system message, with their plan', async () => {
    // On unless turned off.
    const analysis = await analyzeFile(await writeRows(lines()), { deferTokens: true });
    expect(ids(analysis)).toEqual([
      'example-count',
      'missing-messages',
      'remove-invalid-examples',
      'few-examples',
      'conflicting-labels',
      'add-system-message',
    ]);
    const plan = analysis.plan;
    if (plan?.kind !== 'chat') throw new Error('no chat plan');
    expect([...(plan.quality?.conflicting ?? [])]).toEqual([[14, 'Use the reset link.']]);
  });

  it('come last when every example has its system message, and not at all when turned off', async () => {
    const path = await writeRows(lines('You answer support questions.'));
    const analysis = await analyzeFile(path, { deferTokens: true, quality: true });
    expect(ids(analysis).at(-1)).toBe('conflicting-labels');
    expect(ids(analysis)).not.toContain('add-system-message');
    const off = await analyzeFile(path, { deferTokens: true, quality: false });
    expect(ids(off)).toEqual(ids(analysis).filter((id) => id !== 'conflicting-labels'));
    expect(off.plan && 'quality' in off.plan).toBe(false);
  });

  it('do not run on data without a valid example, nor on preference data', async () => {
    const invalid = await writeRows([{ messages: [] }, { messages: [{ role: 'user', content: 'q' }] }]);
    const none = await analyzeFile(invalid, { deferTokens: true, quality: true });
    expect(none.error?.id).toBe('no-examples');
    expect(none.plan && 'quality' in none.plan).toBe(false);
    const preference = await analyzeFile('test/fixtures/chat/preference.jsonl', {
      deferTokens: true,
      quality: true,
    });
    expect(preference.plan && 'quality' in preference.plan).toBe(false);
  });
});
