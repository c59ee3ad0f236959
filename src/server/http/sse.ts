/** Server-sent events as the API streams them: `data: {json}` frames, then `data: [DONE]`. */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const streams = new WeakMap<ServerResponse, EventStream>();

export class EventStream {
  private gone = false;
  /** Frames the reply produced (written, or dropped once the client had gone), for the log. */
  frames = 0;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.on('close', () => {
      if (!res.writableFinished) this.gone = true;
    });
    streams.set(res, this);
  }

  /** The client closed the connection before the end: stop producing. */
  get aborted(): boolean {
    return this.gone || this.res.destroyed;
  }

  send(data: unknown): void {
    this.frames += 1;
    if (!this.aborted) this.res.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  /** Between pieces of a reply: paces it for a person reading, and lets a disconnect be seen. */
  async pause(ms: number): Promise<void> {
    if (ms > 0) await sleep(ms);
  }

  /** A comment line (ignored by clients): keeps a quiet stream alive through idle timeouts. */
  comment(text: string): void {
    if (!this.aborted) this.res.write(`: ${text}\n\n`);
  }

  /** Runs `listener` once the connection closes, whoever closed it. */
  onClose(listener: () => void): void {
    this.res.once('close', listener);
  }

  done(): void {
    if (!this.aborted) this.res.end('data: [DONE]\n\n');
  }
}

export function streamOf(res: ServerResponse): EventStream | undefined {
  return streams.get(res);
}
