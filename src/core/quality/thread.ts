import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { runQualityChecks, type QualityInput, type QualityProgress, type QualityResult } from './checks.js';

/** The young generation of the checks' thread (a small one keeps the peak memory down). */
const YOUNG_GENERATION = { maxYoungGenerationSizeMb: 4 };

/** A thread started ahead by prestartQualityThread, waiting for its rows. */
let waiting: Worker | null = null;

const checksUrl = (): URL => new URL('./checks.js', import.meta.url);

/** Below this many rows the checks take well under a tenth of a second: run where we are. */
const THREAD_ROWS = 20_000;

/*
 * Inline CommonJS (as core/token-pool.ts): it imports the compiled checks by URL, so the same code runs
 * from dist/; under vitest (which runs the .ts sources) there is no such module and the checks run here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const onProgress = (progress) => parentPort.postMessage({ progress });
const loaded = import(workerData.url);
const run = (input) =>
  loaded.then(
    (m) => parentPort.postMessage({ result: m.runQualityChecks({ ...input, onProgress }) }),
    (error) => parentPort.postMessage({ failed: String((error && error.message) || error) }),
  );
// Started ahead (prestartQualityThread): the checks load now and the rows come by message.
if (workerData.input === undefined) parentPort.once('message', run);
else run(workerData.input);
`;
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
  const done = await new Promise<QualityResult | null>((resolve, reject) => {
    let worker: Worker;
    try {
      if (ahead !== null) {
        worker = ahead;
        worker.ref();
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
      resolve(null);
      return;
    }
    const stop = (): void => {
      void worker.terminate();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const finish = (result: QualityResult | null): void => {
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (reply: { result?: QualityResult; failed?: string; progress?: QualityProgress }) => {
      if (reply.progress !== undefined) onProgress?.(reply.progress);
      else finish(reply.result ?? null);
    });
    worker.on('error', () => finish(null));
  });
  signal?.throwIfAborted();
  if (done !== null) return done;
  // Moved rows are gone from here: nothing is left to check them with.
  if (moved) throw new Error('the quality checks stopped on their thread');
  return runQualityChecks(input);
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
    waiting = worker;
  } catch {
    waiting = null;
  }
}

/** The memory behind the rows' arrays, each once (a transfer list names a buffer at most once). */
function buffersOf(data: QualityInput['data']): ArrayBuffer[] {
  const arrays = [data.positions, data.wordStart, data.words, data.vocabulary, data.promptKey, data.label];
  return [...new Set(arrays.map((a) => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
