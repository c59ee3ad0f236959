import { describe, expect, it } from 'vitest';
import { toCreateBody, togetherFetch, type Fetch } from '../../src/api/providers/together.js';

// The Together adapter on its own: each OpenAI-shaped call the SDK makes, what goes to Together and
// what comes back. Together's answers below follow its reference
// (https://docs.together.ai/reference/post-fine-tunes, /reference/get-fine-tunes-id,
// /reference/get-fine-tunes-id-events, /reference/get-fine-tunes-id-checkpoints, /reference/models-1):
// dates are ISO strings, statuses its own, lists a bare array or `{data: [...]}`. The end-to-end run
// through the SDK is providers-http.test.ts.

const BASE = 'https://api.together.test/v1';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly body: string | null;
  readonly headers: Headers;
}

/** A fake Together: answers by "METHOD path" and records what it was sent. */
function together(answers: Record<string, unknown | Response>): { fetch: Fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const inner: Fetch = async (input, init = {}) => {
    const url = String(input instanceof Request ? input.url : input);
    const method = init.method ?? 'GET';
    const body =
      typeof init.body === 'string' ? init.body : init.body ? await new Response(init.body).text() : null;
    sent.push({ url, method, body, headers: new Headers(init.headers) });
    const key = `${method} ${new URL(url).pathname.replace('/v1/', '')}`;
    const answer = answers[key];
    if (answer instanceof Response) return answer;
    if (answer === undefined) return new Response('not here', { status: 599 });
    return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
  };
  return { fetch: togetherFetch(BASE, inner), sent };
}

const job = (over: Record<string, unknown> = {}) => ({
  id: 'ft-1',
  status: 'running',
  created_at: '2026-01-02T03:04:05.000Z',
  updated_at: '2026-01-02T04:00:00.000Z',
  model: 'meta-llama/Llama-3-8b',
  model_output_name: 'me/Llama-3-8b-mine',
  training_file: 'file-t',
  validation_file: '',
  n_epochs: 3,
  batch_size: 8,
  learning_rate: 0.0001,
  suffix: 'mine',
  token_count: 1234,
  training_method: { method: 'sft' },
  ...over,
});

/** Parsed JSON, read loosely: the tests compare it whole or field by field. */
type Json = ReturnType<typeof JSON.parse>;

async function get(fetch: Fetch, path: string, init: RequestInit = {}): Promise<Json> {
  const response = await fetch(`${BASE}/${path}`, init);
  return JSON.parse(await response.text());
}

describe('a job', () => {
  it("is read in OpenAI's shape: times in seconds, the status mapped, no finish time while it runs", async () => {
    const { fetch, sent } = together({ 'GET fine-tunes/ft-1': job() });
    expect(await get(fetch, 'fine_tuning/jobs/ft-1')).toEqual({
      id: 'ft-1',
      object: 'fine_tuning.job',
      created_at: 1_767_323_045,
      finished_at: null,
      model: 'meta-llama/Llama-3-8b',
      fine_tuned_model: null,
      organization_id: '',
      status: 'running',
      error: null,
      estimated_finish: null,
      trained_tokens: 1234,
      training_file: 'file-t',
      validation_file: null,
      result_files: [],
      hyperparameters: { n_epochs: 3, batch_size: 8 },
      learning_rate: 0.0001,
      method: { type: 'supervised' },
      seed: 0,
      metadata: null,
      user_provided_suffix: 'mine',
    });
    expect(sent[0]).toMatchObject({ url: `${BASE}/fine-tunes/ft-1`, method: 'GET', body: null });
  });

  it("maps each of Together's statuses, with the model and end time once it is over", async () => {
    const cases: Array<[string, string, boolean]> = [
      ['pending', 'validating_files', false],
      ['queued', 'queued', false],
      ['compressing', 'running', false],
      ['uploading', 'running', false],
      ['cancel_requested', 'running', false],
      ['completed', 'succeeded', true],
      ['error', 'failed', true],
      ['cancelled', 'cancelled', true],
      ['something_new', 'something_new', false],
    ];
    for (const [theirs, ours, final] of cases) {
      const { fetch } = together({ 'GET fine-tunes/ft-1': job({ status: theirs }) });
      const got = await get(fetch, 'fine_tuning/jobs/ft-1');
      expect(got.status).toBe(ours);
      expect(got.finished_at).toBe(final ? 1_767_326_400 : null);
      expect(got.fine_tuned_model).toBe(ours === 'succeeded' ? 'me/Llama-3-8b-mine' : null);
    }
  });

  it('says why a job failed with its last event, and reads what Together leaves out as unknown', async () => {
    const failed = job({
      status: 'error',
      events: [
        { created_at: '2026-01-02T03:05:00Z', message: 'Loading' },
        { created_at: '2026-01-02T03:06:00Z', message: 'Out of memory' },
        { not: 'an event' },
      ],
    });
    const { fetch } = together({
      'GET fine-tunes/ft-1': failed,
      'GET fine-tunes/ft-2': {
        id: 'ft-2',
        status: 'error',
        created_at: 'not a date',
        training_method: { method: 'dpo' },
      },
    });
    expect((await get(fetch, 'fine_tuning/jobs/ft-1')).error).toEqual({
      code: 'job_error',
      message: 'Out of memory',
      param: null,
    });
    const bare = await get(fetch, 'fine_tuning/jobs/ft-2');
    expect(bare).toMatchObject({
      created_at: 0,
      finished_at: 0,
      model: '',
      training_file: '',
      trained_tokens: null,
      learning_rate: null,
      user_provided_suffix: null,
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto' },
      method: { type: 'dpo' },
      error: { code: 'job_error', message: 'The job failed.', param: null },
    });
  });

  it('is cancelled at its own endpoint, its id encoded once', async () => {
    const { fetch, sent } = together({
      'POST fine-tunes/ft%2Fx/cancel': job({ id: 'ft/x', status: 'cancelled' }),
    });
    const got = await get(fetch, 'fine_tuning/jobs/ft%2Fx/cancel', { method: 'post' });
    expect(got.status).toBe('cancelled');
    expect(sent[0]?.url).toBe(`${BASE}/fine-tunes/ft%2Fx/cancel`);
    expect(sent[0]?.method).toBe('POST');
  });

  it('cannot be paused or resumed: refused plainly, without asking Together', async () => {
    const { fetch, sent } = together({});
    for (const action of ['pause', 'resume']) {
      const response = await fetch(`${BASE}/fine_tuning/jobs/ft-1/${action}`, { method: 'POST' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message: 'Together AI cannot pause or resume a job (a running job can be cancelled).',
          type: 'invalid_request_error',
          param: null,
          code: 'unsupported',
        },
      });
    }
    expect(sent).toEqual([]);
  });

  it("passes Together's own error answers through, status and body", async () => {
    const refused = new Response('{"error":{"message":"no such job"}}', { status: 404 });
    const { fetch } = together({ 'GET fine-tunes/ft-9': refused });
    const response = await fetch(`${BASE}/fine_tuning/jobs/ft-9`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('{"error":{"message":"no such job"}}');
  });
});

describe('the job list', () => {
  const jobs = [
    job({ id: 'a', created_at: '2026-01-01T00:00:00Z' }),
    job({ id: 'c', created_at: '2026-01-03T00:00:00Z' }),
    job({ id: 'b', created_at: '2026-01-02T00:00:00Z' }),
  ];

  it('is newest first, paged the OpenAI way (after, limit, has_more), from an array or {data}', async () => {
    for (const answer of [jobs, { data: jobs }]) {
      const { fetch } = together({ 'GET fine-tunes': answer });
      const first = await get(fetch, 'fine_tuning/jobs?limit=2');
      expect(first.object).toBe('list');
      expect(first.data.map((j: { id: string }) => j.id)).toEqual(['c', 'b']);
      expect(first.has_more).toBe(true);
      const rest = await get(fetch, 'fine_tuning/jobs?limit=2&after=b');
      expect(rest.data.map((j: { id: string }) => j.id)).toEqual(['a']);
      expect(rest.has_more).toBe(false);
      const all = await get(fetch, 'fine_tuning/jobs');
      expect(all.data).toHaveLength(3);
      expect(all.has_more).toBe(false);
      // A limit that is not a number is the default (20), at least 1.
      expect((await get(fetch, 'fine_tuning/jobs?limit=x')).data).toHaveLength(3);
      expect((await get(fetch, 'fine_tuning/jobs?limit=0')).data).toHaveLength(3);
      expect((await get(fetch, 'fine_tuning/jobs?limit=-1')).data).toHaveLength(1);
    }
  });
});

describe('the events of a job', () => {
  const events = [
    {
      created_at: '2026-01-02T03:05:00Z',
      message: 'Job started',
      type: 'job_start',
      level: 'info',
      hash: 'h1',
    },
    {
      created_at: '2026-01-02T03:06:00Z',
      message: 'Step 10/100: loss 0.523',
      type: 'training_progress',
      step: 10,
      total_steps: 100,
    },
    {
      created_at: '2026-01-02T03:07:00Z',
      message: 'Saved',
      type: 'checkpoint_save',
      step: 20,
      level: 'warning',
    },
    { created_at: '2026-01-02T03:08:00Z', message: 'Broke', level: 'error', step: 0, total_steps: 100 },
    { created_at: '2026-01-02T03:09:00Z', message: 'Step 30', step: 30, total_steps: 100 },
  ];

  it("are newest first, in OpenAI's shape: progress as metrics, a checkpoint said, levels mapped", async () => {
    const { fetch, sent } = together({ 'GET fine-tunes/ft-1/events': { data: events } });
    const got = await get(fetch, 'fine_tuning/jobs/ft-1/events');
    expect(sent[0]?.url).toBe(`${BASE}/fine-tunes/ft-1/events`);
    const [last, broke, saved, progress, started] = got.data as Array<Record<string, unknown>>;
    expect(started).toEqual({
      id: 'ftevent-h1',
      object: 'fine_tuning.job.event',
      created_at: 1_767_323_100,
      level: 'info',
      message: 'Job started',
      type: 'message',
      data: { together_type: 'job_start' },
    });
    expect(progress).toMatchObject({
      type: 'metrics',
      message: 'Step 10/100: loss 0.523',
      data: { step: 10, total_steps: 100, train_loss: 0.523 },
    });
    expect(saved).toMatchObject({
      level: 'warn',
      type: 'message',
      message: 'Saved (checkpoint created at step 20)',
      data: { together_type: 'checkpoint_save' },
    });
    expect(broke).toMatchObject({ level: 'error', type: 'message', data: { together_type: null } });
    expect(last).toMatchObject({ type: 'metrics', data: { step: 30, total_steps: 100 } });
    expect(last?.data).not.toHaveProperty('train_loss');
    // Without Together's hash, an id made from the event's place and text, stable between reads.
    expect(String(last?.id)).toMatch(/^ftevent-[0-9a-f]{24}$/);
    const again = await get(fetch, 'fine_tuning/jobs/ft-1/events');
    expect(again.data[0].id).toBe(last?.id);
    expect(again.data[1].id).not.toBe(last?.id);
  });
});

describe('the checkpoints of a job', () => {
  it('are newest first, named after the job and step', async () => {
    const { fetch } = together({
      'GET fine-tunes/ft-1/checkpoints': [
        { step: 10, path: 's3://x/10', created_at: '2026-01-02T03:06:00Z' },
        { step: 30, path: 's3://x/30', created_at: '2026-01-02T03:08:00Z' },
      ],
    });
    const got = await get(fetch, 'fine_tuning/jobs/ft-1/checkpoints');
    expect(got.data).toEqual([
      {
        id: 'ft-1:ckpt-30',
        object: 'fine_tuning.job.checkpoint',
        created_at: 1_767_323_280,
        fine_tuned_model_checkpoint: 's3://x/30',
        fine_tuning_job_id: 'ft-1',
        metrics: { step: 30 },
        step_number: 30,
      },
      expect.objectContaining({ id: 'ft-1:ckpt-10', step_number: 10 }),
    ]);
  });
});

describe('the model list', () => {
  it("is Together's models and the user's finished fine-tunes, each once", async () => {
    const { fetch } = together({
      'GET models': [
        { id: 'meta-llama/Llama-3-8b', created: 5, organization: 'Meta' },
        { id: 'other/model' },
        { id: 'me/Llama-3-8b-mine', created: 9 },
      ],
      'GET fine-tunes': [
        job({ status: 'completed' }),
        job({ id: 'ft-2', status: 'running', model_output_name: 'me/running' }),
        job({ id: 'ft-3', status: 'completed', model_output_name: null }),
      ],
    });
    expect(await get(fetch, 'models')).toEqual({
      object: 'list',
      data: [
        { id: 'meta-llama/Llama-3-8b', object: 'model', created: 5, owned_by: 'Meta' },
        { id: 'other/model', object: 'model', created: 0, owned_by: 'together' },
        {
          id: 'me/Llama-3-8b-mine',
          object: 'model',
          created: 1_767_323_045,
          owned_by: 'user',
          model: 'meta-llama/Llama-3-8b',
          fine_tune: 'ft-1',
        },
      ],
    });
  });

  it('passes a failed list through, and refuses to delete a model', async () => {
    const { fetch } = together({ 'GET models': new Response('down', { status: 503 }), 'GET fine-tunes': [] });
    expect((await fetch(`${BASE}/models`)).status).toBe(503);
    const jobsDown = together({ 'GET models': [], 'GET fine-tunes': new Response('down', { status: 502 }) });
    expect((await jobsDown.fetch(`${BASE}/models`)).status).toBe(502);
    const deleting = await fetch(`${BASE}/models/me%2Fx`, { method: 'DELETE' });
    expect(deleting.status).toBe(400);
    expect((JSON.parse(await deleting.text()) as Json).error.message).toBe(
      "Together AI cannot delete a fine-tuned model through its API (use Together's console).",
    );
  });
});

describe('creating a job', () => {
  it("sends OpenAI's body in Together's words and answers the job in OpenAI's shape", async () => {
    const { fetch, sent } = together({ 'POST fine-tunes': job({ status: 'pending' }) });
    const body = {
      model: 'meta-llama/Llama-3-8b',
      training_file: 'file-t',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2 } } },
    };
    const got = await get(fetch, 'fine_tuning/jobs', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-length': '999', authorization: 'Bearer k' },
    });
    expect(got.status).toBe('validating_files');
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual(toCreateBody(body));
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(sent[0]?.headers.get('content-length')).toBeNull();
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer k');
  });

  it('puts the hyperparameters at the top level, LoRA unless Full is asked', () => {
    expect(
      toCreateBody({
        model: 'm',
        training_file: 'f',
        validation_file: 'v',
        suffix: 's',
        method: {
          type: 'supervised',
          supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate: 0.01 } },
        },
      }),
    ).toEqual({
      model: 'm',
      training_file: 'f',
      validation_file: 'v',
      n_evals: 1,
      suffix: 's',
      n_epochs: 2,
      batch_size: 4,
      learning_rate: 0.01,
      training_method: { method: 'sft', train_on_inputs: 'auto' },
      training_type: { type: 'Lora', lora_r: 8, lora_alpha: 16 },
    });
    expect(toCreateBody({ model: 'm', training_file: 'f', training_type: 'Full' })).toEqual({
      model: 'm',
      training_file: 'f',
      training_method: { method: 'sft', train_on_inputs: 'auto' },
      training_type: { type: 'Full' },
    });
    expect(
      toCreateBody({
        model: 'm',
        training_file: 'f',
        method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2, n_epochs: 1 } } },
      }),
    ).toMatchObject({ n_epochs: 1, training_method: { method: 'dpo', dpo_beta: 0.2 } });
    expect(toCreateBody({ model: 'm', training_file: 'f', method: { type: 'dpo' } }).training_method).toEqual(
      {
        method: 'dpo',
      },
    );
  });
});

describe('uploading a file', () => {
  it("streams the SDK's multipart body to Together's upload, its name and type in front", async () => {
    const { fetch, sent } = together({
      'POST files/upload': { id: 'file-9', filename: 'mine.jsonl', bytes: 5 },
    });
    const boundary = 'B0UND';
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mine.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n{"a":1}\n\r\n--${boundary}--\r\n`;
    const bytes = new TextEncoder().encode(form);
    // In two chunks, the file's header split between them.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 60));
        controller.enqueue(bytes.subarray(60));
        controller.close();
      },
    });
    const got = await get(fetch, 'files', {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': '1' },
      duplex: 'half',
    } as RequestInit);
    expect(got).toEqual({
      id: 'file-9',
      filename: 'mine.jsonl',
      bytes: 5,
      object: 'file',
      purpose: 'fine-tune',
      status: 'processed',
    });
    expect(sent[0]?.url).toBe(`${BASE}/files/upload`);
    expect(sent[0]?.headers.get('content-length')).toBeNull();
    expect(sent[0]?.body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file_name"\r\n\r\nmine.jsonl\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file_type"\r\n\r\njsonl\r\n${form}`,
    );
  });
});

describe('everything else', () => {
  it('goes through untouched: chat, and any URL outside the base', async () => {
    const { fetch, sent } = together({ 'POST chat/completions': { id: 'chat-1' } });
    expect(await get(fetch, 'chat/completions', { method: 'POST', body: '{}' })).toEqual({ id: 'chat-1' });
    expect(sent[0]?.body).toBe('{}');
    const outside = await fetch('https://elsewhere.test/v1/fine_tuning/jobs');
    expect(outside.status).toBe(599);
    expect(sent[1]?.url).toBe('https://elsewhere.test/v1/fine_tuning/jobs');
  });
});
