import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { asFileError } from '../file-errors.js';
import { UserError } from '../errors.js';
import type { Source } from '../read/types.js';
import { AtomicLineWriter, removeLeftovers } from './atomic.js';
import { existingOutputs, OutputExistsError, outputPaths } from './names.js';
import { OutputStats } from './pass2.js';
import { splitIndices, stratifiedSplitIndices } from './split.js';
import { writeSplit } from './split-writer.js';
import { forEachRecord, reopen } from './records.js';
import { TableReader, type RowFate } from './table.js';
import { activeFixes, RowTransformer } from './transform.js';
import { jsonSafe } from './text.js';
import { keepGroupsTogether, MEANING_FIXES } from '../quality/findings.js';
import type { Analysis, Decisions, WriteOptions, WriteResult } from './types.js';
import type { ChatFixContext } from '../chat/fixes.js';

export { activeFixes };

/**
 * Pass 2: reads the file again, applies the necessary fixes and the accepted optional ones, and writes
 * the prepared JSONL (or the train/valid pair) atomically beside the input or in `outDir`. The input
 * file is only read. Nothing is written when the input can be used as it is.
 */
export async function writePrepared(
  analysis: Analysis,
  decisions: Decisions,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const plan = analysis.plan;
  if (analysis.error || plan === null) {
    throw new UserError(analysis.error?.message ?? `${analysis.input}: the analysis did not finish`);
  }
  const fixes = activeFixes(analysis, decisions.accepted);
  const dropped = droppedRows(analysis, decisions, fixes);
  if (plan.kind === 'chat') {
    const { unresolvedErrors } = await import('../chat/index.js');
    const blocking = unresolvedErrors(analysis.findings, decisions.accepted);
    if (blocking.length > 0) {
      const first = blocking[0];
      throw new UserError(
        `${analysis.input}: ${first?.message ?? 'invalid examples'} (accept remove-invalid-examples to drop them)`,
      );
    }
  }
  const necessary = analysis.findings.some((f) => f.kind === 'necessary');
  const split = decisions.split && analysis.taskType === 'classification';
  const asIs =
    extname(analysis.input).toLowerCase() === '.jsonl' &&
    !necessary &&
    !split &&
    fixes.size === 0 &&
    dropped.size === 0 &&
    (decisions.relabel?.size ?? 0) === 0;
  const late = options.completed;
  if (late !== undefined && [...decisions.accepted].some((id) => MEANING_FIXES.has(id)))
    throw new Error('writePrepared: a fix that changes labels needs the quality checks done before writing');
  const stats = new OutputStats(analysis.taskType === 'classification', split);
  if (split && plan.kind === 'prompt-completion' && (plan.quality !== undefined || late !== undefined))
    stats.rowPositions = [];
  if (asIs) {
    return {
      outputs: [],
      removedRows: 0,
      modifiedRows: 0,
      unchanged: true,
      examples: analysis.examples,
      classification: analysis.classification,
      separator: analysis.separator,
      stop: analysis.stop,
      systemPrompt: plan.kind === 'chat' ? sharedSystemPrompt(plan.context, analysis.examples) : null,
      missingClasses: null,
    };
  }
  const paths = outputPaths(analysis.input, split, options.outDir, options.name);
  const existing = existingOutputs(paths);
  if (existing.length > 0 && options.force !== true) throw new OutputExistsError(existing);
  const source = await reopen(analysis);
  if (options.outDir !== undefined) {
    try {
      await mkdir(options.outDir, { recursive: true });
    } catch (error) {
      throw asFileError(error, 'create the folder', options.outDir);
    }
  }
  const first = (paths.all ?? paths.train) as string;
  removeLeftovers(dirname(first));
  // With a split, every row goes first to a hidden temp file, read back in permutation order into the
  // two outputs and then removed: it never takes a visible name, even when the process is killed.
  const all = new AtomicLineWriter(first);
  try {
    const out: RowOutput = {
      line: (text) => all.write(text),
      row: (p, pTail, space, c, cTail) => all.writeRow(p, pTail, space, c, cTail),
    };
    await scanPass2(source, analysis, decisions, fixes, dropped, stats, out, {
      signal: options.signal,
      backpressure: () => all.backpressure(),
    });
    // Every example removed (all invalid, or all dropped): an empty file would only fail later, at upload.
    if (stats.examples === 0) {
      throw new UserError(
        `${analysis.input}: no examples left once the removed ones are taken out; nothing was written`,
      );
    }
    if (!split) {
      await all.commit();
      return result(analysis, stats, [{ path: all.path, role: 'all', examples: stats.examples }], null);
    }
    await all.close();
    options.onRowsWritten?.();
    const classes = stats.rowClasses ?? [];
    const drawn = decisions.stratify === true ? stratifiedSplitIndices(classes) : splitIndices(all.lines);
    // split-leak: near-duplicate groups go whole to one side (docs/quality-checks.md).
    const groups = splitLeakGroups(late === undefined ? analysis : await late, decisions, stats.rowPositions);
    const indices = groups === null ? drawn : keepGroupsTogether(drawn, groups);
    const outputs = await writeSplit(
      all.tempPath,
      all.lines,
      indices,
      paths.train as string,
      paths.valid as string,
    );
    return result(analysis, stats, outputs, missingClasses(classes, stats.labels, indices));
  } catch (error) {
    // The writers name their own failures: a system error left over came from reading the input again.
    throw asFileError(error, 'read', analysis.input);
  } finally {
    // After a commit there is no temp file left: this removes only an unfinished or intermediate one.
    await all.abandon();
  }
}

/** The rows the user dropped, and with validation-leak accepted the training rows near-copying the
 * user's validation file (prepare/validation.ts). */
function droppedRows(
  analysis: Analysis,
  decisions: Decisions,
  fixes: ReadonlySet<string>,
): ReadonlySet<number> {
  const leaks = fixes.has('validation-leak')
    ? (analysis.findings.find((f) => f.id === 'validation-leak')?.rows.positions ?? [])
    : [];
  return leaks.length === 0
    ? (decisions.dropped ?? new Set<number>())
    : new Set([...(decisions.dropped ?? []), ...leaks]);
}

/**
 * How many examples `writePrepared` would write with these decisions (before any split): pass 2 run
 * with its output thrown away, so the count is the writer's own. Nothing is written. For the
 * wizard's split question, which shows the two files' sizes before writing them.
 */
export async function countPrepared(
  analysis: Analysis,
  decisions: Decisions,
  options: { readonly signal?: AbortSignal } = {},
): Promise<number> {
  const plan = analysis.plan;
  // A failed analysis (no plan) names a file that may be gone: nothing to read.
  if (plan === null) return 0;
  const fixes = activeFixes(analysis, decisions.accepted);
  // Only the count is read: no classes to tally.
  const stats = new OutputStats(false);
  const nowhere: RowOutput = { line: () => undefined, row: () => undefined };
  const source = await reopen(analysis);
  try {
    await scanPass2(
      source,
      analysis,
      decisions,
      fixes,
      droppedRows(analysis, decisions, fixes),
      stats,
      nowhere,
      {
        signal: options.signal,
        backpressure: () => undefined,
      },
    );
  } catch (error) {
    throw asFileError(error, 'read', analysis.input);
  }
  return stats.examples;
}

/** The near-duplicate group of each written row (−1: none) when split-leak is accepted, else null. */
function splitLeakGroups(
  analysis: Analysis,
  decisions: Decisions,
  positions: readonly number[] | null,
): number[] | null {
  const plan = analysis.plan;
  if (positions === null || plan?.kind !== 'prompt-completion' || plan.quality === undefined) return null;
  if (!activeFixes(analysis, decisions.accepted).has('split-leak')) return null;
  const groups = plan.quality.groups;
  return positions.map((position) => groups.get(position) ?? -1);
}

/** The classes that no row of a side of the split holds, in order of first appearance. */
function missingClasses(
  classes: readonly number[],
  labels: readonly string[],
  indices: { readonly train: Uint32Array; readonly valid: Uint32Array },
): WriteResult['missingClasses'] {
  const absent = (rows: Uint32Array): string[] => {
    const seen = new Set<number>();
    for (const row of rows) seen.add(classes[row] ?? -1);
    return labels.filter((_, id) => !seen.has(id));
  };
  return { validation: absent(indices.valid), training: absent(indices.train) };
}

function result(
  analysis: Analysis,
  stats: OutputStats,
  outputs: WriteResult['outputs'],
  missing: WriteResult['missingClasses'],
): WriteResult {
  const openEnded = analysis.taskType === 'open-ended generation';
  const pc = analysis.dataFormat === 'prompt-completion';
  return {
    outputs,
    removedRows: stats.removed,
    modifiedRows: stats.modified,
    unchanged: false,
    examples: stats.examples,
    classification: stats.classification(),
    separator: pc && !openEnded ? stats.separator : null,
    stop: pc && analysis.taskType === 'conditional generation' ? stats.stop : null,
    systemPrompt: stats.systemPrompt,
    missingClasses: missing,
  };
}

/** The analysis' most used system message, when at least half the examples open with it. */
function sharedSystemPrompt(context: ChatFixContext, examples: number): string | null {
  const [first] = context.systemPrompts;
  return first !== undefined && 2 * first.count >= examples ? first.text : null;
}

/** Where pass 2 puts its output: whole lines, or a prompt/completion row from its parts. */
interface RowOutput {
  line(text: string): void;
  row(prompt: string, promptTail: string, space: boolean, completion: string, completionTail: string): void;
}

async function scanPass2(
  source: Source,
  analysis: Analysis,
  decisions: Decisions,
  fixes: ReadonlySet<string>,
  dropped: ReadonlySet<number>,
  stats: OutputStats,
  out: RowOutput,
  scan: { signal: AbortSignal | undefined; backpressure: () => Promise<void> | undefined },
): Promise<void> {
  const plan = analysis.plan;
  if (plan?.kind === 'chat') {
    const { applyChatFixes, SystemTally, withSystemMessageOverride } = await import('../chat/index.js');
    const context = withSystemMessageOverride(plan.context, decisions.systemMessage);
    const { chatAnswers, withAnswer } = await import('../chat/quality.js');
    const answers = chatAnswers(plan.quality, fixes, decisions.relabel);
    const systems = new SystemTally();
    await source.scan((position, value, raw) => {
      const kept = dropped.has(position) ? null : applyChatFixes(value, position, fixes, context);
      if (kept === null) return void stats.removed++;
      const answer = answers?.get(position);
      const fixed = answer === undefined ? kept : withAnswer(kept, answer);
      systems.addLine(fixed);
      const line = fixed === value && raw !== undefined ? raw.trim() : JSON.stringify(fixed);
      stats.add('', '', '', '', '', fixed !== value);
      out.line(line);
    }, scan);
    stats.systemPrompt = systems.majority();
    return;
  }
  if (plan?.kind !== 'prompt-completion') return;
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  const transformer = new RowTransformer(plan, fixes, dropped, decisions.relabel);
  const positions = stats.rowPositions;
  const encoded = (tail: string): string => (tail === '' ? '' : JSON.stringify(tail).slice(1, -1));
  let tails = ['', ''];
  let encodedTails = [encoded(''), encoded('')] as const;
  // `safe`: the texts were cut from JSON strings without escapes, so they need no encoding.
  const row = (fate: RowFate, position: number, safePrompt: boolean, safeCompletion: boolean): void => {
    if (fate !== 'kept' || !transformer.apply(position, table.prompt, table.completion)) {
      stats.removed++;
      return;
    }
    const t = transformer;
    stats.add(t.promptCore, t.promptTail, t.completionHead, t.completionCore, t.completionTail, t.modified);
    positions?.push(position);
    if (safePrompt && safeCompletion && !t.relabelled) {
      if (t.promptTail !== tails[0] || t.completionTail !== tails[1]) {
        tails = [t.promptTail, t.completionTail];
        encodedTails = [encoded(t.promptTail), encoded(t.completionTail)];
      }
      out.row(t.promptCore, encodedTails[0], t.completionHead !== '', t.completionCore, encodedTails[1]);
    } else {
      out.line(`{"prompt":${JSON.stringify(t.prompt)},"completion":${JSON.stringify(t.completion)}}`);
    }
  };
  await forEachRecord(
    source,
    {
      value: (position, value) => row(table.read(position, value), position, false, false),
      flat: (position, line) => {
        const fate = table.readFlat(line);
        table.texts(line);
        row(fate, position, table.promptPlain, table.completionPlain);
      },
      cells: {
        header: (names) => table.setHeader(names),
        // Most cells need no escaping: they then go out without a JSON.stringify copy, as flat lines do.
        row: (position, cells) => {
          const fate = table.readCells(cells);
          row(fate, position, jsonSafe(table.prompt), jsonSafe(table.completion));
        },
      },
    },
    scan,
    true,
  );
}
