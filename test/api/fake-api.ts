import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake API saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeApi {
  /** `http://127.0.0.1:PORT` (no path). */
  readonly origin: string;
  /** Every request so far, in arrival order. */
  readonly requests: SeenRequest[];
  /** Replaces how requests are answered (each test sets its own scenario). */
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

/**
 * A recording HTTP server on 127.0.0.1, port 0: the tests decide every answer, so they can play
 * OpenAI, Azure OpenAI or a failing API and then check what the real SDK sent.
 */
export async function startFakeApi(handler: Handler = (_, res) => sendJson(res, 404, {})): Promise<FakeApi> {
  let handle = handler;
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(handle(seen, res)).catch((error: unknown) => {
        sendJson(res, 500, { error: { message: String(error), type: 'test_error' } });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (next) => {
      handle = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** An error in the API's shape: `{"error": {"message", "type", "param", "code"}}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: string; headers?: Record<string, string> } = {},
): void {
  const body = { error: { message, type: 'invalid_request_error', param: null, code: options.code ?? null } };
  sendJson(res, status, body, options.headers);
}

/** A streamed chat completion (server-sent events) that says `text` in one delta. */
export function sendChatStream(res: ServerResponse, model: string, text: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_760_000_000, model };
  const chunks = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ];
  for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** A job object in the API's shape; `fields` override the defaults. */
export function jobObject(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'ftjob-fake1',
    object: 'fine_tuning.job',
    created_at: 1_760_000_000,
    finished_at: null,
    model: 'gpt-4o-mini-2024-07-18',
    fine_tuned_model: null,
    organization_id: 'org-fake',
    status: 'validating_files',
    error: null,
    estimated_finish: null,
    trained_tokens: null,
    training_file: 'file-train1',
    validation_file: null,
    result_files: [],
    hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    method: { type: 'supervised' },
    seed: 42,
    metadata: null,
    ...fields,
  };
}

export function fileObject(id: string, filename: string, bytes: number): Record<string, unknown> {
  return {
    id,
    object: 'file',
    bytes,
    created_at: 1_760_000_000,
    filename,
    purpose: 'fine-tune',
    status: 'processed',
  };
}
