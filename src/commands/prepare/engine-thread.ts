/**
 * The preparation engine on a worker thread, for `fine-tune prepare`: a thread can be given a small
 * young generation (see engine.ts), which keeps peak memory on big files well below what the main
 * thread's defaults would reach. It holds the analysis between the two requests.
 */
import { statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../../core/errors.js';
import { OutputExistsError } from '../../core/prepare/names.js';
import {
  analyzeFile,
  analyzeFileLate,
  sequentialFindings,
  withTokens,
  withValidationLeak,
  writePrepared,
  type Analysis,
} from '../../core/prepare/index.js';
import { qualityEnabled } from '../../core/quality/index.js';
import { prestartQualityThread } from '../../core/quality/thread.js';
import { loadTokenizer } from '../../core/tokens.js';
import type { EngineReply, EngineRequest, ReadProgress } from './engine.js';

/**
 * Files whose late checks likely run on a thread of their own (20,000 rows and more, below the 400,000
 * rows that run them in place), by size: that thread is started while pass 1 reads. A guess wrong
 * either way costs only time: an unused thread is ended before the checks run.
 */
const PRESTART_BYTES = { min: 2 << 20, max: 120 << 20 };

function prestartFor(file: string): void {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return; // the analysis says what is wrong with the file
  }
  if (size >= PRESTART_BYTES.min && size < PRESTART_BYTES.max) prestartQualityThread();
}

let analysis: Analysis | null = null;
/** The analysis once its quality checks are done, while they run late (see Engine.analyze). */
let completed: Promise<Analysis> | null = null;
/** Aborted when the process is told to stop (Ctrl-C, SIGTERM): the writer then removes its temp file. */
const stop = new AbortController();

async function handle(request: Exclude<EngineRequest, { type: 'abort' }>): Promise<EngineReply> {
  const signal = stop.signal;
  try {
    if (request.type === 'analyze') {
      let last = 0;
      let step: string | undefined;
      const onProgress = (progress: ReadProgress): void => {
        // A few reports a second are enough for a progress line; a new step of the checks always shows.
        const now = Date.now();
        if (now - last < 250 && progress.checking?.step === step) return;
        last = now;
        step = progress.checking?.step;
        parentPort?.postMessage({ type: 'progress', progress } satisfies EngineReply);
      };
      const options = { ...request.options, signal, onProgress };
      if (request.late === true && request.validation === undefined) {
        if (request.options.quality ?? qualityEnabled()) prestartFor(request.file);
        ({ analysis, completed } = await analyzeFileLate(request.file, options));
        return { type: 'analysis', analysis };
      }
      analysis = await analyzeFile(request.file, options);
      if (request.validation !== undefined && !analysis.error)
        analysis = await withValidationLeak(analysis, request.validation, signal);
      return { type: 'analysis', analysis };
    }
    if (!analysis) throw new Error('write before analyze');
    const late = completed;
    if (request.type !== 'write' && late !== null) {
      completed = null;
      analysis = await late;
    }
    if (request.type === 'settled') return { type: 'analysis', analysis };
    if (request.type === 'sequence') {
      const { accepted, systemMessage } = request;
      return {
        type: 'sequence',
        findings: await sequentialFindings(analysis, accepted, { signal, systemMessage }),
      };
    }
    if (request.type === 'tokens') {
      // Already off the main thread, after writing: count here rather than start another thread.
      const { written } = request;
      analysis = await withTokens(analysis, { here: true, ...(written === undefined ? {} : { written }) });
      return { type: 'tokens', analysis };
    }
    const model = analysis.model;
    const result = await writePrepared(analysis, request.decisions, {
      ...request.options,
      signal,
      completed: late ?? undefined,
      // The split may wait for the checks: the tokenizer the count after writing needs loads meanwhile.
      ...(late === null ? {} : { onRowsWritten: () => loadTokenizer(model) }),
    });
    if (late !== null) {
      analysis = await late;
      completed = null;
    }
    return { type: 'written', result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      type: 'error',
      message,
      user: error instanceof UserError,
      exitCode: error instanceof UserError ? error.exitCode : 1,
      ...(error instanceof OutputExistsError ? { existing: error.paths } : {}),
    };
  }
}

parentPort?.on('message', (request: EngineRequest) => {
  if (request.type === 'abort') return stop.abort(new UserError('prepare: interrupted; nothing was written'));
  void handle(request).then((reply) => parentPort?.postMessage(reply));
});
