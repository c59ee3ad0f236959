import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/api/connect.js';
import {
  goldenSource,
  keptFormat,
  noteRetrained,
  planFor,
  priceFor,
  stepCompare,
  stepGolden,
  stepKeepData,
  stepRetrain,
  type RescueContext,
} from '../../src/rescue/flow.js';
import type { InventoryItem } from '../../src/rescue/inventory.js';
import { defaultSeams } from '../../src/rescue/seams.js';
import { loadState, newState, type RescueState } from '../../src/rescue/state.js';
import { saveJobRecord } from '../../src/store/jobs.js';
import { fileObject, jobObject, sendError, sendJson, startFakeApi, type FakeApi } from '../api/fake-api.js';
import { LABELS, MODEL, TRAINING, VALIDATION, fakeAnswer, question } from './fake-openai.js';

// The rescue's steps as `fine-tune rescue` and the wizard call them, in-process, against one
// recording server that plays OpenAI for both the old model and the new one
// (https://platform.openai.com/docs/api-reference/chat/object, /files/retrieve-contents,
// /files/create, /fine-tuning/create). The old model answers as the fake organisation's does
// (`fakeAnswer`); the new one says "spam" to every fifth ticket.
const NEW = 'ft:gpt-4o-mini-2024-07-18:acme:support:New999';
const SEAMS = defaultSeams('2026-12-07');

let api: FakeApi;
let dir: string;
let source: Connection;
let n = 0;
/** The user message of each chat request, by the model asked. */
let asked: Map<string, string[]>;

function answerOf(model: string, question: string): string {
  const ticket = Number(/ticket (\d+)/.exec(question)?.[1] ?? -1);
  return model === NEW && ticket % 5 === 0 ? 'spam' : fakeAnswer(question);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-flow-'));
  const files: Record<string, string> = { 'file-train': TRAINING, 'file-valid': VALIDATION };
  api = await startFakeApi((request, res) => {
    const path = request.url.pathname;
    if (path === '/v1/chat/completions') {
      const body = JSON.parse(request.body) as {
        model: string;
        messages: { role: string; content: string }[];
      };
      const question = body.messages.findLast((m) => m.role === 'user')?.content ?? '';
      asked.set(body.model, [...(asked.get(body.model) ?? []), question]);
      return sendJson(res, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answerOf(body.model, question) },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 20, completion_tokens: 1, total_tokens: 21 },
      });
    }
    if (path === '/v1/files' && request.method === 'POST') {
      return sendJson(res, 200, fileObject(`file-up${++n}`, 'up.jsonl', request.body.length));
    }
    if (path === '/v1/fine_tuning/jobs' && request.method === 'POST') {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      return sendJson(
        res,
        200,
        jobObject({ id: 'ftjob-new', model: body.model, training_file: body.training_file }),
      );
    }
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    const content = files[file?.[1] ?? ''];
    if (file && content !== undefined) {
      if (file[2]) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(content);
      }
      return sendJson(res, 200, fileObject(file[1] ?? '', 'x.jsonl', Buffer.byteLength(content)));
    }
    return sendError(res, 404, `Unknown request ${request.method} ${path}`);
  });
  source = await connect({
    provider: 'openai',
    env: {
      OPENAI_API_KEY: 'sk-test-flow-0000',
      OPENAI_BASE_URL: `${api.origin}/v1`,
      FINE_TUNE_MAX_RETRIES: '0',
    },
  });
});
afterAll(async () => {
  await source.close();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  asked = new Map();
});

const status = (id: string, available: boolean) => ({ id, available, bytes: null, filename: null });
const ITEM: InventoryItem = {
  model: MODEL,
  base: 'gpt-4o-mini-2024-07-18',
  created: 0,
  shutdownDate: '2027-01-14',
  daysLeft: 38,
  job: {
    id: 'ftjob-acme1',
    base: 'gpt-4o-mini-2024-07-18',
    suffix: 'support',
    method: 'supervised',
    hyperparameters: { nEpochs: 3, batchSize: 1, learningRate: 1.8, beta: null },
    seed: null,
    trainedTokens: 36_000,
    createdAt: 0,
    finishedAt: null,
    trainingFile: status('file-train', true),
    validationFile: status('file-valid', true),
  },
};

/** A fresh rescue folder and home, its data kept (both files, or training only). */
async function kept(withValidation = true): Promise<{ ctx: RescueContext; state: RescueState }> {
  const folder = join(dir, `rescue-${++n}`);
  const ctx: RescueContext = {
    source,
    seams: SEAMS,
    folder,
    env: { FINE_TUNE_HOME: join(dir, `home-${n}`) },
  };
  const item = withValidation ? ITEM : { ...ITEM, job: { ...ITEM.job!, validationFile: null } };
  const { state } = await stepKeepData(ctx, newState(MODEL, 'openai'), item);
  return { ctx, state };
}

/** Kept data and a golden set of the 30 validation tickets, and the new model noted as trained. */
async function recorded(): Promise<{ ctx: RescueContext; state: RescueState }> {
  const { ctx, state } = await kept();
  const golden = await stepGolden(ctx, state, goldenSource(state, ctx.folder));
  const retrain = {
    provider: 'openai',
    baseURL: '',
    model: 'gpt-4o-mini-2024-07-18',
    jobId: 'ftjob-none',
    manifest: '',
  };
  // Only what the test itself asks is counted.
  asked = new Map();
  return { ctx, state: { ...golden.state, retrain: { ...retrain, fineTunedModel: NEW } } };
}

describe('what answering costs', () => {
  it('nothing on the local provider, the price table elsewhere, null for a model it does not know', () => {
    expect(priceFor('local', MODEL)).toEqual({ input: 0, output: 0 });
    expect(priceFor('openai', MODEL)).toEqual({ input: 0.3, output: 1.2 });
    expect(priceFor('openai', MODEL, { training: {}, inference: {} } as never)).toBeNull();
    expect(priceFor('openai', 'my-own-model')).toBeNull();
  });
});

describe('where the golden inputs come from', () => {
  const record = (path: string) => ({
    path,
    sha256: 'x',
    bytes: 1,
    examples: 1,
    origin: 'local' as const,
    fileId: null,
  });
  const state = (training: string | null, validation: string | null): RescueState => ({
    ...newState(MODEL, 'openai'),
    data: {
      training: training ? record(training) : null,
      validation: validation ? record(validation) : null,
    },
  });

  it('the user’s file first, then the kept validation file, then a sample of the training file', () => {
    expect(goldenSource(state('t.jsonl', 'v.jsonl'), '/r', { prompts: '/mine.jsonl' })).toEqual({
      how: 'file',
      path: '/mine.jsonl',
    });
    expect(goldenSource(state('t.jsonl', 'v.jsonl'), '/r')).toEqual({
      how: 'validation',
      path: '/r/v.jsonl',
    });
    expect(goldenSource(state('t.jsonl', null), '/r')).toEqual({
      how: 'sample',
      path: '/r/t.jsonl',
      count: 200,
      seed: 1,
    });
    expect(goldenSource(state('t.jsonl', null), '/r', { sample: 20, seed: 7 })).toEqual({
      how: 'sample',
      path: '/r/t.jsonl',
      count: 20,
      seed: 7,
    });
  });

  it('refuses to sample before the training data is kept', () => {
    expect(() => goldenSource(state(null, null), '/r')).toThrow(
      'keep the training data first: it is where the golden inputs come from.',
    );
  });
});

describe('recording the golden set', () => {
  it('asks the old model every validation input, notes the count in rescue.json, at the model’s price', async () => {
    const { ctx, state } = await kept();
    const progress: number[] = [];
    const { state: next, result } = await stepGolden(ctx, state, goldenSource(state, ctx.folder), {
      concurrency: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(asked.get(MODEL)).toHaveLength(30);
    expect(result.progress.done).toBe(30);
    expect(progress.at(-1)).toBe(30);
    expect(next.golden).toEqual({ done: 30, total: 30 });
    expect((await loadState(ctx.folder))?.golden).toEqual({ done: 30, total: 30 });
    // 20 tokens in and 1 out each at gpt-4o-mini's $0.30 and $1.20 per 1M.
    expect(result.progress.costUsd).toBeCloseTo((30 * 20 * 0.3 + 30 * 1.2) / 1_000_000, 12);
    // Chat data: asked as chat, with the data's own system message.
    const meta = JSON.parse(await readFile(join(ctx.folder, 'golden.meta.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ model: MODEL, provider: 'openai', endpoint: 'chat', total: 30 });
  });

  it('samples the training file when there is no validation file', async () => {
    const { ctx, state } = await kept(false);
    expect(state.data.validation).toBeNull();
    const { state: next } = await stepGolden(
      ctx,
      state,
      goldenSource(state, ctx.folder, { sample: 12, seed: 3 }),
    );
    expect(next.golden).toEqual({ done: 12, total: 12 });
    expect(asked.get(MODEL)).toHaveLength(12);
  });
});

describe("the kept data's format", () => {
  it('chat data has no separator or stop; the validation file is named when kept', async () => {
    const { ctx, state } = await kept();
    expect(await keptFormat(state, ctx.folder)).toEqual({
      format: 'chat',
      separator: null,
      stop: null,
      training: join(ctx.folder, 'training.jsonl'),
      validation: join(ctx.folder, 'validation.jsonl'),
    });
  });

  it('prompt/completion data has the separator and stop its examples end with; no validation is null', async () => {
    const folder = join(dir, `pc-${++n}`);
    await mkdir(folder, { recursive: true });
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ prompt: `ticket ${i}\n\n###\n\n`, completion: ` ${LABELS[i % 3]} END` }),
    );
    await writeFile(join(folder, 'training.jsonl'), `${lines.join('\n')}\n`);
    const record = {
      path: 'training.jsonl',
      sha256: 'x',
      bytes: 1,
      examples: 12,
      origin: 'local' as const,
      fileId: null,
    };
    const state = { ...newState(MODEL, 'openai'), data: { training: record, validation: null } };
    expect(await keptFormat(state, folder)).toEqual({
      format: 'prompt-completion',
      separator: '\n\n###\n\n',
      stop: ' END',
      training: join(folder, 'training.jsonl'),
      validation: null,
    });
  });

  it('refuses before the training data is kept', async () => {
    await expect(keptFormat(newState(MODEL, 'openai'), dir)).rejects.toThrow(
      'keep the training data first: there is nothing to train on.',
    );
  });
});

describe('retraining', () => {
  it('plans on the kept data with the source job’s settings, a chosen suffix and overrides', async () => {
    const { ctx, state } = await kept();
    const target = {
      provider: 'openai',
      model: { id: 'gpt-4.1-mini-2025-04-14', formats: ['chat' as const] },
    };
    const plan = await planFor(ctx, state, ITEM, target, { suffix: 'saved', overrides: { nEpochs: 1 } });
    expect(plan).toMatchObject({
      model: 'gpt-4.1-mini-2025-04-14',
      trainingPath: join(ctx.folder, 'training.jsonl'),
      validationPath: join(ctx.folder, 'validation.jsonl'),
      format: 'chat',
      conversion: 'none',
      suffix: 'saved',
      hyperparameters: { nEpochs: 1, batchSize: 1, learningRate: 1.8 },
    });
    expect(plan.notes[0]).toBe(`Rescue of ${MODEL}.`);
    // Without options: the source job's suffix and epochs.
    const plain = await planFor(ctx, state, ITEM, target);
    expect(plain).toMatchObject({ suffix: 'support', hyperparameters: { nEpochs: 3 } });
  });

  it('starts the job, notes it in rescue.json, and notes the model once the job has succeeded', async () => {
    const { ctx, state } = await kept();
    const target = {
      provider: 'openai',
      model: { id: 'gpt-4.1-mini-2025-04-14', formats: ['chat' as const] },
    };
    const plan = await planFor(ctx, state, ITEM, target);
    const started = await stepRetrain(ctx, state, source, plan);
    expect(started.job.id).toBe('ftjob-new');
    expect(started.state.retrain).toEqual({
      provider: 'openai',
      baseURL: `${api.origin}/v1`,
      model: 'gpt-4.1-mini-2025-04-14',
      jobId: 'ftjob-new',
      manifest: started.manifest,
      fineTunedModel: null,
    });
    expect((await loadState(ctx.folder))?.retrain).toEqual(started.state.retrain);

    const job = { ...started.job, status: 'succeeded', fine_tuned_model: NEW } as typeof started.job;
    // Another job, or one with no model yet: nothing to note.
    expect(await noteRetrained(ctx, started.state, { ...job, id: 'ftjob-other' })).toBe(started.state);
    expect(await noteRetrained(ctx, started.state, { ...job, fine_tuned_model: null })).toBe(started.state);
    // A state made once: two made a millisecond apart differ in their start time.
    const notRetrained = newState(MODEL, 'openai');
    expect(await noteRetrained(ctx, notRetrained, job)).toEqual(notRetrained);
    expect((await loadState(ctx.folder))?.retrain?.fineTunedModel).toBeNull();
    const noted = await noteRetrained(ctx, started.state, job);
    expect(noted.retrain?.fineTunedModel).toBe(NEW);
    expect((await loadState(ctx.folder))?.retrain?.fineTunedModel).toBe(NEW);
  });
});

describe('comparing the new model with the golden set', () => {
  it('asks the new model the golden inputs, counts agreement, lists the flips, notes the report', async () => {
    const { ctx, state } = await recorded();
    const { state: next, report, paths } = await stepCompare(ctx, state, source, { concurrency: 3 });
    // Golden inputs are tickets 1000–1029: the new model says "spam" to the six divisible by 5.
    expect(asked.get(NEW)).toHaveLength(30);
    expect(asked.get(MODEL)).toBeUndefined();
    expect(report).toMatchObject({
      source: MODEL,
      candidate: NEW,
      provider: 'openai',
      goldenSet: join(ctx.folder, 'golden.jsonl'),
      n: 30,
      goldenTotal: 30,
      live: null,
      agreement: { kind: 'classification', n: 30, agreed: 24, agreement: 0.8 },
    });
    expect(report.flips.map((f) => f.i)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(report.flips[1]).toEqual({
      i: 5,
      input: question(1005),
      expected: LABELS[1005 % 3],
      golden: fakeAnswer(question(1005)),
      candidate: 'spam',
    });
    const slug = 'gpt-4o-mini-2024-07-18-acme-support-New999';
    expect(paths).toEqual({
      markdown: join(ctx.folder, `report-${slug}.md`),
      json: join(ctx.folder, `report-${slug}.json`),
    });
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(report);
    expect(await readFile(paths.markdown, 'utf8')).toContain(`# Rescue of ${MODEL}`);
    const answers = await readFile(join(ctx.folder, `answers-${slug}.jsonl`), 'utf8');
    expect(answers.trim().split('\n')).toHaveLength(30);
    expect(next.reports).toEqual([
      { model: NEW, markdown: paths.markdown, json: paths.json, agreement: 0.8 },
    ]);
    expect((await loadState(ctx.folder))?.reports).toEqual(next.reports);
  });

  it('asks the old model again when it still answers: how it agrees with itself and with the new one', async () => {
    const { ctx, state } = await recorded();
    const stale = { model: NEW, markdown: 'old.md', json: 'old.json', agreement: 0.1 };
    const other = { model: 'ft:another', markdown: 'a.md', json: 'a.json', agreement: 0.5 };
    const before = { ...state, reports: [stale, other] };
    const which = new Set<string>();
    const { report, state: next } = await stepCompare(ctx, before, source, {
      live: true,
      onProgress: (w) => which.add(w),
    });
    expect(asked.get(MODEL)).toHaveLength(30);
    expect(report.live).toEqual({ selfAgreement: 1, candidateAgreement: 0.8 });
    expect([...which].sort()).toEqual(['candidate', 'live']);
    const live = await readFile(
      join(ctx.folder, 'answers-live-gpt-4o-mini-2024-07-18-acme-support-AbC123.jsonl'),
      'utf8',
    );
    expect(live.trim().split('\n')).toHaveLength(30);
    // The report of the same model is replaced, others kept.
    expect(next.reports.map((r) => [r.model, r.agreement])).toEqual([
      ['ft:another', 0.5],
      [NEW, 0.8],
    ]);
  });

  it('asks the new model as its job record says: a completion model cannot take a chat golden set', async () => {
    const { ctx, state } = await recorded();
    await saveJobRecord(
      {
        id: 'ftjob-none',
        provider: 'openai',
        baseURL: `${api.origin}/v1`,
        trainingFile: { id: 'file-up', path: join(ctx.folder, 'training.jsonl') },
        validationFile: null,
        model: 'davinci-002',
        suffix: null,
        dataFormat: 'prompt-completion',
        separator: ' ->',
        stop: '\n',
        systemPrompt: null,
        createdAt: 1,
      },
      ctx.env,
    );
    await expect(stepCompare(ctx, state, source)).rejects.toThrow(
      'a completion model cannot be asked chat conversations: choose a chat model.',
    );
    expect(asked.get(NEW)).toBeUndefined();
  });

  it('refuses before a retrained model exists', async () => {
    const { ctx, state } = await kept();
    await expect(stepCompare(ctx, state, source)).rejects.toThrow(
      'there is no retrained model to compare yet.',
    );
  });

  it('refuses before a golden set is recorded', async () => {
    const { ctx, state } = await kept();
    const retrain = {
      provider: 'openai',
      baseURL: '',
      model: 'm',
      jobId: 'j',
      manifest: '',
      fineTunedModel: NEW,
    };
    await expect(stepCompare(ctx, { ...state, retrain }, source)).rejects.toThrow(
      `${ctx.folder}: no golden set recorded yet.`,
    );
  });

  it('says so when stopped, and goes on from there the next time', async () => {
    const { ctx, state } = await recorded();
    const controller = new AbortController();
    controller.abort();
    await expect(stepCompare(ctx, state, source, { signal: controller.signal })).rejects.toThrow(
      'the comparison was stopped: run it again to go on where it stopped.',
    );
    const { report } = await stepCompare(ctx, state, source);
    expect(report.agreement.agreed).toBe(24);
  });
});
