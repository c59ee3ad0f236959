import type { ChatAnalyzer } from '../chat/index.js';
import { detectDataFormat } from '../chat/validate.js';
import type { DataFormat, Finding } from '../findings.js';
import { DataError } from '../read/errors.js';
import { reasonOf, systemCode } from '../file-errors.js';
import { openSource } from '../read/open.js';
import { jsonText } from '../read/values.js';
import type { Source } from '../read/types.js';
import { noteFindings, taskFinding, taskTypeOf, tableFindings } from './checks-table.js';
import { textFindings } from './checks-text.js';
import { PromptCompletionTokens } from './pc-tokens.js';
import { PromptCompletionPass, type PassOneResult } from './pass1.js';
import { firstRecord, forEachRecord } from './records.js';
import type { Analysis, AnalyzeOptions, Decisions, PromptCompletionPlan } from './types.js';
import { activeFixes, RowTransformer } from './transform.js';
import { estimateCost, scaledTokens, type CostEstimate } from '../cost.js';
import type { TokenStats } from '../token-stats.js';
import type { PriceTable } from '../prices.js';
import { QualityCollector, qualityEnabled } from '../quality/index.js';
import { collectOnThread, endCollecting } from '../quality/thread.js';
import { qualityChecks, withQualityOutcome } from './quality-step.js';
import { collectGarbage, COLLECT_ROWS } from './collect-garbage.js';
import { chatQualityChecks } from './chat-quality.js';
import { DEFAULT_CHAT_MODEL, DEFAULT_COMPLETION_MODEL } from '../tokens.js';

export { DEFAULT_CHAT_MODEL, DEFAULT_COMPLETION_MODEL } from '../tokens.js';

/** Below this size the tokenizer loads during pass 1; above, after it (peak memory matters more). */
const EARLY_TOKENIZER_BYTES = 32 * 1024 * 1024;
/**
 * Below this size the tokens are counted on the calling thread, as chat data is below 5,000 examples:
 * a worker thread costs its start and a tokenizer of its own (about 0.25 s of CPU each analysis) to
 * count a sample that takes milliseconds, and a thread that already holds the tokenizer reuses it.
 */
const TOKENS_HERE_BYTES = 1024 * 1024;

/**
 * Reads a data file once and runs every check: necessary fixes are applied as rows stream by, optional
 * fixes are proposed from the statistics. Data problems come back in `error`, never as a throw; only
 * an abort or a bug throws.
 */
export function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  return analyzeWith(path, options, null);
}

/** An analysis whose quality checks may still be running (see analyzeFileLate). */
export interface LateAnalysis {
  /** Without the quality findings when `completed` is not null. */
  readonly analysis: Analysis;
  /** The same analysis with the checks' findings and plan, once they are done (null: nothing runs late). */
  readonly completed: Promise<Analysis> | null;
}

/** Where the late checks' promise is put on its way out of the passes. */
interface LateSlot {
  completed: Promise<Analysis> | null;
}

/**
 * As analyzeFile, but the quality checks of prompt/completion data are only started: the analysis comes
 * back once pass 1 is done, and `completed` when the checks are. `prepare --yes` writes meanwhile (the
 * checks run on a thread of their own): only the split needs them, and it is drawn after pass 2.
 */
export async function analyzeFileLate(path: string, options: AnalyzeOptions = {}): Promise<LateAnalysis> {
  const slot: LateSlot = { completed: null };
  const analysis = await analyzeWith(path, options, slot);
  return { analysis, completed: analysis.error ? null : slot.completed };
}

async function analyzeWith(path: string, options: AnalyzeOptions, late: LateSlot | null): Promise<Analysis> {
  let source: Source;
  try {
    source = await openSource(path, path, { sheet: options.sheet, delimiter: options.delimiter });
  } catch (error) {
    if (error instanceof DataError) return failed(path, options, null, error);
    throw error;
  }
  try {
    return await analyzeSource(source, options, late);
  } catch (error) {
    if (error instanceof DataError) return failed(path, options, source, error);
    const code = systemCode(error);
    if (code === null) throw error;
    const unreadable = new DataError('unreadable-file', `cannot read ${source.label}: ${reasonOf(code)}`);
    return failed(path, options, source, unreadable);
  }
}

async function analyzeSource(
  source: Source,
  options: AnalyzeOptions,
  late: LateSlot | null,
): Promise<Analysis> {
  const map = options.columnMap ?? {};
  const scan = { signal: options.signal, onProgress: options.onProgress };
  const jsonish = source.readAs === 'jsonl' || source.readAs === 'json';
  const dataFormat: DataFormat = jsonish
    ? detectDataFormat(await firstRecord(source, { signal: options.signal }))
    : 'prompt-completion';
  if (dataFormat !== 'prompt-completion') {
    // The chat analyzer (and its token workers) loads only for chat and preference data.
    const { ChatAnalyzer } = await import('../chat/index.js');
    const chat = new ChatAnalyzer(dataFormat, chatOptions(options));
    if (dataFormat === 'chat' && (options.quality ?? qualityEnabled())) chat.quality = new QualityCollector();
    await source.scan((position, value, raw) => chat.add(position, value, raw ?? jsonText(value)), scan);
    return chatAnalysis(source, options, dataFormat, chat);
  }
  const quality = options.quality ?? qualityEnabled();
  // Checks that run while the file is written, on a thread started ahead: pass 1's rows go there.
  const remote = late !== null && quality ? collectOnThread() : null;
  const tokens = new PromptCompletionTokens(
    options.model ?? DEFAULT_COMPLETION_MODEL,
    options.deferTokens !== true && source.totalBytes < EARLY_TOKENIZER_BYTES,
    source.totalBytes < TOKENS_HERE_BYTES,
    options.prices,
  );
  try {
    let columns = source.header;
    for (;;) {
      const pass = new PromptCompletionPass(source, columns, map);
      // Read again with other columns: the rows the thread has are forgotten there.
      if (remote !== null && columns !== source.header) remote.reset();
      if (quality) pass.stats.quality = remote ?? new QualityCollector();
      let estimated = false;
      const onProgress: NonNullable<AnalyzeOptions['onProgress']> = (progress) => {
        // After the first chunk, the rows still to come are estimated from the bytes they took, so
        // the hash sets are sized once instead of doubling (and rehashing) a dozen times.
        if (!estimated && progress.bytesRead > 0 && progress.bytesRead < progress.totalBytes) {
          estimated = true;
          pass.stats.expect(Math.ceil((pass.stats.rows * progress.totalBytes) / progress.bytesRead));
        }
        options.onProgress?.(progress);
      };
      await forEachRecord(
        source,
        {
          value: (position, value) => pass.add(position, value),
          flat: (position, line) => pass.addFlat(position, line),
          cells: {
            header: (names) => pass.header(names),
            row: (position, cells) => pass.addCells(position, cells),
          },
        },
        { ...scan, onProgress },
      );
      const result = pass.result();
      if (result.rescanWith === null)
        return await promptCompletionAnalysis(source, options, result, tokens, late);
      columns = result.rescanWith;
    }
  } finally {
    await tokens.close();
    if (remote !== null) endCollecting(remote);
  }
}

function pricesOf(options: { readonly prices?: PriceTable }): { prices?: PriceTable } {
  return options.prices === undefined ? {} : { prices: options.prices };
}

function chatOptions(options: AnalyzeOptions): { model?: string } {
  return options.model === undefined ? {} : { model: options.model };
}

async function promptCompletionAnalysis(
  source: Source,
  options: AnalyzeOptions,
  result: PassOneResult,
  counter: PromptCompletionTokens,
  late: LateSlot | null,
): Promise<Analysis> {
  const { facts, stats } = result;
  const model = options.model ?? DEFAULT_COMPLETION_MODEL;
  const base = {
    input: source.label,
    ...sheetOf(source),
    format: source.format,
    delimiter: source.delimiter ?? null,
    dataFormat: 'prompt-completion' as const,
    positionLabel: source.positionLabel,
    columns: facts.columns,
    model,
    columnMap: options.columnMap ?? {},
    ...(options.prices === undefined ? {} : { prices: options.prices }),
    ...(facts.firstRow === null ? {} : { firstRow: facts.firstRow }),
  };
  const findings: Finding[] = noteFindings(facts.notes);
  const table = tableFindings(facts, stats);
  findings.push(...table.findings);
  const stopped = {
    ...base,
    examples: stats.rows,
    taskType: null,
    classification: null,
    tokens: null,
    estimate: null,
    separator: null,
    stop: null,
    plan: null,
  };
  if (table.error) return { ...stopped, findings, error: table.error };
  const task = taskTypeOf(stats);
  findings.push(taskFinding(task, stats));
  const text = textFindings(stats, task, source.positionLabel);
  findings.push(...text.findings);
  if (text.error)
    return {
      ...stopped,
      findings,
      error: { ...text.error, message: `${source.label}: ${text.error.message}` },
    };
  // Big files: the tables pass 1 dropped go before the checks' arrays come, and those before writing.
  // Their checks never run while writing: the checks' arrays beside pass 2 took 800k rows to 230 MB.
  const big = stats.rows >= COLLECT_ROWS && stats.quality !== null;
  const overlap = late !== null && !big;
  if (big) collectGarbage();
  const running = qualityChecks(source, options, result, task, overlap);
  const quality = overlap ? null : await running;
  if (big) collectGarbage();
  const { tokens, estimate } =
    options.deferTokens === true
      ? { tokens: null, estimate: null }
      : await counter.finish(stats.sample, stats.rows);
  const analysis: Analysis = {
    ...base,
    examples: stats.rows,
    taskType: task,
    error: null,
    findings,
    classification:
      task === 'classification' ? classificationOf(stats.distinctCompletions, stats.classes) : null,
    tokens,
    estimate,
    separator: text.plan.inferenceSeparator,
    stop: text.plan.inferenceStop,
    plan: {
      kind: 'prompt-completion',
      promptColumn: facts.promptColumn ?? 'prompt',
      completionColumn: facts.completionColumn ?? 'completion',
      separator: text.plan.separator,
      ending: text.plan.ending,
      promptPrefixLength: text.plan.promptPrefixLength,
      completionPrefixLength: text.plan.completionPrefixLength,
      completionPrefixSpace: text.plan.completionPrefixSpace,
      duplicates: Uint32Array.from(stats.duplicates.first(Infinity)),
      tokenSample: stats.sample,
      rows: stats.rows,
    },
  };
  if (!overlap || late === null) return withQualityOutcome(analysis, quality);
  // Settled even when nobody waits for it (a write that failed first): its failure is then nobody's.
  late.completed = running.then((q) => withQualityOutcome(analysis, q));
  late.completed.catch(() => undefined);
  return analysis;
}

/** Classes and, with two of them, the positive class: the most frequent, ties to the first seen. */
export function classificationOf(
  nClasses: number,
  counts: ReadonlyMap<string, number> | null,
): { nClasses: number; positiveClass: string | null } {
  if (nClasses !== 2 || counts === null) return { nClasses, positiveClass: null };
  let best: string | null = null;
  let bestCount = -1;
  for (const [label, count] of counts) {
    if (count > bestCount) [best, bestCount] = [label, count];
  }
  return { nClasses, positiveClass: best };
}

async function chatAnalysis(
  source: Source,
  options: AnalyzeOptions,
  dataFormat: DataFormat,
  chat: ChatAnalyzer,
): Promise<Analysis> {
  const result = await chat.finish();
  const collector = chat.quality;
  chat.quality = null;
  const quality =
    collector === null || result.valid === 0
      ? null
      : await chatQualityChecks(source, options, collector, result.context.duplicatePositions);
  const model = options.model ?? DEFAULT_CHAT_MODEL;
  const { estimateCost } = await import('../cost.js');
  const errors = result.findings.filter((f) => f.kind === 'error');
  return {
    input: source.label,
    format: source.format,
    delimiter: source.delimiter ?? null,
    dataFormat,
    positionLabel: source.positionLabel,
    columns: [],
    examples: result.examples,
    validExamples: result.valid,
    taskType: null,
    error:
      result.examples === 0
        ? { id: 'no-examples', message: `${source.label}: no examples found (the file is empty)` }
        : result.valid === 0
          ? noValidExamples(source.label, errors)
          : null,
    findings: [...noteFindings(source.notes), ...withQuality(result.findings, quality?.findings ?? [])],
    classification: null,
    tokens: result.tokens,
    estimate:
      errors.length === result.findings.length && result.examples === 0
        ? null
        : estimateCost({ model, exampleTokens: result.tokens, ...pricesOf(options) }),
    separator: null,
    stop: null,
    model,
    columnMap: options.columnMap ?? {},
    ...pricesOf(options),
    plan: { kind: 'chat', context: result.context, ...(quality === null ? {} : { quality: quality.plan }) },
  };
}

/** The quality findings after the chat fixes that remove examples, before `add-system-message`. */
function withQuality(findings: readonly Finding[], quality: readonly Finding[]): Finding[] {
  const at = findings.findIndex((f) => f.id === 'add-system-message');
  return at < 0 ? [...findings, ...quality] : [...findings.slice(0, at), ...quality, ...findings.slice(at)];
}

/** No line is a valid example: each reason, the first line at fault first, instead of an empty file later. */
function noValidExamples(label: string, errors: readonly Finding[]): Analysis['error'] {
  const first = (f: Finding): number => f.rows.positions[0] ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...errors].sort((a, b) => first(a) - first(b));
  const position = sorted[0] ? first(sorted[0]) : undefined;
  return {
    id: 'no-examples',
    message: `${label}: no valid examples${sorted.length ? `: ${sorted.map((f) => f.message).join(' ')}` : ''}`,
    ...(position === undefined ? {} : { position }),
  };
}

function failed(path: string, options: AnalyzeOptions, source: Source | null, error: DataError): Analysis {
  return {
    input: source?.label ?? path,
    ...sheetOf(source),
    format: source?.format ?? 'jsonl',
    delimiter: source?.delimiter ?? null,
    dataFormat: 'prompt-completion',
    positionLabel: source?.positionLabel ?? 'line',
    columns: [],
    examples: 0,
    taskType: null,
    error: {
      id: error.id,
      message: error.message,
      ...(error.position === undefined ? {} : { position: error.position }),
    },
    findings: source ? noteFindings(source.notes) : [],
    classification: null,
    tokens: null,
    estimate: null,
    separator: null,
    stop: null,
    model: options.model ?? DEFAULT_COMPLETION_MODEL,
    columnMap: options.columnMap ?? {},
    plan: null,
  };
}

/** What was written, for token figures that count only those rows. */
export interface Written {
  readonly decisions: Decisions;
  /** Examples written (before any split), and those in the training file. */
  readonly examples: number;
  readonly trained: number;
}

/**
 * Fills in the token statistics and cost estimate of an analysis made with `deferTokens` (a caller
 * that writes first, so that the tokenizer's memory never adds to a pass's). Given what was written,
 * the statistics are of the written rows (the sample with the accepted fixes applied, removed rows
 * left out) and the estimate of the training file's examples.
 */
export async function withTokens(
  analysis: Analysis,
  options: { readonly here?: boolean; readonly written?: Written } = {},
): Promise<Analysis> {
  const plan = analysis.plan;
  const written = options.written;
  const priced = (tokens: TokenStats, model: string): CostEstimate =>
    estimateCost({
      model,
      exampleTokens: scaledTokens(tokens, written?.trained ?? tokens.examples),
      ...pricesOf(analysis),
    });
  if (plan?.kind !== 'prompt-completion') {
    if (written === undefined || analysis.tokens === null) return analysis;
    const tokens = scaledTokens(analysis.tokens, written.examples);
    return { ...analysis, tokens, estimate: priced(tokens, analysis.model) };
  }
  if (analysis.tokens !== null && written === undefined) return analysis;
  const sample = written === undefined ? plan.tokenSample : writtenRows(analysis, plan, written.decisions);
  const counter = new PromptCompletionTokens(analysis.model, false, options.here === true, analysis.prices);
  const { tokens } = await counter.finish(sample, written?.examples ?? plan.rows);
  return { ...analysis, tokens, estimate: priced(tokens, analysis.model) };
}

/** The token sample as the writer wrote it: fixes applied, removed rows left out. */
function writtenRows(
  analysis: Analysis,
  plan: PromptCompletionPlan,
  decisions: Decisions,
): Array<{ prompt: string; completion: string }> {
  const transformer = new RowTransformer(
    plan,
    activeFixes(analysis, decisions.accepted),
    decisions.dropped,
    decisions.relabel,
  );
  // The transformer walks the duplicates in source order.
  const rows = [...plan.tokenSample].sort((a, b) => a.position - b.position);
  return rows.flatMap((row) =>
    transformer.apply(row.position, row.prompt, row.completion)
      ? [{ prompt: transformer.prompt, completion: transformer.completion }]
      : [],
  );
}

/** The sheet a spreadsheet was read from, kept so that every later pass reads the same one. */
function sheetOf(source: Source | null): { sheet?: string } {
  return source?.sheet === undefined ? {} : { sheet: source.sheet };
}
