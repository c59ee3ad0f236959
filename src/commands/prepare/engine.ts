import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../core/errors.js';
import { OutputExistsError } from '../../core/prepare/names.js';
import type { Finding } from '../../core/findings.js';
import type * as Prepare from '../../core/prepare/index.js';
import type {
  Analysis,
  AnalyzeOptions,
  Decisions,
  WriteOptions,
  WriteResult,
  Written,
} from '../../core/prepare/index.js';

type PlainAnalyzeOptions = Omit<AnalyzeOptions, 'signal' | 'onProgress'>;
type PlainWriteOptions = Omit<WriteOptions, 'signal' | 'completed'>;

export type EngineRequest =
  | {
      readonly type: 'analyze';
      readonly file: string;
      readonly options: PlainAnalyzeOptions;
      /** `--validation`: the user's validation file, compared with the training rows. */
      readonly validation?: string;
      /** The quality checks run on while writing (analyzeFileLate); the thread keeps their promise. */
      readonly late?: boolean;
    }
  | { readonly type: 'settled' }
  | { readonly type: 'tokens'; readonly written: Written | undefined }
  | {
      readonly type: 'sequence';
      readonly accepted: ReadonlySet<string>;
      readonly systemMessage: string | undefined;
    }
  | { readonly type: 'write'; readonly decisions: Decisions; readonly options: PlainWriteOptions }
  | { readonly type: 'abort' };

export type ReadProgress = Prepare.ReadProgress;

export type EngineReply =
  | { readonly type: 'progress'; readonly progress: ReadProgress }
  | { readonly type: 'analysis'; readonly analysis: Analysis }
  | { readonly type: 'tokens'; readonly analysis: Analysis }
  | { readonly type: 'sequence'; readonly findings: readonly Finding[] }
  | { readonly type: 'written'; readonly result: WriteResult }
  | {
      readonly type: 'error';
      readonly message: string;
      readonly user: boolean;
      readonly exitCode: 1 | 2;
      /** The outputs that exist, when that is what stopped the write. */
      readonly existing?: readonly string[];
    };

/**
 * The young generation of the engine's thread. Node's default lets it grow to tens of megabytes under
 * the engine's steady stream of short-lived strings; a small one costs a few more (cheap) scavenges
 * and keeps `prepare` on a million-row file under 200 MB.
 */
const YOUNG_GENERATION_MB = 4;

/**
 * Runs analysis and writing on a worker thread, falling back to this thread if none can start. The
 * engine itself loads on this thread only in that fallback: the thread starts sooner when this module
 * stays light, and the rest of the command loads while it starts.
 */
export class Engine {
  private worker: Worker | null = null;
  /** Without a thread: the analysis once its late quality checks are done. */
  private completed: Promise<Analysis> | null = null;

  constructor() {
    const thread = new URL('./engine-thread.js', import.meta.url);
    // Run from the sources (tests calling the command in process) there is no compiled thread module
    // beside this one: the engine runs here, as when no thread can start.
    if (!existsSync(fileURLToPath(thread))) return;
    try {
      this.worker = new Worker(thread, {
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      this.worker.unref();
    } catch {
      this.worker = null;
    }
  }

  /**
   * `late`: the quality checks of prompt/completion data run on while the file is written; the analysis
   * comes back without their findings, and `write` and `tokens` (or `settled`) give the whole one.
   * Only for writes whose decisions do not depend on them (prepare --yes without a relabel accepted).
   */
  async analyze(
    file: string,
    options: PlainAnalyzeOptions,
    onProgress?: (progress: ReadProgress) => void,
    validation?: string,
    late = false,
  ): Promise<Analysis> {
    if (!this.worker) {
      const core = await here();
      const withProgress = { ...options, ...(onProgress ? { onProgress } : {}) };
      if (late && validation === undefined) {
        const started = await core.analyzeFileLate(file, withProgress);
        this.completed = started.completed;
        return started.analysis;
      }
      const analysis = await core.analyzeFile(file, withProgress);
      return validation === undefined || analysis.error
        ? analysis
        : core.withValidationLeak(analysis, validation);
    }
    const request: EngineRequest = {
      type: 'analyze',
      file,
      options,
      ...(validation === undefined ? {} : { validation }),
      ...(late ? { late } : {}),
    };
    const reply = await this.request(request, onProgress);
    if (reply.type !== 'analysis') throw new Error('unexpected engine reply');
    return reply.analysis;
  }

  /** The analysis with the findings of quality checks still running late (the same when none are). */
  async settled(analysis: Analysis): Promise<Analysis> {
    if (!this.worker) return (await this.takeCompleted()) ?? analysis;
    const reply = await this.request({ type: 'settled' });
    if (reply.type !== 'analysis') throw new Error('unexpected engine reply');
    return reply.analysis;
  }

  private async takeCompleted(): Promise<Analysis | null> {
    const completed = this.completed;
    this.completed = null;
    return completed === null ? null : await completed;
  }

  /**
   * The analysis with its token statistics, counted now (after writing, when memory is low): of the
   * rows written, when told what was written.
   */
  async tokens(analysis: Analysis, written?: Written): Promise<Analysis> {
    if (!this.worker) {
      const whole = (await this.takeCompleted()) ?? analysis;
      return (await here()).withTokens(whole, written === undefined ? {} : { written });
    }
    const reply = await this.request({ type: 'tokens', written });
    if (reply.type !== 'tokens') throw new Error('unexpected engine reply');
    return reply.analysis;
  }

  /** The findings counted again for the fixes accepted so far (see core/prepare/sequence.ts). */
  async sequence(
    analysis: Analysis,
    accepted: ReadonlySet<string>,
    systemMessage?: string,
  ): Promise<readonly Finding[]> {
    if (!this.worker) return (await here()).sequentialFindings(analysis, accepted, { systemMessage });
    const reply = await this.request({ type: 'sequence', accepted, systemMessage });
    if (reply.type !== 'sequence') throw new Error('unexpected engine reply');
    return reply.findings;
  }

  async write(
    analysis: Analysis,
    decisions: Decisions,
    options: PlainWriteOptions,
    onProgress?: (progress: ReadProgress) => void,
  ): Promise<WriteResult> {
    if (!this.worker) {
      const completed = this.completed ?? undefined;
      return (await here()).writePrepared(analysis, decisions, { ...options, completed });
    }
    const reply = await this.request({ type: 'write', decisions, options }, onProgress);
    if (reply.type !== 'written') throw new Error('unexpected engine reply');
    return reply.result;
  }

  /** Stops the running request: its writer removes its temp file, and the request fails. */
  abort(): void {
    this.worker?.postMessage({ type: 'abort' } satisfies EngineRequest);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }

  private request(
    request: EngineRequest,
    onProgress?: (progress: ReadProgress) => void,
  ): Promise<EngineReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('engine closed'));
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.unref();
      };
      const onMessage = (reply: EngineReply): void => {
        if (reply.type === 'progress') return onProgress?.(reply.progress);
        cleanup();
        if (reply.type === 'error') {
          reject(
            reply.existing !== undefined
              ? new OutputExistsError(reply.existing)
              : reply.user
                ? new UserError(reply.message, reply.exitCode)
                : new Error(reply.message),
          );
        } else resolve(reply);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.ref();
      worker.postMessage(request);
    });
  }
}

/** The engine on this thread (when no worker could start). */
function here(): Promise<typeof Prepare> {
  return import('../../core/prepare/index.js');
}
