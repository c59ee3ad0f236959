import OpenAI from 'openai';

/**
 * An OpenAI client whose fetch is answered in-process: each request is recorded and answered by
 * the test's script (a 404, or SSE chunks; `hang` keeps the stream open until the request aborts).
 * For UI tests that need exact control; behaviour against the real server is in local-*.test.ts.
 */
export interface FakeCall {
  readonly path: string;
  readonly body: Record<string, unknown>;
}
export type FakeAnswer =
  { readonly status: 404 | 429 } | { readonly chunks: readonly string[]; readonly hang?: boolean };

function sseChunk(path: string, text: string): string {
  const body = path.endsWith('/chat/completions')
    ? {
        id: 'c',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'm',
        choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
      }
    : {
        id: 'c',
        object: 'text_completion',
        created: 0,
        model: 'm',
        choices: [{ index: 0, text, finish_reason: null, logprobs: null }],
      };
  return `data: ${JSON.stringify(body)}\n\n`;
}

export function fakeClient(
  answer: (call: FakeCall, index: number) => FakeAnswer,
  checkpoints: readonly string[] = [],
  /** What `GET /models` lists (https://platform.openai.com/docs/api-reference/models/list). */
  models: readonly string[] = [],
): {
  client: OpenAI;
  calls: FakeCall[];
  /** How many times the model list was asked for. */
  lists: () => number;
} {
  const calls: FakeCall[] = [];
  let lists = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
    if (path.endsWith('/models')) {
      lists += 1;
      const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'system' }));
      return Response.json({ object: 'list', data });
    }
    if (path.endsWith('/checkpoints')) {
      // The model switcher lists the job's checkpoints; not part of what the tests count.
      const data = checkpoints.map((id, i) => ({
        id: `ftckpt-${i}`,
        object: 'fine_tuning.job.checkpoint',
        created_at: 0,
        fine_tuned_model_checkpoint: id,
        fine_tuning_job_id: 'ftjob-1',
        step_number: (i + 1) * 10,
        metrics: {},
      }));
      return Response.json({ object: 'list', data, has_more: false });
    }
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>;
    const call = { path, body };
    calls.push(call);
    const reply = answer(call, calls.length - 1);
    if ('status' in reply) {
      return new Response(
        JSON.stringify({
          error: {
            message: 'The model does not exist',
            type: 'invalid_request_error',
            param: 'model',
            code: 'model_not_found',
          },
        }),
        {
          status: reply.status,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    if (body.stream !== true) {
      const text = reply.chunks.join('');
      return Response.json(
        path.endsWith('/chat/completions')
          ? {
              id: 'c',
              object: 'chat.completion',
              created: 0,
              model: 'm',
              choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
            }
          : {
              id: 'c',
              object: 'text_completion',
              created: 0,
              model: 'm',
              choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }],
            },
      );
    }
    const encoder = new TextEncoder();
    const signal = init?.signal;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const text of reply.chunks) controller.enqueue(encoder.encode(sseChunk(path, text)));
        if (!reply.hang) {
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
          return;
        }
        signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')), {
          once: true,
        });
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    client: new OpenAI({ apiKey: 'test-key', baseURL: 'http://fake.test/v1', fetch, maxRetries: 0 }),
    calls,
    lists: () => lists,
  };
}

/** Polls until `check` passes (Ink frames land asynchronously). */
export async function waitFor(check: () => void, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Types after a short pause, as a person would (a streamed reply may be drawing in between). */
export async function press(ui: { stdin: { write: (data: string) => void } }, data: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  ui.stdin.write(data);
}

export const KEY = {
  enter: '\r',
  escape: '\u001b',
  down: '\u001b[B',
  up: '\u001b[A',
  ctrl: (c: string) => String.fromCharCode(c.charCodeAt(0) - 96),
} as const;
