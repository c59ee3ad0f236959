// Remote providers played on 127.0.0.1 for screenshots and trying the wizard by hand: Azure OpenAI's
// v1 surface (/azure/openai/v1), Nebius (/nebius/v1) and Together AI's own API (/together/v1), each as
// small as the flow needs (models, upload, create, a job that trains for a few reads, events,
// checkpoints, a streamed chat reply). The test suite's simulators (test/api/fake-providers.ts,
// fake-together.ts) are the reference-checked ones; this is their plain-JS cousin, importing nothing.
//
//   node scripts/fake-providers.js        prints the variables that point each provider at it
import { createServer } from 'node:http';

const T0 = 1_765_000_000;
const unix = (date) => Date.parse(`${date}T00:00:00Z`) / 1000;
const KEYS = {
  azure: 'a2a2a2a2b3b3b3b3c4c4c4c4d5d5d5d5',
  nebius: 'nb-demo-key-0123456789',
  together: 'tg-demo-key-0123456789',
};

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const AZURE_MODELS = [
  {
    id: 'gpt-4.1-2025-04-14',
    object: 'model',
    created_at: 1_744_000_000,
    capabilities: { fine_tune: true, inference: true, chat_completion: true },
    deprecation: { fine_tune: unix('2027-04-14'), inference: unix('2027-10-14') },
  },
  {
    id: 'gpt-4.1-mini-2025-04-14',
    object: 'model',
    created_at: 1_744_000_000,
    capabilities: { fine_tune: true, inference: true, chat_completion: true },
    deprecation: { fine_tune: unix('2027-04-14'), inference: unix('2027-10-14') },
  },
  {
    id: 'gpt-4o-mini-2024-07-18.ft-7c1d2e',
    object: 'model',
    created_at: 1_760_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    fine_tune: 'ftjob-7c1d2e',
    capabilities: { fine_tune: true, inference: true, chat_completion: true },
    deprecation: { inference: unix('2027-01-14') },
  },
];
const NEBIUS_MODELS = [
  {
    id: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
    object: 'model',
    created: 1_721_000_000,
    owned_by: 'system',
  },
  { id: 'meta-llama/Llama-3.3-70B-Instruct', object: 'model', created: 1_733_000_000, owned_by: 'system' },
];
const TOGETHER_MODELS = [
  { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', object: 'model', created: 1, type: 'chat' },
  { id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1, type: 'chat' },
];

/** An OpenAI-shaped job that succeeds after a few reads, with loss events. */
function openAiJobs(tunedName) {
  const jobs = new Map();
  const status = (job) => (job.reads < 2 ? 'queued' : job.reads < 8 ? 'running' : 'succeeded');
  const object = (job) => ({
    id: job.id,
    object: 'fine_tuning.job',
    created_at: T0,
    finished_at: status(job) === 'succeeded' ? T0 + 60 : null,
    model: job.body.model,
    fine_tuned_model: status(job) === 'succeeded' ? tunedName(job) : null,
    organization_id: 'org-demo',
    status: status(job),
    error: null,
    estimated_finish: null,
    trained_tokens: status(job) === 'succeeded' ? 12_345 : null,
    training_file: job.body.training_file,
    validation_file: job.body.validation_file ?? null,
    result_files: [],
    hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    method: job.body.method ?? { type: 'supervised' },
    seed: 7,
  });
  const events = (job) => {
    const out = [
      {
        id: `${job.id}-0`,
        object: 'fine_tuning.job.event',
        created_at: T0,
        level: 'info',
        message: 'Validating training file',
        type: 'message',
        data: {},
      },
    ];
    const steps = Math.min(6, Math.max(0, job.reads - 1)) * 5;
    for (let step = 1; step <= steps; step += 1) {
      out.push({
        id: `${job.id}-${step}`,
        object: 'fine_tuning.job.event',
        created_at: T0 + step,
        level: 'info',
        message: `Step ${step}/30: training loss=${(2 / (1 + step / 6)).toFixed(2)}`,
        type: 'metrics',
        data: { step, total_steps: 30, train_loss: 2 / (1 + step / 6), valid_loss: 2.2 / (1 + step / 7) },
      });
      if (step % 10 === 0)
        out.push({
          id: `${job.id}-c${step}`,
          object: 'fine_tuning.job.event',
          created_at: T0 + step,
          level: 'info',
          message: `Checkpoint created at step ${step}`,
          type: 'message',
          data: {},
        });
    }
    if (status(job) === 'succeeded')
      out.push({
        id: `${job.id}-done`,
        object: 'fine_tuning.job.event',
        created_at: T0 + 60,
        level: 'info',
        message: 'The job has successfully completed',
        type: 'message',
        data: {},
      });
    return out.reverse();
  };
  return { jobs, object, events };
}

function openAiLike(models, tunedName, prefix) {
  const { jobs, object, events } = openAiJobs(tunedName);
  let files = 0;
  return (req, res, path, body) => {
    const m = /^fine_tuning\/jobs\/([^/]+)(?:\/(\w+))?$/.exec(path);
    const job = m ? jobs.get(m[1]) : undefined;
    if (req.method === 'GET' && path === 'models') return send(res, 200, { object: 'list', data: models });
    if (req.method === 'POST' && path === 'files') {
      files += 1;
      return send(res, 200, {
        id: `file-${prefix}${files}`,
        object: 'file',
        bytes: body.length,
        created_at: T0,
        filename: 'data.jsonl',
        purpose: 'fine-tune',
        status: 'processed',
      });
    }
    if (req.method === 'POST' && path === 'fine_tuning/jobs') {
      const created = { id: `ftjob-${prefix}${jobs.size + 1}`, body: JSON.parse(body), reads: 0 };
      jobs.set(created.id, created);
      return send(res, 200, object(created));
    }
    if (req.method === 'GET' && path === 'fine_tuning/jobs')
      return send(res, 200, { object: 'list', data: [...jobs.values()].map(object), has_more: false });
    if (job && req.method === 'GET' && !m[2]) {
      job.reads += 1;
      return send(res, 200, object(job));
    }
    if (job && m[2] === 'events')
      return send(res, 200, { object: 'list', data: events(job), has_more: false });
    if (job && m[2] === 'checkpoints') return send(res, 200, { object: 'list', data: [], has_more: false });
    if (job && m[2] === 'cancel') return send(res, 200, { ...object(job), status: 'cancelled' });
    if (req.method === 'POST' && path === 'chat/completions') return chat(res);
    if (req.method === 'POST' && path === 'completions') return completion(res);
    return send(res, 404, {
      error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null },
    });
  };
}

function completion(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (text, finish) => ({
    id: 'c1',
    object: 'text_completion',
    created: T0,
    model: 'demo',
    choices: [{ index: 0, text, finish_reason: finish, logprobs: null }],
  });
  res.write(`data: ${JSON.stringify(chunk(' billing', null))}\n\n`);
  res.write(`data: ${JSON.stringify(chunk('', 'stop'))}\n\n`);
  res.end('data: [DONE]\n\n');
}

function chat(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta, finish) => ({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: T0,
    model: 'demo',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: 'billing' }, null))}\n\n`);
  res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Together's own shapes: `/files/upload`, `/fine-tunes`, ISO dates, a bare model array. */
function together() {
  const jobs = new Map();
  const status = (job) => (job.reads < 2 ? 'pending' : job.reads < 6 ? 'running' : 'completed');
  const object = (job) => ({
    id: job.id,
    status: status(job),
    created_at: new Date(T0 * 1000).toISOString(),
    updated_at: new Date((T0 + 60) * 1000).toISOString(),
    model: job.body.model,
    model_output_name: `demo/Meta-Llama-3.1-8B-Instruct-Reference-${job.body.suffix ?? 'ft'}-9f3a`,
    training_file: job.body.training_file,
    n_epochs: job.body.n_epochs ?? 1,
    token_count: 9876,
  });
  return (req, res, path, body) => {
    const m = /^fine-tunes\/([^/]+)(?:\/(\w+))?$/.exec(path);
    const job = m ? jobs.get(m[1]) : undefined;
    if (req.method === 'GET' && path === 'models') return send(res, 200, TOGETHER_MODELS);
    if (req.method === 'POST' && path === 'files/upload')
      return send(res, 200, {
        id: 'file-tg1',
        object: 'file',
        created_at: T0,
        filename: 'data.jsonl',
        bytes: body.length,
        purpose: 'fine-tune',
        Processed: true,
        FileType: 'jsonl',
        LineCount: 10,
      });
    if (req.method === 'POST' && path === 'fine-tunes') {
      const created = { id: `ft-demo${jobs.size + 1}`, body: JSON.parse(body), reads: 0 };
      jobs.set(created.id, created);
      return send(res, 200, object(created));
    }
    if (req.method === 'GET' && path === 'fine-tunes')
      return send(res, 200, { data: [...jobs.values()].map(object) });
    if (job && req.method === 'GET' && !m[2]) {
      job.reads += 1;
      return send(res, 200, object(job));
    }
    if (job && m[2] === 'events') {
      const steps = Math.min(4, Math.max(0, job.reads - 1));
      const events = [
        {
          object: 'fine-tune-event',
          created_at: new Date(T0 * 1000).toISOString(),
          level: 'info',
          message: 'Fine tune request created',
          type: 'job_pending',
          step: 0,
          total_steps: 4,
          hash: `${job.id}-0`,
        },
      ];
      for (let step = 1; step <= steps; step += 1)
        events.push({
          object: 'fine-tune-event',
          created_at: new Date((T0 + step) * 1000).toISOString(),
          level: 'info',
          message: `Step ${step}/4, loss: ${(1.6 / step).toFixed(2)}`,
          type: 'epoch_complete',
          step,
          total_steps: 4,
          hash: `${job.id}-${step}`,
        });
      return send(res, 200, { data: events });
    }
    if (job && m[2] === 'checkpoints') return send(res, 200, { data: [] });
    if (job && m[2] === 'cancel') return send(res, 200, { ...object(job), status: 'cancel_requested' });
    if (req.method === 'POST' && path === 'chat/completions') return chat(res);
    if (req.method === 'POST' && path === 'completions') return completion(res);
    return send(res, 404, {
      error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null },
    });
  };
}

export async function startFakeProviders() {
  const routes = {
    '/azure/openai/v1/': openAiLike(AZURE_MODELS, (job) => `${job.body.model}.ft-${job.id.slice(-6)}`, 'az'),
    '/nebius/v1/': openAiLike(NEBIUS_MODELS, () => null, 'nb'),
    '/together/v1/': together(),
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const prefix = Object.keys(routes).find((p) => url.pathname.startsWith(p));
      if (!prefix)
        return send(res, 404, {
          error: { message: 'no such provider', type: 'invalid_request_error', code: null },
        });
      routes[prefix](req, res, url.pathname.slice(prefix.length), Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    env: [
      `AZURE_OPENAI_API_KEY=${KEYS.azure}`,
      `AZURE_OPENAI_ENDPOINT=${origin}/azure/`,
      `NEBIUS_API_KEY=${KEYS.nebius}`,
      `NEBIUS_BASE_URL=${origin}/nebius/v1/`,
      `TOGETHER_API_KEY=${KEYS.together}`,
      `TOGETHER_BASE_URL=${origin}/together/v1`,
    ],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const providers = await startFakeProviders();
  process.stdout.write(`${providers.env.map((line) => `export ${line}`).join('\n')}\n`);
}
