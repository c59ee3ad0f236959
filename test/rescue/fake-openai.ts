import type { ServerResponse } from 'node:http';
import {
  fileObject,
  jobObject,
  sendError,
  sendJson,
  startFakeApi,
  type FakeApi,
  type SeenRequest,
} from '../api/fake-api.js';

/**
 * An OpenAI organisation with one fine-tune of gpt-4o-mini about to be shut down, played by a
 * recording server: the model list, the job that made the model, its two chat-format files, the
 * job's metrics events, and `/chat/completions` answering each question with a label derived from it.
 * Shapes follow OpenAI's API reference (each handler cites its page). Tests can make a question
 * answer 429 first, and hold answers back (to kill a client while requests are in flight).
 */
export const MODEL = 'ft:gpt-4o-mini-2024-07-18:acme:support:AbC123';
export const JOB = 'ftjob-acme1';
export const LABELS = ['billing', 'shipping', 'returns'] as const;

export function question(n: number): string {
  return `ticket ${n}: ${['invoice charged twice', 'parcel never arrived', 'want my money back'][n % 3]} #${n}`;
}

/** Chat lines as the model was trained on: system, the ticket, the label. */
export function chatLines(from: number, count: number): string {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    return JSON.stringify({
      messages: [
        { role: 'system', content: 'Label the ticket.' },
        { role: 'user', content: question(n) },
        { role: 'assistant', content: LABELS[n % 3] },
      ],
    });
  })
    .map((line) => `${line}\n`)
    .join('');
}

/** What the fake model answers: the right label, except every seventh ticket, which it gets wrong. */
export function fakeAnswer(userText: string): string {
  const n = Number(/ticket (\d+)/.exec(userText)?.[1] ?? 0);
  return LABELS[(n % 7 === 0 ? n + 1 : n) % 3] ?? 'billing';
}

export const TRAINING = chatLines(0, 60);
export const VALIDATION = chatLines(1000, 30);

export interface FakeOpenAi {
  readonly api: FakeApi;
  /** `OPENAI_BASE_URL` for the SDK. */
  readonly baseURL: string;
  /** The user message of every `/chat/completions` request, in arrival order. */
  readonly asked: string[];
  /** Questions (user text) that answer 429 once before being answered. */
  readonly rateLimitOnce: Set<string>;
  /** Answers `more` more questions, then holds every answer back until `release()`. */
  hold(more: number): void;
  release(): void;
  /** Requests held back right now. */
  held(): number;
  close(): Promise<void>;
}

function lastUser(body: string): string {
  const messages = (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages;
  return messages.findLast((m) => m.role === 'user')?.content ?? '';
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const asked: string[] = [];
  const rateLimitOnce = new Set<string>();
  let holdAfter: number | null = null;
  let answered = 0;
  const waiting: Array<() => void> = [];

  const answer = (request: SeenRequest, res: ServerResponse): void => {
    const text = lastUser(request.body);
    asked.push(text);
    if (rateLimitOnce.delete(text)) {
      // https://platform.openai.com/docs/guides/rate-limits: a 429 says how long to wait in its headers.
      sendError(res, 429, 'Rate limit reached for requests', {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after-ms': '20', 'retry-after': '1' },
      });
      return;
    }
    const reply = () => {
      answered += 1;
      // https://platform.openai.com/docs/api-reference/chat/object
      sendJson(res, 200, {
        id: `chatcmpl-${answered}`,
        object: 'chat.completion',
        created: 1_765_000_000,
        model: MODEL,
        choices: [
          { index: 0, message: { role: 'assistant', content: fakeAnswer(text) }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 20, completion_tokens: 1, total_tokens: 21 },
      });
    };
    if (holdAfter !== null && answered >= holdAfter) waiting.push(reply);
    else reply();
  };

  const api = await startFakeApi((request, res) => {
    const path = request.url.pathname;
    // https://platform.openai.com/docs/api-reference/models/list
    if (path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [
          { id: 'gpt-4o-mini-2024-07-18', object: 'model', created: 1_721_172_741, owned_by: 'system' },
          { id: MODEL, object: 'model', created: 1_760_000_000, owned_by: 'acme' },
        ],
      });
    }
    // https://platform.openai.com/docs/api-reference/fine-tuning/list
    if (path === '/v1/fine_tuning/jobs') {
      const hyperparameters = { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 };
      return sendJson(res, 200, {
        object: 'list',
        has_more: false,
        data: [
          jobObject({
            id: JOB,
            status: 'succeeded',
            fine_tuned_model: MODEL,
            finished_at: 1_760_000_900,
            training_file: 'file-train',
            validation_file: 'file-valid',
            trained_tokens: 36_000,
            hyperparameters,
            method: { type: 'supervised', supervised: { hyperparameters } },
            user_provided_suffix: 'support',
          }),
        ],
      });
    }
    // https://platform.openai.com/docs/api-reference/fine-tuning/list-events: metrics carry total_steps.
    if (path === `/v1/fine_tuning/jobs/${JOB}/events`) {
      return sendJson(res, 200, {
        object: 'list',
        has_more: false,
        data: [
          {
            object: 'fine_tuning.job.event',
            id: 'ftevent-1',
            created_at: 1_760_000_800,
            level: 'info',
            message: 'Step 180/180: training loss=0.01',
            type: 'metrics',
            data: { step: 180, total_steps: 180, train_loss: 0.01 },
          },
        ],
      });
    }
    // https://platform.openai.com/docs/api-reference/files/retrieve and /retrieve-contents
    const files: Record<string, string> = { 'file-train': TRAINING, 'file-valid': VALIDATION };
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (file) {
      const content = files[file[1] ?? ''];
      if (content === undefined) return sendError(res, 404, `No such File object: ${file[1]}`);
      if (file[2]) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(content);
      }
      return sendJson(res, 200, fileObject(file[1] ?? '', `${file[1]}.jsonl`, Buffer.byteLength(content)));
    }
    if (path === '/v1/chat/completions' && request.method === 'POST') return answer(request, res);
    return sendError(res, 404, `Unknown request ${request.method} ${path}`);
  });
  return {
    api,
    baseURL: `${api.origin}/v1`,
    asked,
    rateLimitOnce,
    hold: (more) => {
      holdAfter = answered + more;
    },
    release: () => {
      holdAfter = null;
      for (const reply of waiting.splice(0)) reply();
    },
    held: () => waiting.length,
    close: () => api.close(),
  };
}
