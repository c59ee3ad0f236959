/** A small method + path router: `/files/:id/content` patterns, params URL-decoded. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Call {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export type Reply =
  | { readonly json: unknown; readonly status?: number }
  | { readonly bytes: Buffer; readonly contentType: string }
  /** The handler wrote the response itself (streaming). */
  | { readonly streamed: true };

export type Handler = (call: Call) => Promise<Reply> | Reply;

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const segments = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.parts.every((part, i) => {
        const segment = segments[i] ?? '';
        if (part.startsWith(':')) {
          params[part.slice(1)] = safeDecode(segment);
          return true;
        }
        return part === segment;
      });
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
