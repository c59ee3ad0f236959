import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { rankTable, splitPattern, type EncodingName } from './encodings.js';
import { createTableCounter } from './rank-table.js';
import { tokenSegments } from './token-segments.js';

/*
 * The worker is inline CommonJS run with `eval: true`: the same code then works from the compiled dist/
 * and under vitest (which runs the .ts sources, where no .js worker file exists next to this module).
 * It counts with the rank table (rank-table.ts), read from its file, or sent over when it could not be
 * kept in one, and with `createTableCounter`, whose source is sent as text for the same reason.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const createTableCounter = new Function('return (' + workerData.counterSource + ')')();
const table = workerData.tablePath ? readFileSync(workerData.tablePath) : workerData.table;
const countTokens = createTableCounter(table, workerData.pattern, workerData.flags);
parentPort.on('message', (msg) => {
  try {
    const counts = new Uint32Array(msg.texts.length);
    for (let i = 0; i < msg.texts.length; i++) {
      const t = msg.texts[i];
      counts[i] = t === '' ? 0 : countTokens(t);
    }
    parentPort.postMessage({ id: msg.id, counts }, [counts.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: String(error && error.message || error) });
  }
});
`;

/** What a worker needs to count with one encoding. */
interface WorkerInput {
  readonly counterSource: string;
  readonly pattern: string;
  readonly flags: string;
  readonly tablePath: string | null;
  readonly table: Uint8Array | null;
}

function workerInput(encoding: EncodingName): WorkerInput {
  const { bytes, path } = rankTable(encoding);
  const { source, flags } = splitPattern(encoding);
  return {
    counterSource: createTableCounter.toString(),
    pattern: source,
    flags,
    tablePath: path,
    table: path === null ? bytes : null,
  };
}

interface Pending {
  readonly resolve: (counts: Uint32Array) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  failed: boolean;
}

type Reply = { id: number; counts: Uint32Array } | { id: number; error: string };

/** Workers to use beside the main thread: the other cores, at most 3, at least 1. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(3, availableParallelism() - 1));
}

/** A few worker threads that count the tokens of batches of strings with one encoding. */
export class TokenCountPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly encoding: EncodingName,
    size: number = defaultPoolSize(),
  ) {
    const input = workerInput(encoding);
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn(input));
  }

  /** Batches sent and not yet answered. */
  get inFlight(): number {
    return this.slots.reduce((n, slot) => n + slot.pending.size, 0);
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Token counts of `texts`, index for index, as `countTextTokens` gives them (long runs are cut here,
   * so the worker only counts). Rejects if the worker fails; callers may count locally.
   */
  async count(texts: readonly string[]): Promise<Uint32Array> {
    const pieces: string[] = [];
    const spans = new Uint32Array(texts.length);
    texts.forEach((text, i) => {
      const segments = tokenSegments(text);
      spans[i] = segments.length;
      for (const s of segments) pieces.push(s);
    });
    const counts = await this.countPieces(pieces);
    if (pieces.length === texts.length) return counts;
    const out = new Uint32Array(texts.length);
    let k = 0;
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < (spans[i] ?? 0); j++) out[i] = (out[i] ?? 0) + (counts[k++] ?? 0);
    }
    return out;
  }

  private countPieces(texts: readonly string[]): Promise<Uint32Array> {
    if (this.closed) return Promise.reject(new Error('token pool is closed'));
    const live = this.slots.filter((s) => !s.failed);
    const slot = live.reduce<Slot | undefined>(
      (best, s) => (best === undefined || s.pending.size < best.pending.size ? s : best),
      undefined,
    );
    if (!slot) return Promise.reject(new Error('no token worker is running'));
    const id = this.nextId++;
    return new Promise<Uint32Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // Referenced while it owes an answer, so the process waits for it; unreferenced when idle.
      slot.worker.ref();
      slot.worker.postMessage({ id, texts });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(input: WorkerInput): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: input });
    // An idle pool must not keep the process alive if a caller forgets close().
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), failed: false };
    const failAll = (error: Error): void => {
      slot.failed = true;
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    };
    worker.on('message', (reply: Reply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.counts);
    });
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('token worker exited')));
    return slot;
  }
}
