import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { runQualityChecks, type QualityInput, type QualityProgress, type QualityResult } from './checks.js';
import type { QualityRows } from './collector.js';
import { buffersOf, RemoteQualityCollector } from './remote-collector.js';

/** The young generation of the checks' thread (a small one keeps the peak memory down). */
const YOUNG_GENERATION = { maxYoungGenerationSizeMb: 4 };

/** A thread started ahead by prestartQualityThread, waiting for its rows. */
let waiting: Worker | null = null;
/** Threads started ahead that have ended (an error, or out of memory while collecting rows). */
const ended = new WeakSet<Worker>();

const checksUrl = (): URL => new URL('./checks.js', import.meta.url);

/** Below this many rows the checks take well under a tenth of a second: run where we are. */
const THREAD_ROWS = 20_000;

/*
 * Inline CommonJS (as core/token-pool.ts): it imports the compiled checks by URL, so the same code runs
 * from dist/; under vitest (which runs the .ts sources) there is no such module and the checks run here.
 * A thread started ahead may first be sent pass 1's rows (remote-collector.ts), in order: each message
 * waits for the module as the checks do, so they are read in the order they came.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const onProgress = (progress) => parentPort.postMessage({ progress });
const loaded = import(workerData.url);
let collecting = null;
const run = (input) =>
  loaded.then(
    (m) => {
      const rows = collecting === null ? input.data : collecting.collector.result();
      const result = m.runQualityChecks({ ...input, data: rows, onProgress });
      parentPort.postMessage({ result, labels: collecting === null ? undefined : rows.labels });
    },
    (error) => parentPort.postMessage({ failed: String((error && error.message) || error) }),
  );
const collect = (message) => {
  const rowsMessage = ['batch', 'expect', 'reset', 'send'].some((key) => message[key] !== undefined);
  if (!rowsMessage) {
    parentPort.off('message', collect);
    run(message);
    return;
  }
  loaded.then((m) => {
    collecting ??= new m.CollectingEnd();
    const back = collecting.receive(message);
    if (back !== null) parentPort.postMessage({ rows: back.rows }, back.transfer);
  }, () => undefined);
};
// Started ahead (prestartQualityThread): the checks load now; rows and input come by message.
if (workerData.input === undefined) parentPort.on('message', collect);
else run(workerData.input);
`;

/** What the checks' thread answers. */
interface ChecksReply {
  readonly result?: QualityResult;
  readonly labels?: QualityRows['labels'];
  readonly failed?: string;
  readonly progress?: QualityProgress;
}

/**
 * The quality checks off the user interface's thread (docs/quality-checks.md): a big file's checks run
 * on a worker thread when called from the main one (the wizard), and where they are called otherwise
 * (prepare's engine already runs on its own thread) unless `ownThread` asks for one there too (prepare
 * --yes writes while they run). Falls back to this thread if no worker can run them.
 */
export async function runQualityOffThread(input: QualityInput, ownThread = false): Promise<QualityResult> {
  const ahead = waiting;
  waiting = null;
  if ((!isMainThread && !ownThread) || input.data.rows < THREAD_ROWS) {
    // Its memory is not kept beside the checks run here (big files run them in place).
    void ahead?.terminate();
    return runQualityChecks(input);
  }
  const url = checksUrl();
  // Run from the sources (vitest) there is no compiled module for a worker to load.
  if (!existsSync(fileURLToPath(url))) return runQualityChecks(input);
  // Off the main thread the caller gives the rows away: moved, not copied (peak memory).
  const moved = !isMainThread;
  const { signal, onProgress, ...plain } = input;
  let worker: Worker | null = null;
  try {
    if (ahead !== null) {
      worker = ahead;
      worker.postMessage(plain, moved ? buffersOf(plain.data) : []);
    } else {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { url: url.href, input: plain },
        resourceLimits: YOUNG_GENERATION,
        ...(moved ? { transferList: buffersOf(plain.data) } : {}),
      });
    }
  } catch {
    worker = null;
  }
  const done = worker === null ? null : ((await answerOf(worker, signal, onProgress))?.result ?? null);
  signal?.throwIfAborted();
  if (done !== null) return done;
  // Moved rows are gone from here: nothing is left to check them with.
  if (moved) throw new Error('the quality checks stopped on their thread');
  return runQualityChecks(input);
}

/** The answer of a thread running the checks (null if it failed); it ends with the answer. */
function answerOf(
  worker: Worker,
  signal: AbortSignal | undefined,
  onProgress: ((progress: QualityProgress) => void) | undefined,
): Promise<ChecksReply | null> {
  worker.ref();
  return new Promise<ChecksReply | null>((resolve, reject) => {
    const stop = (): void => {
      void worker.terminate();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    const finish = (reply: ChecksReply | null): void => {
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      resolve(reply);
    };
    worker.on('message', (reply: ChecksReply) => {
      if (reply.progress !== undefined) onProgress?.(reply.progress);
      else finish(reply.result === undefined ? null : reply);
    });
    worker.on('error', () => finish(null));
    // A thread that ended without an answer (or before this asked) gives none.
    worker.once('exit', () => finish(null));
    if (ended.has(worker)) finish(null);
  });
}

/**
 * The thread started ahead, to read pass 1's rows for the checks there (prepare --yes, while pass 1 reads
 * on this one); null when none was. `runQualityOnCollected` then runs the checks on them.
 */
export function collectOnThread(): RemoteQualityCollector | null {
  const worker = waiting;
  waiting = null;
  if (worker === null) return null;
  const collector = new RemoteQualityCollector(worker);
  threads.set(collector, worker);
  return collector;
}

/** The thread of each `collectOnThread` collector. */
const threads = new WeakMap<RemoteQualityCollector, Worker>();
/** Collectors whose checks run (or ran) on their thread. */
const checking = new WeakSet<RemoteQualityCollector>();

/** The checks over the rows a `collectOnThread` collector sent, on its thread; with the label texts. */
export async function runQualityOnCollected(
  collector: RemoteQualityCollector,
  input: Omit<QualityInput, 'data'>,
): Promise<{ readonly result: QualityResult; readonly labels: QualityRows['labels'] }> {
  const { signal, onProgress, ...plain } = input;
  const worker = threads.get(collector);
  if (worker === undefined) throw new Error('the quality checks have no thread for these rows');
  collector.flush();
  checking.add(collector);
  worker.postMessage(plain);
  const reply = await answerOf(worker, signal, onProgress);
  signal?.throwIfAborted();
  // The rows are on that thread only: nothing is left here to check them with.
  if (reply?.result === undefined) throw new Error('the quality checks stopped on their thread');
  return { result: reply.result, labels: reply.labels ?? [] };
}

/**
 * The rows a `collectOnThread` collector sent, moved back here, and its thread ended: for checks that run
 * where pass 1 ran (a file of 400,000 rows and more, whose checks run before writing, in place, so that
 * their arrays and pass 2's are never in memory at once; their result is not copied back either).
 */
export async function collectedRows(collector: RemoteQualityCollector): Promise<QualityRows> {
  const worker = threads.get(collector);
  if (worker === undefined) throw new Error('the quality checks have no thread for these rows');
  collector.flush();
  checking.add(collector);
  worker.ref();
  const rows = await new Promise<QualityRows | null>((resolve) => {
    worker.on('message', (reply: { rows?: QualityRows }) => {
      if (reply.rows !== undefined) resolve(reply.rows);
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
    if (ended.has(worker)) resolve(null);
    worker.postMessage({ send: true });
  });
  void worker.terminate();
  if (rows === null) throw new Error('the quality checks stopped on their thread');
  return rows;
}

/** Ends a `collectOnThread` thread unless its checks run there (the analysis stopped before them). */
export function endCollecting(collector: RemoteQualityCollector): void {
  if (!checking.has(collector)) void threads.get(collector)?.terminate();
}

/**
 * Starts the checks' thread ahead of their rows (prepare --yes on a file big enough for them to run
 * there): the thread and the compiled checks load while pass 1 reads, not after it. The next
 * runQualityOffThread takes it; one that runs the checks where it is ends it unused.
 */
export function prestartQualityThread(): void {
  if (waiting !== null) return;
  const url = checksUrl();
  if (!existsSync(fileURLToPath(url))) return;
  try {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url: url.href },
      resourceLimits: YOUNG_GENERATION,
    });
    // Idle, it keeps nothing alive; a thread that failed to start is not handed rows.
    worker.unref();
    worker.once('error', () => {
      if (waiting === worker) waiting = null;
    });
    // One that ends while pass 1 sends it rows is not waited for.
    worker.once('exit', () => ended.add(worker));
    waiting = worker;
  } catch {
    waiting = null;
  }
}
