import { getEncoder, type EncodingName } from './encodings.js';
import type { ExampleTokenCounts } from './token-stats.js';
import { TokenCountPool, defaultPoolSize } from './token-pool.js';

/** One example to count: total = overhead + tokens(texts) + tokens(assistantTexts). */
export interface CountJob {
  readonly position: number;
  readonly texts: readonly string[];
  /** Texts the model learns to produce; counted in the total and, separately, as `assistant`. */
  readonly assistantTexts?: readonly string[];
  /** Framing tokens added to the total (message overheads for chat; 0 for prompt/completion). */
  readonly overhead?: number;
  /** Number of messages, passed through to the statistics. */
  readonly messages?: number;
}

export interface TokenCounterOptions {
  /** Called once per job, in no particular order once batches run on workers. */
  readonly onCounted: (position: number, counts: ExampleTokenCounts) => void;
  /** Examples counted on this thread before the worker pool starts (small inputs never start it). */
  readonly parallelThreshold?: number;
  /** Examples per batch sent to a worker. */
  readonly batchSize?: number;
  /** Worker threads; 0 keeps everything on this thread. */
  readonly workers?: number;
}

const MAX_BATCH_CHARS = 1 << 20;

/**
 * Counts tokens for a stream of examples. Small inputs are counted on this thread; past
 * `parallelThreshold` examples, full batches go to a worker pool. When every worker already has two
 * batches queued, this thread counts the batch itself: that uses both cores and bounds the memory held
 * by queued batches however fast the caller reads.
 */
export class TokenCounter {
  private batch: CountJob[] = [];
  private batchChars = 0;
  private added = 0;
  private pool: TokenCountPool | undefined;
  private poolStarted = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly threshold: number;
  private readonly batchSize: number;
  private readonly workers: number;

  constructor(
    readonly encoding: EncodingName,
    private readonly options: TokenCounterOptions,
  ) {
    this.threshold = options.parallelThreshold ?? 5_000;
    this.batchSize = options.batchSize ?? 500;
    this.workers = options.workers ?? defaultPoolSize();
  }

  /** Counts one example now, on this thread (for callers that need the number at once). */
  countNow(job: Omit<CountJob, 'position'>): ExampleTokenCounts {
    const enc = getEncoder(this.encoding);
    let assistant = 0;
    for (const t of job.assistantTexts ?? []) assistant += t === '' ? 0 : enc.count(t);
    let total = (job.overhead ?? 0) + assistant;
    for (const t of job.texts) total += t === '' ? 0 : enc.count(t);
    return withOptional(total, job.assistantTexts === undefined ? undefined : assistant, job.messages);
  }

  add(job: CountJob): void {
    this.added++;
    this.batch.push(job);
    for (const t of job.texts) this.batchChars += t.length;
    for (const t of job.assistantTexts ?? []) this.batchChars += t.length;
    if (this.batch.length >= this.batchSize || this.batchChars >= MAX_BATCH_CHARS) this.dispatch();
  }

  /** Counts what is left and waits for the workers; stops them. Call once, after the last `add`. */
  async finish(): Promise<void> {
    this.countLocally(this.takeBatch());
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    await this.pool?.close();
    this.pool = undefined;
  }

  /** Counts the open batch on this thread; true when nothing is left on workers (the stats are complete). */
  drainSync(): boolean {
    this.countLocally(this.takeBatch());
    return this.inFlight.size === 0;
  }

  /** Whether batches went to worker threads (for tests and benchmarks). */
  get usedWorkers(): boolean {
    return this.poolStarted;
  }

  private dispatch(): void {
    const jobs = this.takeBatch();
    if (this.workers <= 0 || this.added <= this.threshold) return this.countLocally(jobs);
    if (!this.pool) {
      this.pool = new TokenCountPool(this.encoding, this.workers);
      this.poolStarted = true;
    }
    if (this.pool.inFlight >= 2 * this.pool.size) return this.countLocally(jobs);
    const texts = jobs.flatMap((j) => [...j.texts, ...(j.assistantTexts ?? [])]);
    const done = this.pool.count(texts).then(
      (counts) => this.deliver(jobs, counts),
      // A failed worker must not lose counts: do the batch here instead.
      () => this.countLocally(jobs),
    );
    this.inFlight.add(done);
    const forget = (): void => void this.inFlight.delete(done);
    done.then(forget, forget);
  }

  private takeBatch(): CountJob[] {
    const jobs = this.batch;
    this.batch = [];
    this.batchChars = 0;
    return jobs;
  }

  private countLocally(jobs: readonly CountJob[]): void {
    for (const job of jobs) this.options.onCounted(job.position, this.countNow(job));
  }

  private deliver(jobs: readonly CountJob[], counts: Uint32Array): void {
    let i = 0;
    for (const job of jobs) {
      let total = job.overhead ?? 0;
      for (let k = 0; k < job.texts.length; k++) total += counts[i++] ?? 0;
      let assistant = 0;
      for (let k = 0; k < (job.assistantTexts?.length ?? 0); k++) assistant += counts[i++] ?? 0;
      total += assistant;
      const a = job.assistantTexts === undefined ? undefined : assistant;
      this.options.onCounted(job.position, withOptional(total, a, job.messages));
    }
  }
}

function withOptional(total: number, assistant: number | undefined, messages: number | undefined) {
  return {
    total,
    ...(assistant === undefined ? {} : { assistant }),
    ...(messages === undefined ? {} : { messages }),
  };
}
