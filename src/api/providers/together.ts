import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Together AI's fine-tuning API behind the interface the rest of the code already uses: the official
 * SDK's client, given this `fetch`. Calls the OpenAI way (`/files`, `/fine_tuning/jobs/…`, `/models`)
 * are translated to Together's endpoints and its answers back into OpenAI's shapes; chat and
 * completions go through untouched (Together serves them OpenAI-compatibly). Its error bodies already
 * have OpenAI's shape (`ErrorData`), so failures pass through as they are, status and all.
 *
 * Shapes: https://docs.together.ai/reference/post-fine-tunes (generated from openapi.yaml in
 * github.com/togethercomputer/openapi): `POST /files/upload`, `POST|GET /fine-tunes`,
 * `GET /fine-tunes/{id}`, `POST /fine-tunes/{id}/cancel`, `GET /fine-tunes/{id}/events`,
 * `GET /fine-tunes/{id}/checkpoints`, `GET /models` (a bare array).
 */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// FinetuneResponse / FinetuneResponseTruncated: dates are ISO strings, the tuned model is
// `model_output_name`, statuses are Together's own (FinetuneJobStatus).
const jobSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  model: z.string().optional(),
  model_output_name: z.string().nullish(),
  training_file: z.string().nullish(),
  validation_file: z.string().nullish(),
  n_epochs: z.number().nullish(),
  batch_size: z.union([z.number(), z.string()]).nullish(),
  learning_rate: z.number().nullish(),
  suffix: z.string().nullish(),
  token_count: z.number().nullish(),
  training_method: z.looseObject({ method: z.string() }).nullish(),
  events: z.array(z.unknown()).nullish(),
});
type TogetherJob = z.infer<typeof jobSchema>;
// FineTuneEvent: `created_at` a string, no id (the hash is optional in practice).
const eventSchema = z.looseObject({
  created_at: z.string(),
  message: z.string().default(''),
  type: z.string().nullish(),
  level: z.string().nullish(),
  step: z.number().nullish(),
  total_steps: z.number().nullish(),
  hash: z.string().nullish(),
});
const checkpointSchema = z.looseObject({ step: z.number(), path: z.string(), created_at: z.string() });
const modelSchema = z.looseObject({
  id: z.string(),
  created: z.number().optional(),
  organization: z.string().nullish(),
});
const fileSchema = z.looseObject({
  id: z.string(),
  created_at: z.number().optional(),
  filename: z.string().optional(),
  bytes: z.number().optional(),
});
const listOf = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), z.looseObject({ data: z.array(item) }).transform((l) => l.data)]);

const STATUS: Record<string, string> = {
  pending: 'validating_files',
  queued: 'queued',
  running: 'running',
  compressing: 'running',
  uploading: 'running',
  // Cancelling goes on until Together says `cancelled`.
  cancel_requested: 'running',
  completed: 'succeeded',
  error: 'failed',
  cancelled: 'cancelled',
};

const unix = (iso: string | undefined): number => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
};

function toJob(job: TogetherJob): Record<string, unknown> {
  const status = STATUS[job.status] ?? job.status;
  const final = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  const failure = (job.events ?? []).map((e) => eventSchema.safeParse(e)).findLast((e) => e.success);
  return {
    id: job.id,
    object: 'fine_tuning.job',
    created_at: unix(job.created_at),
    finished_at: final ? unix(job.updated_at) : null,
    model: job.model ?? '',
    fine_tuned_model: status === 'succeeded' ? (job.model_output_name ?? null) : null,
    organization_id: '',
    status,
    error:
      status === 'failed'
        ? { code: 'job_error', message: failure?.data?.message || 'The job failed.', param: null }
        : null,
    estimated_finish: null,
    trained_tokens: job.token_count ?? null,
    training_file: job.training_file ?? '',
    validation_file: job.validation_file || null,
    result_files: [],
    hyperparameters: { n_epochs: job.n_epochs ?? 'auto', batch_size: job.batch_size ?? 'auto' },
    learning_rate: job.learning_rate ?? null,
    method: { type: job.training_method?.method === 'dpo' ? 'dpo' : 'supervised' },
    seed: 0,
    metadata: null,
    user_provided_suffix: job.suffix ?? null,
  };
}

function toEvent(raw: z.infer<typeof eventSchema>, index: number): Record<string, unknown> {
  const id =
    raw.hash || createHash('sha1').update(`${index}\0${raw.created_at}\0${raw.message}`).digest('hex');
  const step = raw.step ?? null;
  const loss = /\bloss\b[^0-9-]{0,3}([0-9]*\.?[0-9]+)/i.exec(raw.message)?.[1];
  // Progress needs a step and a total: such events become `metrics`, as OpenAI's are.
  const metrics = step !== null && step > 0 && raw.total_steps != null;
  const checkpoint = raw.type === 'checkpoint_save' && step !== null;
  return {
    id: `ftevent-${id.slice(0, 24)}`,
    object: 'fine_tuning.job.event',
    created_at: unix(raw.created_at),
    level: raw.level === 'warning' ? 'warn' : raw.level === 'error' ? 'error' : 'info',
    message: checkpoint ? `${raw.message} (checkpoint created at step ${step})` : raw.message,
    type: metrics ? 'metrics' : 'message',
    data: metrics
      ? { step, total_steps: raw.total_steps, ...(loss === undefined ? {} : { train_loss: Number(loss) }) }
      : { together_type: raw.type ?? null },
  };
}

/** OpenAI's cursor page over a newest-first list: `limit` items after the one named by `after`. */
function page(items: ReadonlyArray<Record<string, unknown>>, query: URLSearchParams) {
  const after = query.get('after');
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  const limit = Math.max(1, Number(query.get('limit') ?? 20) || 20);
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length };
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A request Together has no endpoint for, refused in OpenAI's error shape and plain words. */
const refuse = (message: string): Response =>
  json({ error: { message, type: 'invalid_request_error', param: null, code: 'unsupported' } }, 400);

export function togetherFetch(baseURL: string, inner: Fetch = (input, init) => fetch(input, init)): Fetch {
  const base = new URL(baseURL.endsWith('/') ? baseURL : `${baseURL}/`);
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // Only calls to Together's base are translated (another host with the same path is not Together).
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return inner(input, init);
    const path = url.pathname.slice(base.pathname.length);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const call = async (
      to: string,
      options: { method?: string; body?: string | ReadableStream<Uint8Array> } = {},
    ) => {
      const sent = new Headers(headers);
      if (options.body !== undefined) sent.delete('content-length');
      if (typeof options.body === 'string') sent.set('content-type', 'application/json');
      return inner(new URL(to, base), {
        ...init,
        method: options.method ?? method,
        headers: sent,
        ...(options.body === undefined ? { body: null } : { body: options.body }),
      });
    };
    // Reads a 2xx body through `schema`; anything else goes back as Together sent it.
    const read = async <T>(response: Response, schema: z.ZodType<T>): Promise<T | Response> =>
      response.ok ? schema.parse(await response.json()) : response;
    const jobPath = /^fine_tuning\/jobs\/([^/]+)(?:\/(events|checkpoints|cancel|pause|resume))?$/.exec(path);
    const id = jobPath?.[1] === undefined ? '' : encodeURIComponent(decodeURIComponent(jobPath[1]));

    if (method === 'POST' && path === 'files' && init.body instanceof ReadableStream) {
      // The SDK streams the multipart body (the file is never held in memory): Together's two extra
      // fields go in front of it, the file's own name read from its part's header.
      const boundary = /boundary=([^;]+)/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
      const body = await withFields(init.body as ReadableStream<Uint8Array>, boundary);
      const got = await read(await call('files/upload', { body }), fileSchema);
      if (got instanceof Response) return got;
      return json({ ...got, object: 'file', purpose: 'fine-tune', status: 'processed' });
    }
    if (method === 'POST' && path === 'fine_tuning/jobs' && typeof init.body === 'string') {
      const body = toCreateBody(JSON.parse(init.body) as Record<string, unknown>);
      const got = await read(await call('fine-tunes', { body: JSON.stringify(body) }), jobSchema);
      return got instanceof Response ? got : json(toJob(got));
    }
    if (method === 'GET' && path === 'fine_tuning/jobs') {
      const got = await read(await call('fine-tunes'), listOf(jobSchema));
      if (got instanceof Response) return got;
      const jobs = got.map(toJob).sort((a, b) => Number(b.created_at) - Number(a.created_at));
      return json(page(jobs, url.searchParams));
    }
    if (jobPath !== null && method === 'GET' && jobPath[2] === undefined) {
      const got = await read(await call(`fine-tunes/${id}`), jobSchema);
      return got instanceof Response ? got : json(toJob(got));
    }
    if (jobPath !== null && method === 'POST' && jobPath[2] === 'cancel') {
      const got = await read(await call(`fine-tunes/${id}/cancel`), jobSchema);
      return got instanceof Response ? got : json(toJob(got));
    }
    if (jobPath !== null && (jobPath[2] === 'pause' || jobPath[2] === 'resume')) {
      return refuse('Together AI cannot pause or resume a job (a running job can be cancelled).');
    }
    if (jobPath !== null && method === 'GET' && jobPath[2] === 'events') {
      const got = await read(await call(`fine-tunes/${id}/events`), listOf(eventSchema));
      if (got instanceof Response) return got;
      // Together lists events oldest first; OpenAI newest first.
      return json(page(got.map(toEvent).reverse(), url.searchParams));
    }
    if (jobPath !== null && method === 'GET' && jobPath[2] === 'checkpoints') {
      const got = await read(await call(`fine-tunes/${id}/checkpoints`), listOf(checkpointSchema));
      if (got instanceof Response) return got;
      const checkpoints = got
        .map((c) => ({
          id: `${decodeURIComponent(id)}:ckpt-${c.step}`,
          object: 'fine_tuning.job.checkpoint',
          created_at: unix(c.created_at),
          fine_tuned_model_checkpoint: c.path,
          fine_tuning_job_id: decodeURIComponent(id),
          metrics: { step: c.step },
          step_number: c.step,
        }))
        .sort((a, b) => b.step_number - a.step_number);
      return json(page(checkpoints, url.searchParams));
    }
    if (method === 'GET' && path === 'models') return listModels(call, read);
    if (method === 'DELETE' && path.startsWith('models/')) {
      return refuse("Together AI cannot delete a fine-tuned model through its API (use Together's console).");
    }
    return inner(input, init);
  };
}

/**
 * The multipart stream with `file_name` and `file_type` parts in front (multipart parts have no order).
 * Reads just enough of the stream to find the file part's `filename="…"`, then passes the rest on.
 */
async function withFields(
  body: ReadableStream<Uint8Array>,
  boundary: string,
): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let text = '';
  let name: string | undefined;
  while (name === undefined && text.length < 16_384) {
    const next = await reader.read();
    if (next.done) break;
    head.push(next.value);
    text += Buffer.from(next.value).toString('latin1');
    name = /name="file"; filename="([^"]*)"/.exec(text)?.[1];
  }
  const part = (field: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`;
  const extra = new TextEncoder().encode(
    part('file_name', name ?? 'data.jsonl') + part('file_type', 'jsonl'),
  );
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(extra);
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

type Call = (to: string) => Promise<Response>;
type Read = <T>(response: Response, schema: z.ZodType<T>) => Promise<T | Response>;

/** Its models plus the user's finished fine-tunes (named by their jobs), in OpenAI's list shape. */
async function listModels(call: Call, read: Read): Promise<Response> {
  const [models, jobs] = await Promise.all([
    read(await call('models'), listOf(modelSchema)),
    read(await call('fine-tunes'), listOf(jobSchema)),
  ]);
  if (models instanceof Response) return models;
  if (jobs instanceof Response) return jobs;
  const tuned = jobs
    .filter((job) => job.status === 'completed' && job.model_output_name)
    .map((job) => ({
      id: job.model_output_name ?? '',
      object: 'model',
      created: unix(job.created_at),
      owned_by: 'user',
      // The base and the job that made it: the model list reads these as "a fine-tune of".
      model: job.model ?? '',
      fine_tune: job.id,
    }));
  const names = new Set(tuned.map((m) => m.id));
  const served = models
    .filter((m) => !names.has(m.id))
    .map((m) => ({
      id: m.id,
      object: 'model',
      created: m.created ?? 0,
      owned_by: m.organization ?? 'together',
    }));
  return json({ object: 'list', data: [...served, ...tuned] });
}

/**
 * OpenAI's create body (as `buildCreateParams` writes it for this row) in Together's words: the
 * hyperparameters at the top level, `training_method` and `training_type` as objects.
 */
export function toCreateBody(body: Record<string, unknown>): Record<string, unknown> {
  const method = (body.method ?? {}) as { type?: string; [key: string]: unknown };
  const type = method.type === 'dpo' ? 'dpo' : 'supervised';
  const h = ((method[type] as { hyperparameters?: Record<string, unknown> } | undefined)?.hyperparameters ??
    {}) as Record<string, unknown>;
  const lora = body.training_type !== 'Full';
  return {
    model: body.model,
    training_file: body.training_file,
    ...(body.validation_file ? { validation_file: body.validation_file, n_evals: 1 } : {}),
    ...(body.suffix ? { suffix: body.suffix } : {}),
    ...(h.n_epochs !== undefined ? { n_epochs: h.n_epochs } : {}),
    ...(h.batch_size !== undefined ? { batch_size: h.batch_size } : {}),
    ...(h.learning_rate !== undefined ? { learning_rate: h.learning_rate } : {}),
    training_method:
      type === 'dpo'
        ? { method: 'dpo', ...(h.beta !== undefined ? { dpo_beta: h.beta } : {}) }
        : { method: 'sft', train_on_inputs: 'auto' },
    // LoRATrainingType requires a rank and alpha: these are Together's own examples' values.
    training_type: lora ? { type: 'Lora', lora_r: 8, lora_alpha: 16 } : { type: 'Full' },
  };
}
