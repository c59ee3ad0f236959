import type { ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueryFormat } from '../../src/api/completions-format.js';
import type { EvalExample } from '../../src/api/eval-examples.js';
import { metaPathOf } from '../../src/rescue/answers-file.js';
import {
  answersMeta,
  recordAnswers,
  type RecordInput,
  type RecordProgress,
} from '../../src/rescue/record-answers.js';
import { sendError, sendJson, startFakeApi, type FakeApi } from '../api/fake-api.js';

// Recording a model's answers, against a server that answers as OpenAI's reference says
// (https://platform.openai.com/docs/api-reference/chat/object,
// https://platform.openai.com/docs/api-reference/completions/object) and fails as its error codes
// say (https://platform.openai.com/docs/guides/error-codes: 429 rate limit, 500 server error, 404
// model not found, 400 bad request). Each test scripts the replies by question and attempt.
type Reply = { status: number; message?: string; headers?: Record<string, string> } | 'hold';

let api: FakeApi;
let client: OpenAI;
let dir: string;
let asked: string[];
let bodies: Record<string, unknown>[];
let script: (question: string, attempt: number) => Reply;
let held: Array<() => void>;
let n = 0;

function reply(res: ServerResponse, chat: boolean, question: string): void {
  const usage = { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 };
  if (chat) {
    return sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        { index: 0, message: { role: 'assistant', content: `A:${question}` }, finish_reason: 'stop' },
      ],
      usage,
    });
  }
  sendJson(res, 200, {
    id: 'cmpl-1',
    object: 'text_completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, text: `A:${question}`, finish_reason: 'stop', logprobs: null }],
    usage,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-record-'));
  api = await startFakeApi((request, res) => {
    const body = JSON.parse(request.body) as {
      messages?: { role: string; content: string }[];
      prompt?: string;
    };
    bodies.push(body);
    const chat = request.url.pathname === '/v1/chat/completions';
    const question = chat
      ? (body.messages?.findLast((m) => m.role === 'user')?.content ?? '')
      : (body.prompt ?? '');
    const attempt = asked.filter((q) => q === question).length;
    asked.push(question);
    const what = script(question, attempt);
    if (what === 'hold') return void held.push(() => reply(res, chat, question));
    if (what.status === 200) return reply(res, chat, question);
    const code = what.status === 404 ? 'model_not_found' : undefined;
    return sendError(res, what.status, what.message ?? 'failed', {
      ...(code ? { code } : {}),
      ...(what.headers ? { headers: what.headers } : {}),
    });
  });
  client = new OpenAI({ apiKey: 'sk-test-record', baseURL: `${api.origin}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  asked = [];
  bodies = [];
  held = [];
  script = () => ({ status: 200 });
});

const CHAT: QueryFormat = { endpoint: 'chat', separator: '', stop: ['\n'], systemPrompt: 'Be brief.' };
const chatExamples = (count: number): EvalExample[] =>
  Array.from({ length: count }, (_, i) => ({
    endpoint: 'chat',
    messages: [{ role: 'user', content: `q${i}` }],
    expected: `a${i}`,
  }));

function inputFor(examples: EvalExample[], fields: Partial<RecordInput> = {}): RecordInput {
  const path = join(dir, `answers-${++n}.jsonl`);
  const format = fields.format ?? CHAT;
  return {
    client,
    path,
    examples,
    format,
    meta: answersMeta(
      { model: 'ft:m', provider: 'openai', format },
      {
        maxTokens: 16,
        source: { path: '/data/v.jsonl', sha256: 'abc', how: 'validation' },
        total: examples.length,
      },
    ),
    backoffBaseMs: 1,
    ...fields,
  };
}

async function lines(path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8');
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Resolves once `check` holds, looking again after each tick of the event loop. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('recording answers', () => {
  it('asks each input once at temperature 0 and writes each answer with its input, expected answer and usage', async () => {
    const input = inputFor(chatExamples(5), { concurrency: 2, price: { input: 1, output: 2 } });
    const seen: RecordProgress[] = [];
    const result = await recordAnswers({ ...input, onProgress: (p) => seen.push(p) });
    expect(asked.sort()).toEqual(['q0', 'q1', 'q2', 'q3', 'q4']);
    expect(bodies[0]).toMatchObject({
      model: 'ft:m',
      temperature: 0,
      max_tokens: 16,
      stop: ['\n'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: expect.stringMatching(/^q\d$/) as unknown },
      ],
    });
    const written = (await lines(input.path)).sort((a, b) => Number(a.i) - Number(b.i));
    expect(written[3]).toEqual({
      i: 3,
      messages: [{ role: 'user', content: 'q3' }],
      expected: 'a3',
      answer: 'A:q3',
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    });
    expect(written.map((l) => l.i)).toEqual([0, 1, 2, 3, 4]);
    expect([...result.answers.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(result.stopped).toBe(false);
    expect(result.progress).toMatchObject({
      done: 5,
      total: 5,
      resumed: 0,
      promptTokens: 50,
      completionTokens: 10,
      waiting: null,
    });
    // $1 per 1M input tokens and $2 per 1M output tokens.
    expect(result.progress.costUsd).toBeCloseTo(70 / 1_000_000, 15);
    // Told before the first answer (nothing to pace by yet), then after each answer.
    expect(seen[0]).toMatchObject({ done: 0, total: 5, etaSeconds: null });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.at(-1)?.etaSeconds ?? 0).toBe(0);
    // The meta says how the answers were asked.
    expect(JSON.parse(await readFile(metaPathOf(input.path), 'utf8'))).toMatchObject({
      model: 'ft:m',
      provider: 'openai',
      endpoint: 'chat',
      separator: '',
      stop: ['\n'],
      systemPrompt: 'Be brief.',
      temperature: 0,
      maxTokens: 16,
      total: 5,
      source: { path: '/data/v.jsonl', sha256: 'abc', how: 'validation' },
    });
  });

  it('writes a prompt for a completion model, and has no cost without a price', async () => {
    const format: QueryFormat = { endpoint: 'completions', separator: ' ->', stop: [], systemPrompt: null };
    const examples: EvalExample[] = [{ endpoint: 'completions', prompt: 'p0', expected: 'e0' }];
    const input = inputFor(examples, { format, price: null });
    const result = await recordAnswers(input);
    expect(await lines(input.path)).toEqual([
      {
        i: 0,
        prompt: 'p0',
        expected: 'e0',
        answer: 'A:p0 ->',
        usage: { prompt_tokens: 10, completion_tokens: 2 },
      },
    ]);
    expect(result.progress.costUsd).toBeNull();
    expect((await recordAnswers(inputFor(examples, { format }))).progress.costUsd).toBeNull();
  });

  it('goes on where a run stopped: answered inputs are not asked again, their tokens still count', async () => {
    const input = inputFor(chatExamples(4), { price: { input: 1, output: 1 } });
    const old = (i: number, usage: unknown) =>
      JSON.stringify({ i, messages: [{ role: 'user', content: `q${i}` }], answer: `old${i}`, usage });
    await writeFile(input.path, `${old(0, { prompt_tokens: 7, completion_tokens: 3 })}\n${old(2, null)}\n`);
    const seen: RecordProgress[] = [];
    const result = await recordAnswers({ ...input, onProgress: (p) => seen.push(p) });
    expect(asked.sort()).toEqual(['q1', 'q3']);
    expect(seen[0]).toMatchObject({ done: 2, resumed: 2, promptTokens: 7, completionTokens: 3 });
    expect(result.progress).toMatchObject({ done: 4, resumed: 2, promptTokens: 27, completionTokens: 7 });
    expect(result.answers.get(0)?.answer).toBe('old0');
    expect(result.answers.get(1)?.answer).toBe('A:q1');
    expect(result.progress.costUsd).toBeCloseTo(34 / 1_000_000, 15);
  });

  it('waits as long as a 429 says, says why while it waits, then answers', async () => {
    script = (q, attempt) =>
      q === 'q1' && attempt === 0
        ? { status: 429, message: 'Rate limit reached', headers: { 'retry-after-ms': '15' } }
        : { status: 200 };
    const seen: RecordProgress[] = [];
    const result = await recordAnswers({ ...inputFor(chatExamples(3)), onProgress: (p) => seen.push(p) });
    expect(seen.flatMap((p) => (p.waiting ? [p.waiting] : []))).toEqual([{ ms: 15, why: 'rate limited' }]);
    expect(result.progress.waiting).toBeNull();
    expect(result.progress.done).toBe(3);
    expect(asked.filter((q) => q === 'q1')).toHaveLength(2);
  });

  it('retries a server error as "the service had trouble", up to the attempts allowed', async () => {
    script = (q, attempt) => (q === 'q0' && attempt < 2 ? { status: 500 } : { status: 200 });
    const seen: RecordProgress[] = [];
    const result = await recordAnswers({
      ...inputFor(chatExamples(1), { attempts: 3 }),
      onProgress: (p) => seen.push(p),
    });
    expect(result.progress.done).toBe(1);
    expect(seen.flatMap((p) => (p.waiting ? [p.waiting.why] : []))).toEqual([
      'the service had trouble',
      'the service had trouble',
    ]);
    expect(asked).toEqual(['q0', 'q0', 'q0']);

    asked = [];
    await expect(recordAnswers(inputFor(chatExamples(1), { attempts: 2 }))).rejects.toThrow(/500/);
    expect(asked).toEqual(['q0', 'q0']);
  });

  it('gives up at once on a request the service refuses, asking nothing more', async () => {
    script = () => ({ status: 400, message: 'Invalid max_tokens' });
    const input = inputFor(chatExamples(3), { concurrency: 1 });
    await expect(recordAnswers(input)).rejects.toThrow(/400 Invalid max_tokens/);
    expect(asked).toEqual(['q0']);
    // The answers file is there, empty: nothing half-written.
    expect(await readFile(input.path, 'utf8')).toBe('');
  });

  it('asks as many at once as the concurrency says, never more than there are inputs', async () => {
    script = () => 'hold';
    const controller = new AbortController();
    const running = recordAnswers({
      ...inputFor(chatExamples(5), { concurrency: 3 }),
      signal: controller.signal,
    });
    await until(() => held.length === 3);
    controller.abort();
    for (const release of held.splice(0)) release();
    const result = await running;
    expect(asked).toHaveLength(3);
    expect(result.stopped).toBe(true);
    expect(result.progress.done).toBe(3);

    asked = [];
    const two = recordAnswers(inputFor(chatExamples(2), { concurrency: 8 }));
    await until(() => held.length === 2);
    for (const release of held.splice(0)) release();
    expect((await two).progress.done).toBe(2);
    expect(asked).toHaveLength(2);
  });

  it('on stop, asks nothing new and keeps the answers in flight when they come', async () => {
    script = (q) => (q === 'q0' || q === 'q1' ? { status: 200 } : 'hold');
    const controller = new AbortController();
    const input = inputFor(chatExamples(6), { concurrency: 2 });
    const running = recordAnswers({ ...input, signal: controller.signal });
    await until(() => held.length === 2);
    controller.abort();
    for (const release of held.splice(0)) release();
    const result = await running;
    expect(result.stopped).toBe(true);
    expect(result.progress.done).toBe(4);
    expect(asked.sort()).toEqual(['q0', 'q1', 'q2', 'q3']);
    expect((await lines(input.path)).map((l) => l.i).sort()).toEqual([0, 1, 2, 3]);
  });

  it('on stop, gives up on answers that do not come within the drain time, without an error', async () => {
    script = () => 'hold';
    const controller = new AbortController();
    const input = inputFor(chatExamples(3), { concurrency: 1, drainMs: 1 });
    const running = recordAnswers({ ...input, signal: controller.signal });
    await until(() => held.length === 1);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ stopped: true, progress: { done: 0 } });
    expect(asked).toEqual(['q0']);
  });

  it('on stop during a wait to retry, ends the wait and leaves that input for the next run', async () => {
    script = () => ({ status: 429, headers: { 'retry-after-ms': '600000' } });
    const controller = new AbortController();
    let waiting = false;
    const running = recordAnswers({
      ...inputFor(chatExamples(2), { concurrency: 1 }),
      signal: controller.signal,
      onProgress: (p) => {
        waiting ||= p.waiting !== null;
      },
    });
    await until(() => waiting);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ stopped: true, progress: { done: 0 } });
    expect(asked).toEqual(['q0']);
  });

  it('probes a just-trained model alone while it is not served yet, then asks the rest together', async () => {
    script = (q, attempt) =>
      q === 'q0' && attempt === 0 ? { status: 404, message: 'The model does not exist' } : { status: 200 };
    const result = await recordAnswers(
      inputFor(chatExamples(3), { concurrency: 3, notReady: { delaysMs: [1] } }),
    );
    expect(result.progress.done).toBe(3);
    expect(asked.slice(0, 2)).toEqual(['q0', 'q0']);

    // Once the probe is answered, the others are asked together (both held at once here).
    asked = [];
    script = (q, attempt) => (q === 'q0' ? (attempt === 0 ? { status: 404 } : { status: 200 }) : 'hold');
    const together = recordAnswers(
      inputFor(chatExamples(3), { concurrency: 3, notReady: { delaysMs: [1] } }),
    );
    await until(() => held.length === 2);
    expect(asked.slice(0, 2)).toEqual(['q0', 'q0']);
    for (const release of held.splice(0)) release();
    expect((await together).progress.done).toBe(3);

    // Without the probe a 404 is an error like any other.
    script = (q, attempt) =>
      q === 'q0' && attempt === 0 ? { status: 404, message: 'The model does not exist' } : { status: 200 };
    asked = [];
    await expect(recordAnswers(inputFor(chatExamples(3), { concurrency: 1 }))).rejects.toThrow(/404/);
    expect(asked).toEqual(['q0']);
  });
});
