/**
 * The request pipeline: injected faults (when asked), bearer auth, routing, and answers in the
 * service's shapes. Errors become `{"error": {...}}` bodies; anything unexpected is a 500 whose
 * details go to the log, never to the client.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './errors.js';
import { streamOf } from './sse.js';
import type { Reply, Router } from './router.js';

export interface AppOptions {
  readonly apiKey: string;
  readonly injectFaults: number;
  readonly log: (line: string) => void;
  readonly requestLog?: (line: string) => void;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_${randomBytes(12).toString('hex')}`,
    ...headers,
  });
  res.end(text);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function authError(req: IncomingMessage, apiKey: string): ApiError | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) {
    return new ApiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  // Digests make the comparison constant-time whatever the lengths; the key is never echoed.
  if (!timingSafeEqual(digest(match[1].trim()), digest(apiKey))) {
    return new ApiError(
      401,
      'Incorrect API key provided. Use the key printed by `fine-tune serve` when it started, or the one given with --api-key.',
      'invalid_request_error',
      null,
      'invalid_api_key',
    );
  }
  return undefined;
}

/** Answers a fraction of requests with 429, 500 or a dropped connection, before touching state. */
async function injectFault(req: IncomingMessage, res: ServerResponse, rate: number): Promise<boolean> {
  if (rate <= 0 || Math.random() >= rate) return false;
  await sleep(Math.floor(Math.random() * 40));
  const kind = Math.floor(Math.random() * 3);
  if (kind === 2) {
    req.socket.destroy();
    return true;
  }
  req.resume();
  if (!req.readableEnded) await once(req, 'end').catch(() => undefined);
  const error =
    kind === 0
      ? new ApiError(
          429,
          'Rate limit reached for requests (injected fault).',
          'requests',
          null,
          'rate_limit_exceeded',
        )
      : new ApiError(
          500,
          'The server had an error while processing your request (injected fault).',
          'server_error',
        );
  sendJson(res, error.status, error.body(), { 'retry-after-ms': '20', connection: 'close' });
  return true;
}

function send(res: ServerResponse, reply: Reply): void {
  if ('streamed' in reply) return;
  if ('bytes' in reply) {
    res.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.bytes.length });
    res.end(reply.bytes);
    return;
  }
  sendJson(res, reply.status ?? 200, reply.json);
}

/** The request's URL, or a 400 for a target Node accepted but the URL parser refuses (`http://[`). */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://local');
  } catch {
    throw new ApiError(400, 'The request target is not a valid URL.', 'invalid_request_error');
  }
}

export function createHandler(
  router: Router,
  options: AppOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (await injectFault(req, res, options.injectFaults)) return;
    const method = req.method ?? 'GET';
    let pathname = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      const url = requestUrl(req);
      pathname = url.pathname;
      const denied = authError(req, options.apiKey);
      if (denied) throw denied;
      const path = pathname.startsWith('/v1/') ? pathname.slice(3) : undefined;
      const found = path === undefined ? undefined : router.match(method, path);
      if (!found) throw new ApiError(404, `Invalid URL (${method} ${pathname})`);
      send(res, await found.handler({ req, res, params: found.params, query: url.searchParams }));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        options.log(
          `error: ${method} ${pathname}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'The server had an error while processing your request.', 'server_error');
      // A body we stopped reading cannot be reused: close the connection after answering.
      const headers: Record<string, string> = req.readableEnded ? {} : { connection: 'close' };
      sendJson(res, apiError.status, apiError.body(), headers);
    }
  };
  return (req, res) => {
    const started = Date.now();
    // The last line of defence: nothing a client sends may end the process (and every running job).
    handle(req, res)
      .catch((error: unknown) => {
        options.log(`error: unhandled in request: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500, { connection: 'close' });
        res.destroy();
      })
      .finally(() => options.requestLog?.(requestLine(req, res, started)))
      .catch(() => undefined);
  };
}

/** `POST /v1/completions 200 12ms`; for a stream its client left early, how far the reply got. */
function requestLine(req: IncomingMessage, res: ServerResponse, started: number): string {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const stream = streamOf(res);
  const left =
    stream?.aborted === true ? ` (client left; the reply stopped after ${stream.frames} chunks)` : '';
  return `${req.method ?? 'GET'} ${path} ${res.statusCode} ${Date.now() - started}ms${left}`;
}
