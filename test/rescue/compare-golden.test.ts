import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryFormat } from '../../src/api/completions-format.js';
import type { AnswerLine, AnswersMeta } from '../../src/rescue/answers-file.js';
import { candidateExample, compareWithGolden, readGoldenSet, slugOf } from '../../src/rescue/compare.js';
import { sendJson, startFakeApi, type FakeApi } from '../api/fake-api.js';

// The comparison on golden sets written by hand: prompt/completion inputs (a completion model's
// golden set) asked of a chat model and of a completion model, against a server answering both
// endpoints as OpenAI's reference says (https://platform.openai.com/docs/api-reference/completions/object,
// https://platform.openai.com/docs/api-reference/chat/object). The new model answers "yes" to everything.
let api: FakeApi;
let client: OpenAI;
let dir: string;
let n = 0;
const seen: Array<{ path: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-compare-'));
  api = await startFakeApi((request, res) => {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    seen.push({ path: request.url.pathname, body });
    const usage = { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 };
    if (request.url.pathname === '/v1/completions') {
      return sendJson(res, 200, {
        id: 'cmpl-1',
        object: 'text_completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, text: ' yes', finish_reason: 'stop', logprobs: null }],
        usage,
      });
    }
    sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'yes' }, finish_reason: 'stop' }],
      usage,
    });
  });
  client = new OpenAI({ apiKey: 'sk-test-compare', baseURL: `${api.origin}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const META: AnswersMeta = {
  model: 'davinci-002-old',
  provider: 'openai',
  endpoint: 'completions',
  separator: ' ->',
  stop: ['\n'],
  systemPrompt: null,
  temperature: 0,
  maxTokens: 4,
  source: { path: '/data/v.jsonl', sha256: 'abc', how: 'validation' },
  total: 3,
  startedAt: '2026-12-07T00:00:00.000Z',
};

/** A rescue folder holding a golden set: `lines` in the order given (the file need not be sorted). */
async function golden(lines: AnswerLine[], meta: Partial<AnswersMeta> = {}): Promise<string> {
  const folder = join(dir, `r-${++n}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'golden.meta.json'), JSON.stringify({ ...META, ...meta }));
  await writeFile(join(folder, 'golden.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return folder;
}

const line = (i: number, prompt: string, answer: string, expected?: string): AnswerLine => ({
  i,
  prompt,
  ...(expected === undefined ? {} : { expected }),
  answer,
  usage: null,
});

describe('file names for a model', () => {
  it('drop ft:, turn runs of other characters into one dash, trim dashes, keep 80 characters', () => {
    expect(slugOf('ft:gpt-4o-mini-2024-07-18:acme:support:AbC123')).toBe(
      'gpt-4o-mini-2024-07-18-acme-support-AbC123',
    );
    expect(slugOf('ft::my model//v1.2_x::')).toBe('my-model-v1.2_x');
    expect(slugOf('--a--')).toBe('a');
    expect(slugOf('x'.repeat(100))).toBe('x'.repeat(80));
    expect(slugOf('gpt:ft:a')).toBe('gpt-ft-a');
  });
});

describe('the golden set as read back', () => {
  it('is in input order, whatever order the answers arrived in', async () => {
    const folder = await golden([line(2, 'c ->', 'no'), line(0, 'a ->', 'yes')]);
    const read = await readGoldenSet(folder);
    expect(read.lines.map((l) => l.i)).toEqual([0, 2]);
    expect(read.meta.model).toBe('davinci-002-old');
    expect(read.path).toBe(join(folder, 'golden.jsonl'));
  });

  it('is refused when it has no answers yet', async () => {
    const folder = await golden([]);
    await expect(readGoldenSet(folder)).rejects.toThrow(
      `${join(folder, 'golden.jsonl')}: the golden set has no answers yet.`,
    );
  });
});

describe('a golden input as the new model is asked it', () => {
  const chatLine: AnswerLine = {
    i: 0,
    messages: [{ role: 'user', content: 'hi' }],
    expected: 'hello',
    answer: 'hello',
    usage: null,
  };

  it('a conversation goes to a chat model as it is, and is refused by a completion model', () => {
    expect(candidateExample(chatLine, META, 'chat')).toEqual({
      endpoint: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      expected: 'hello',
    });
    expect(() => candidateExample(chatLine, META, 'completions')).toThrow(
      'a completion model cannot be asked chat conversations: choose a chat model.',
    );
  });

  it('a prompt goes to a completion model as it is, to a chat model as a user message without the separator', () => {
    const prompt = line(1, 'is it late? ->', ' yes', ' yes');
    expect(candidateExample(prompt, META, 'completions')).toEqual({
      endpoint: 'completions',
      prompt: 'is it late? ->',
      expected: ' yes',
    });
    expect(candidateExample(prompt, META, 'chat')).toEqual({
      endpoint: 'chat',
      messages: [{ role: 'user', content: 'is it late?' }],
      expected: ' yes',
    });
    // No separator recorded: the prompt is the message; no expected answer: an empty one.
    expect(candidateExample(line(2, 'plain ->', 'x'), { ...META, separator: '' }, 'chat')).toEqual({
      endpoint: 'chat',
      messages: [{ role: 'user', content: 'plain ->' }],
      expected: '',
    });
  });
});

describe('comparing a completion model’s golden set', () => {
  const format = (endpoint: QueryFormat['endpoint']): QueryFormat => ({
    endpoint,
    separator: endpoint === 'completions' ? ' ->' : '',
    stop: [],
    systemPrompt: null,
  });

  it('asks a chat model the prompts as messages and shows each flipped input without its separator', async () => {
    const folder = await golden([
      line(0, 'is it late? ->', ' yes', ' yes'),
      line(1, 'is it paid? ->', ' no', ' no'),
      line(2, 'no separator here', ' no', ' no'),
    ]);
    seen.length = 0;
    const { report } = await compareWithGolden({
      client,
      provider: 'openai',
      model: 'ft:gpt-4o-mini:new',
      format: format('chat'),
      folder,
    });
    expect(seen.map((s) => s.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
    expect(report.agreement).toMatchObject({ n: 3, agreed: 1 });
    expect(report.flips).toEqual([
      { i: 1, input: 'is it paid?', expected: ' no', golden: ' no', candidate: 'yes' },
      { i: 2, input: 'no separator here', expected: ' no', golden: ' no', candidate: 'yes' },
    ]);
    // The answers file says how they were asked, and of which golden inputs.
    const meta = JSON.parse(
      await readFile(join(folder, 'answers-gpt-4o-mini-new.meta.json'), 'utf8'),
    ) as AnswersMeta;
    expect(meta).toMatchObject({
      model: 'ft:gpt-4o-mini:new',
      endpoint: 'chat',
      maxTokens: 4,
      total: 3,
      source: { path: join(folder, 'golden.jsonl'), how: 'golden' },
    });
    expect(meta.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks a completion model the prompts as they are; a golden set cut short is compared as far as it goes', async () => {
    const folder = await golden([line(0, 'is it late? ->', ' yes'), line(1, 'is it paid? ->', ' no')]);
    seen.length = 0;
    const { report } = await compareWithGolden({
      client,
      provider: 'openai',
      model: 'babbage-new',
      format: format('completions'),
      folder,
    });
    expect(seen.map((s) => [s.path, s.body.prompt])).toEqual([
      ['/v1/completions', 'is it late? ->'],
      ['/v1/completions', 'is it paid? ->'],
    ]);
    expect(report).toMatchObject({ n: 2, goldenTotal: 3 });
    expect(report.flips).toEqual([
      { i: 1, input: 'is it paid?', expected: null, golden: ' no', candidate: ' yes' },
    ]);
  });

  it('shows a flipped prompt whole when the golden set was recorded without a separator', async () => {
    const folder = await golden([line(0, 'is it late?', ' no', ' no')], { separator: '', total: 1 });
    const { report } = await compareWithGolden({
      client,
      provider: 'openai',
      model: 'babbage-new',
      format: { ...format('completions'), separator: '' },
      folder,
    });
    expect(report.flips).toEqual([
      { i: 0, input: 'is it late?', expected: ' no', golden: ' no', candidate: ' yes' },
    ]);
  });

  it('asks the old model again the way its golden set was asked (its endpoint, separator and stop)', async () => {
    const folder = await golden([line(0, 'is it late? ->', ' yes')], { total: 1 });
    seen.length = 0;
    const { report } = await compareWithGolden({
      client,
      provider: 'openai',
      model: 'ft:gpt-4o-mini:new',
      format: format('chat'),
      folder,
      live: { client, model: 'davinci-002-old' },
    });
    const again = seen.find((s) => s.body.model === 'davinci-002-old');
    expect(again?.path).toBe('/v1/completions');
    expect(again?.body).toMatchObject({ prompt: 'is it late? ->', stop: ['\n'], max_tokens: 4 });
    expect(report.live).toEqual({ selfAgreement: 1, candidateAgreement: 1 });
  });
});
