/**
 * The thread a job's files are checked and its model trained in, as the runner sees it: started with
 * the job's input, it reports `FromWorker` messages, takes `pause` and `resume`, and ends by itself or
 * when terminated. The runner is handed the way to start one, so its lifecycle (statuses, events,
 * crashes, a trainer changing hands) can be driven message by message without training a model.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInput } from './protocol.js';
import { workerUrl } from './worker-url.js';

export interface JobThread {
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  /** An uncaught error in the thread (it then exits). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(message: ToWorker): void;
  /** Stops the thread; its `exit` follows. */
  terminate(): Promise<unknown>;
}

export type StartThread = (input: WorkerInput) => JobThread;

/** The real one: a worker thread running the compiled `worker.js`. */
export const startWorkerThread: StartThread = (input) => new Worker(workerUrl(), { workerData: input });
