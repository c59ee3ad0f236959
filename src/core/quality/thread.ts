import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { runQualityChecks, type QualityInput, type QualityProgress, type QualityResult } from './checks.js';

/** Below this many rows the checks take well under a tenth of a second: run where we are. */
const THREAD_ROWS = 20_000;

/*
 * Inline CommonJS (as core/token-pool.ts): it imports the compiled checks by URL, so the same code runs
 * from dist/; under vitest (which runs the .ts sources) there is no such module and the checks run here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const onProgress = (progress) => parentPort.postMessage({ progress });
import(workerData.url).then(
  (m) => parentPort.postMessage({ result: m.runQualityChecks({ ...workerData.input, onProgress }) }),
  (error) => parentPort.postMessage({ failed: String((error && error.message) || error) }),
);
`;

/**
 * The quality checks off the user interface's thread (docs/quality-checks.md): a big file's checks run
 * on a worker thread when called from the main one (the wizard), and where they are called otherwise
 * (prepare's engine already runs on its own thread) unless `ownThread` asks for one there too (prepare
 * --yes writes while they run). Falls back to this thread if no worker can run them.
 */
export async function runQualityOffThread(input: QualityInput, ownThread = false): Promise<QualityResult> {
  if ((!isMainThread && !ownThread) || input.data.rows < THREAD_ROWS) return runQualityChecks(input);
  const url = new URL('./checks.js', import.meta.url);
  // Run from the sources (vitest) there is no compiled module for a worker to load.
  if (!existsSync(fileURLToPath(url))) return runQualityChecks(input);
  // Off the main thread the caller gives the rows away: moved, not copied (peak memory).
  const moved = !isMainThread;
  const { signal, onProgress, ...plain } = input;
  const done = await new Promise<QualityResult | null>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { url: url.href, input: plain },
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
        ...(moved ? { transferList: buffersOf(plain.data) } : {}),
      });
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

/** The memory behind the rows' arrays, each once (a transfer list names a buffer at most once). */
function buffersOf(data: QualityInput['data']): ArrayBuffer[] {
  const arrays = [data.positions, data.wordStart, data.words, data.vocabulary, data.promptKey, data.label];
  return [...new Set(arrays.map((a) => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
