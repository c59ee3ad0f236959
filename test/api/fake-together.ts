import { sendChatStream, sendJson } from './fake-api.js';
import { sendApiError, type Simulator } from './fake-providers.js';

/**
 * Together AI's own fine-tuning API, shaped as its reference says (https://docs.together.ai/reference/,
 * generated from openapi.yaml in github.com/togethercomputer/openapi): `POST /files/upload`,
 * `POST|GET /fine-tunes`, `GET /fine-tunes/{id}`, `POST /fine-tunes/{id}/cancel`,
 * `GET /fine-tunes/{id}/events`, `GET /fine-tunes/{id}/checkpoints`, and `GET /models` as a bare array.
 */
export interface TogetherJob {
  readonly id: string;
  readonly body: Record<string, unknown>;
  reads: number;
  cancelled: boolean;
}

const ISO = (seconds: number) => new Date((1_765_000_000 + seconds) * 1000).toISOString();
export const TOGETHER_TUNED = 'sim-user/Meta-Llama-3.1-8B-Instruct-Reference-topics-3f2a1b';

// FinetuneJobStatus: pending, queued, running, compressing, uploading, cancel_requested, cancelled,
// error, completed.
function statusOf(job: TogetherJob): string {
  if (job.cancelled) return job.reads <= 1 ? 'cancel_requested' : 'cancelled';
  return job.reads <= 1 ? 'pending' : job.reads === 2 ? 'running' : 'completed';
}

// FinetuneResponse (GET /fine-tunes/{id}); the truncated form answers POST, list and cancel.
function jobObject(job: TogetherJob) {
  const status = statusOf(job);
  return {
    id: job.id,
    status,
    created_at: ISO(0),
    updated_at: ISO(9),
    model: job.body.model,
    model_output_name: TOGETHER_TUNED,
    training_file: job.body.training_file,
    validation_file: job.body.validation_file ?? '',
    n_epochs: job.body.n_epochs ?? 1,
    batch_size: job.body.batch_size ?? 'max',
    learning_rate: job.body.learning_rate ?? 0.00001,
    training_method: job.body.training_method,
    training_type: job.body.training_type,
    suffix: job.body.suffix,
    token_count: status === 'completed' ? 4321 : 0,
    events: [],
  };
}

// FineTuneEvent: `created_at` a string, `type` one of FinetuneEventType, `step`/`total_steps` numbers.
function eventsOf(job: TogetherJob) {
  const status = statusOf(job);
  const e = (n: number, type: string, message: string, step = 0) => ({
    object: 'fine-tune-event',
    created_at: ISO(n),
    level: 'info',
    message,
    type,
    param_count: 0,
    token_count: 0,
    total_steps: 2,
    wandb_url: '',
    step,
    checkpoint_path: '',
    model_path: '',
    training_offset: 0,
    hash: `h${job.id}${n}`,
  });
  const events = [e(1, 'job_pending', 'Fine tune request created')];
  if (status !== 'pending' && status !== 'cancel_requested') {
    events.push(e(2, 'training_start', 'Training started'));
    events.push(e(3, 'checkpoint_save', 'Step 1/2, loss: 1.25', 1));
  }
  if (status === 'completed') events.push(e(4, 'job_complete', 'Job finished at step 2', 2));
  if (status === 'cancelled') events.push(e(5, 'job_stopped', 'Job cancelled'));
  return events;
}

export function together(): { handle: Simulator; jobs: Map<string, TogetherJob> } {
  const jobs = new Map<string, TogetherJob>();
  const handle: Simulator = (req, res, path) => {
    const route = `${req.method} ${path}`;
    const m = /^fine-tunes\/([^/]+)(?:\/(\w+))?$/.exec(path);
    const job = m ? jobs.get(m[1] ?? '') : undefined;
    if (route === 'GET models') {
      // ModelInfoList: an array, not a list object.
      sendJson(res, 200, [
        { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', object: 'model', created: 1, type: 'chat' },
        { id: 'BAAI/bge-large-en-v1.5', object: 'model', created: 1, type: 'embedding' },
      ]);
    } else if (route === 'POST files/upload') {
      // FileResponse, with the capitalised fields the reference shows.
      const name = /name="file_name"\r\n\r\n([^\r]+)/.exec(req.body)?.[1] ?? '';
      sendJson(res, 200, {
        id: `file-tg${name.length}`,
        object: 'file',
        created_at: 1_765_000_000,
        filename: name,
        bytes: req.body.length,
        purpose: 'fine-tune',
        Processed: true,
        FileType: 'jsonl',
        LineCount: 12,
      });
    } else if (route === 'POST fine-tunes') {
      const created = {
        id: `ft-sim${jobs.size + 1}`,
        body: JSON.parse(req.body),
        reads: 0,
        cancelled: false,
      };
      jobs.set(created.id, created);
      sendJson(res, 200, jobObject(created));
    } else if (route === 'GET fine-tunes') {
      sendJson(res, 200, { data: [...jobs.values()].map(jobObject) });
    } else if (m !== null && job === undefined) {
      sendApiError(res, 404, `Fine-tune job ${m[1] ?? ''} not found`, 'not_found');
    } else if (job !== undefined && req.method === 'GET' && m?.[2] === undefined) {
      job.reads += 1;
      sendJson(res, 200, jobObject(job));
    } else if (job !== undefined && m?.[2] === 'events') {
      sendJson(res, 200, { data: eventsOf(job) });
    } else if (job !== undefined && m?.[2] === 'checkpoints') {
      // FinetuneListCheckpoints.
      sendJson(res, 200, {
        data: [{ step: 1, path: `${TOGETHER_TUNED}:1`, created_at: ISO(3), checkpoint_type: 'intermediate' }],
      });
    } else if (job !== undefined && route === `POST fine-tunes/${job.id}/cancel`) {
      job.cancelled = true;
      job.reads = 0;
      sendJson(res, 200, jobObject(job));
    } else if (route === 'POST chat/completions') {
      sendChatStream(res, TOGETHER_TUNED, 'sports');
    } else {
      return false;
    }
    return true;
  };
  return { handle, jobs };
}
