import type { ServerResponse } from 'node:http';
import { sendChatStream, sendJson, type SeenRequest } from './fake-api.js';

/**
 * Providers as their API references describe them, for one recording server per test file: each
 * simulator answers the paths under its prefix (`/azure/openai/v1/…`, `/nebius/v1/…`, `/together/v1/…`,
 * `/compat/v1/…`) and keeps its own files and jobs. A job moves on each time it is read: queued →
 * running (two metrics events, a checkpoint) → succeeded. The comment above each shape names its page.
 */
export type Simulator = (req: SeenRequest, res: ServerResponse, path: string) => boolean;

export interface SimJob {
  readonly id: string;
  readonly body: Record<string, unknown>;
  reads: number;
  cancelled: boolean;
  paused: boolean;
}

const T0 = 1_765_000_000;

/** An error in OpenAI's shape (Azure's, Nebius's and Together's `ErrorData` share it). */
export function sendApiError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code } }, headers);
}

/** The status a job has after `reads` reads. */
function statusOf(job: SimJob): 'queued' | 'running' | 'paused' | 'succeeded' | 'cancelled' {
  if (job.cancelled) return 'cancelled';
  if (job.paused) return 'paused';
  return job.reads <= 1 ? 'queued' : job.reads === 2 ? 'running' : 'succeeded';
}

/** Events so far, oldest first, in OpenAI's `fine_tuning.job.event` shape. */
function eventsOf(job: SimJob): Array<Record<string, unknown>> {
  const status = statusOf(job);
  const e = (n: number, message: string, type = 'message', data: unknown = {}) => ({
    id: `ftevent-${job.id}-${n}`,
    object: 'fine_tuning.job.event',
    created_at: T0 + n,
    level: 'info',
    message,
    type,
    data,
  });
  const events = [e(1, 'Validating training file')];
  if (status !== 'queued') {
    events.push(e(2, 'Fine-tuning job started'));
    events.push(
      e(3, 'Step 1/2: training loss=1.20', 'metrics', { step: 1, total_steps: 2, train_loss: 1.2 }),
    );
    events.push(e(4, 'Checkpoint created at step 1'));
  }
  if (status === 'succeeded') {
    events.push(
      e(5, 'Step 2/2: training loss=0.60', 'metrics', { step: 2, total_steps: 2, train_loss: 0.6 }),
    );
    events.push(e(6, 'The job has successfully completed'));
  }
  if (status === 'cancelled') events.push(e(7, 'Job cancelled'));
  return events;
}

/** OpenAI's cursor page: newest first, `limit` after the id in `after`. */
function cursorPage(items: ReadonlyArray<Record<string, unknown>>, req: SeenRequest) {
  const after = req.url.searchParams.get('after');
  const start = after === null ? 0 : items.findIndex((i) => i.id === after) + 1;
  const limit = Number(req.url.searchParams.get('limit') ?? 20);
  return { object: 'list', data: items.slice(start, start + limit), has_more: start + limit < items.length };
}

export interface OpenAiLikeOptions {
  /** The name a succeeded job's model gets (null: the provider names none, as Nebius). */
  readonly tunedName: (job: SimJob) => string | null;
  readonly models: ReadonlyArray<Record<string, unknown>>;
  /** The tuned model answers chat under this name. */
  readonly chatModel: string;
  /** Job ids are `ftjob-{tag}{n}`: unique across providers, as their records share one folder. */
  readonly tag: string;
}

/**
 * The OpenAI fine-tuning API as Azure's v1 surface and Nebius serve it (same paths and shapes):
 * https://platform.openai.com/docs/api-reference/fine-tuning,
 * https://azure-foundry.mintlify.app/api-reference/fine-tuning/create-a-fine-tuning-job (Azure v1),
 * https://docs.tokenfactory.nebius.com/api-reference/fine-tuning/create-a-fine-tuning-job (Nebius).
 */
export function openAiLike(options: OpenAiLikeOptions): { handle: Simulator; jobs: Map<string, SimJob> } {
  const jobs = new Map<string, SimJob>();
  let files = 0;
  const jobObject = (job: SimJob) => {
    const status = statusOf(job);
    return {
      id: job.id,
      object: 'fine_tuning.job',
      created_at: T0,
      finished_at: status === 'succeeded' || status === 'cancelled' ? T0 + 9 : null,
      model: job.body.model,
      fine_tuned_model: status === 'succeeded' ? options.tunedName(job) : null,
      organization_id: 'org-sim',
      status,
      error: null,
      estimated_finish: null,
      trained_tokens: status === 'succeeded' ? 1234 : null,
      training_file: job.body.training_file,
      validation_file: job.body.validation_file ?? null,
      result_files: [],
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
      method: job.body.method ?? { type: 'supervised' },
      seed: 1,
      suffix: job.body.suffix ?? null,
    };
  };
  const handle: Simulator = (req, res, path) => {
    const route = `${req.method} ${path}`;
    const jobMatch = /^fine_tuning\/jobs\/([^/]+)(?:\/(\w+))?$/.exec(path);
    const job = jobMatch ? jobs.get(jobMatch[1] ?? '') : undefined;
    if (route === 'GET models') {
      sendJson(res, 200, { object: 'list', data: options.models });
    } else if (route === 'POST files') {
      files += 1;
      const name = /filename="([^"]+)"/.exec(req.body)?.[1] ?? 'data.jsonl';
      sendJson(res, 200, {
        id: `file-sim${files}`,
        object: 'file',
        bytes: req.body.length,
        created_at: T0,
        filename: name,
        purpose: 'fine-tune',
        status: 'processed',
      });
    } else if (route === 'POST fine_tuning/jobs') {
      const created: SimJob = {
        id: `ftjob-${options.tag}${jobs.size + 1}`,
        body: JSON.parse(req.body) as Record<string, unknown>,
        reads: 0,
        cancelled: false,
        paused: false,
      };
      jobs.set(created.id, created);
      sendJson(res, 200, jobObject(created));
    } else if (route === 'GET fine_tuning/jobs') {
      sendJson(res, 200, cursorPage([...jobs.values()].reverse().map(jobObject), req));
    } else if (jobMatch !== null && job === undefined) {
      sendApiError(res, 404, `Could not find fine-tuning job ${jobMatch[1] ?? ''}.`, 'not_found');
    } else if (job !== undefined && req.method === 'GET' && jobMatch?.[2] === undefined) {
      job.reads += 1;
      sendJson(res, 200, jobObject(job));
    } else if (job !== undefined && jobMatch?.[2] === 'events') {
      sendJson(res, 200, cursorPage(eventsOf(job).reverse(), req));
    } else if (job !== undefined && jobMatch?.[2] === 'checkpoints') {
      const done = statusOf(job) === 'succeeded';
      const data = done
        ? [
            {
              id: `ftckpt_${job.id}_1`,
              object: 'fine_tuning.job.checkpoint',
              created_at: T0 + 4,
              fine_tuned_model_checkpoint: `${options.tunedName(job) ?? job.id}:ckpt-step-1`,
              fine_tuning_job_id: job.id,
              metrics: { step: 1, train_loss: 1.2 },
              step_number: 1,
            },
          ]
        : [];
      sendJson(res, 200, { object: 'list', data, has_more: false });
    } else if (job !== undefined && ['cancel', 'pause', 'resume'].includes(jobMatch?.[2] ?? '')) {
      if (jobMatch?.[2] === 'cancel') job.cancelled = true;
      job.paused = jobMatch?.[2] === 'pause';
      sendJson(res, 200, jobObject(job));
    } else if (route === 'POST chat/completions') {
      sendChatStream(res, options.chatModel, 'sports');
    } else if (req.method === 'DELETE' && path.startsWith('models/')) {
      sendJson(res, 200, { id: decodeURIComponent(path.slice(7)), object: 'model', deleted: true });
    } else {
      return false;
    }
    return true;
  };
  return { handle, jobs };
}
