import { createInterface } from 'node:readline/promises';
import { say } from '../output.js';
import { UsageError, UserError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import type { Analysis, WriteResult } from '../../core/prepare/index.js';
import { trainingExamples } from '../../core/prepare/outputs.js';
import { OutputExistsError } from '../../core/prepare/names.js';
import { plural } from '../../core/numbers.js';
import { wrapIndented } from '../../core/wrap.js';
import { Engine } from './engine.js';
import { progressLine } from './progress-line.js';
import { acceptedByFlags, decidedByFlags, parseFlags, type PrepareFlags } from './flags.js';
import { humanReport, jsonReport, type ProviderFit } from './report.js';
import { suggestedModel } from '../../api/provider.js';
import { MEANING_FIXES, QUALITY_FIX_IDS } from '../../core/quality/findings.js';

/**
 * Runs `fine-tune prepare`; returns the exit status (data errors in JSON mode are reported, not thrown).
 * `engine`: one the caller started early (its thread starts while this module loads); closed here.
 */
export async function runPrepare(file: string, rawFlags: unknown, engine = new Engine()): Promise<number> {
  let flags: PrepareFlags;
  try {
    flags = parseFlags(rawFlags);
  } catch (error) {
    await engine.close();
    throw error;
  }
  // Stopped mid-write, the engine removes its temp file before the process ends (exit 1, one line).
  const interrupt = (): void => engine.abort();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const name of signals) process.on(name, interrupt);
  try {
    return await prepareWith(engine, file, flags);
  } finally {
    for (const name of signals) process.off(name, interrupt);
    await engine.close();
  }
}

async function prepareWith(engine: Engine, file: string, flags: PrepareFlags): Promise<number> {
  const columnMap = {
    ...(flags.promptColumn === undefined ? {} : { prompt: flags.promptColumn }),
    ...(flags.completionColumn === undefined ? {} : { completion: flags.completionColumn }),
  };
  const { userPrices } = await import('../../core/price-override.js');
  const prices = userPrices();
  const progress = flags.json ? null : progressLine(file);
  const late = checksWhileWriting(flags);
  let analysis = await engine.analyze(
    file,
    {
      // Tokens are counted after writing: the tokenizer's memory then never adds to a pass's.
      deferTokens: true,
      columnMap,
      ...(prices === null ? {} : { prices }),
      ...(flags.model === undefined ? {} : { model: flags.model }),
      ...(flags.sheet === undefined ? {} : { sheet: flags.sheet }),
      ...(flags.delimiter === undefined ? {} : { delimiter: flags.delimiter }),
      ...(flags.quality ? {} : { quality: false }),
    },
    progress?.report,
    flags.validation,
    late,
  );
  progress?.done();
  if (flags.delimiter !== undefined && analysis.format !== 'csv' && analysis.format !== 'tsv') {
    throw new UsageError(`prepare: --delimiter applies to CSV and TSV files, not ${analysis.format}`);
  }
  if (analysis.error) {
    if (flags.json) {
      print(jsonReport(analysis, new Set(), null));
      return 1;
    }
    throw new UserError(analysis.error.message);
  }
  const proposed = analysis.findings.filter((f) => f.kind === 'optional');
  const classification = analysis.taskType === 'classification';
  let accepted: Set<string>;
  let split: boolean;
  if (decidedByFlags(flags) || (proposed.length === 0 && !classification)) {
    // Late checks may still propose their fixes: the flags decide those too.
    const ids = proposed.map((f) => f.id);
    accepted = acceptedByFlags(flags, late ? [...ids, ...QUALITY_FIX_IDS] : ids);
    split = classification && flags.split;
  } else if (process.stdin.isTTY && process.stdout.isTTY && !flags.json) {
    ({ accepted, split } = await ask(engine, analysis, proposed, flags));
  } else {
    const ids = proposed.map((f) => f.id);
    const message = `${plural(proposed.length, 'fix', 'fixes')} to decide and ${flags.json ? '--json given' : 'no terminal to ask in'}: pass --yes to accept them all, or --accept/--reject IDS (${ids.join(', ')})`;
    // A script reading stdout gets a document that says what is undecided, never nothing.
    if (flags.json) {
      print(
        jsonReport({ ...analysis, error: { id: 'undecided-fixes', message } }, new Set(), null, null, ids),
      );
      return 2;
    }
    throw new UsageError(`prepare: ${message}`);
  }
  let result: WriteResult;
  try {
    result = await engine.write(
      analysis,
      { accepted, split, stratify: flags.stratify === true, systemMessage: flags.systemMessage },
      { ...(flags.out === undefined ? {} : { outDir: flags.out }), ...(flags.force ? { force: true } : {}) },
      progress?.report,
    );
    progress?.done();
  } catch (error) {
    progress?.done();
    if (flags.json && error instanceof UserError) {
      analysis = await engine.settled(analysis);
      const id = error instanceof OutputExistsError ? error.id : 'invalid-file';
      print(jsonReport({ ...analysis, error: { id, message: error.message } }, accepted, null));
      return 1;
    }
    throw error;
  }
  // Token and cost figures count the rows written, and the estimate the training file's.
  analysis = await engine.tokens(analysis, {
    decisions: { accepted, split, systemMessage: flags.systemMessage },
    examples: result.examples,
    trained: trainingExamples(result),
  });
  const fit = await providerFit(analysis, result, flags);
  print(
    flags.json
      ? jsonReport(analysis, accepted, result, fit)
      : humanReport(
          analysis,
          accepted,
          result,
          flags.model ?? fit.model ?? suggestedModel(analysis.model, flags),
          fit,
        ),
  );
  return 0;
}

/**
 * The written data against the chosen provider's file rules (examples, size, format), and the chat
 * files `--to-chat` writes for a provider or model that takes only chat.
 */
async function providerFit(
  analysis: Analysis,
  result: WriteResult,
  flags: PrepareFlags,
): Promise<ProviderFit> {
  const [{ PROFILES, selectProvider }, { loadProviderChoice }, { fitProblems }, { stat }] = await Promise.all(
    [
      import('../../api/providers/index.js'),
      import('../../store/provider-choice.js'),
      import('../../core/provider-fit.js'),
      import('node:fs/promises'),
    ],
  );
  const choice = selectProvider(
    { provider: flags.provider },
    process.env,
    await loadProviderChoice(process.cwd()),
  );
  const profile = PROFILES[choice.provider];
  const files = result.outputs.length > 0 ? result.outputs.map((o) => o.path) : [analysis.input];
  const sizes = await Promise.all(
    files.map((path) =>
      stat(path).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const train = result.outputs.find((o) => o.role === 'train' || o.role === 'all');
  const problems = fitProblems(profile.label, profile.files, {
    examples: train?.examples ?? result.examples,
    bytes: Math.max(0, ...sizes),
    format: analysis.dataFormat,
  });
  let chat: string[] = [];
  if (
    flags.toChat &&
    analysis.dataFormat === 'prompt-completion' &&
    files.every((f) => f.endsWith('.jsonl'))
  ) {
    const { convertFileToChat } = await import('../../core/convert-files.js');
    const options = {
      ...(result.separator ? { separator: result.separator } : {}),
      ...(result.stop ? { ending: result.stop } : {}),
    };
    chat = [];
    for (const path of files) chat.push(await convertFileToChat(path, options));
  }
  return {
    provider: profile.name,
    label: profile.label,
    problems,
    chat,
    explicit: flags.provider !== undefined,
    // Data a chat model must train on is suggested the row's own chat model.
    ...(problems.some((p) => p.id === 'convert-to-chat') && profile.retrainModel !== null
      ? { model: profile.retrainModel }
      : {}),
  };
}

/**
 * The quality checks can run while the file is written when the flags decide every fix and none of
 * those that change labels is taken (they change pass 2's rows); with `--validation` the training rows
 * near-copying it are dropped in pass 2, so those checks come first too.
 */
function checksWhileWriting(flags: PrepareFlags): boolean {
  return (
    decidedByFlags(flags) &&
    flags.quality &&
    flags.validation === undefined &&
    !(flags.accept ?? []).some((id) => MEANING_FIXES.has(id))
  );
}

function print(text: string): void {
  say(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * One plain `[Y/n]` question per optional fix, then the split question for classification. Once a fix
 * is accepted, the ones after it are counted again as it leaves the data (core/prepare/sequence.ts).
 */
async function ask(
  engine: Engine,
  analysis: Analysis,
  proposed: readonly Finding[],
  flags: PrepareFlags,
): Promise<{ accepted: Set<string>; split: boolean }> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Lines are read through the iterator, which buffers them: answers typed (or pasted) ahead are kept.
  const lines = rl[Symbol.asyncIterator]();
  const yes = async (question: string): Promise<boolean> => {
    say(`${question} [Y/n] `);
    const next = await lines.next();
    if (next.done === true) throw new UserError('prepare: cancelled; nothing was written');
    const answer = String(next.value).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  };
  try {
    say(
      `${analysis.input}: ${plural(analysis.examples, 'example')}, ${analysis.taskType ?? analysis.dataFormat}\n`,
    );
    for (const f of analysis.findings) {
      if (f.kind === 'necessary') say(`  fixed: ${f.message}\n`);
    }
    const accepted = new Set<string>();
    let findings: readonly Finding[] = analysis.findings;
    let countedFor = 0;
    for (const proposal of proposed) {
      if (accepted.size !== countedFor) {
        findings = await engine.sequence(analysis, accepted, flags.systemMessage);
        countedFor = accepted.size;
      }
      const f = findings.find((x) => x.id === proposal.id) ?? proposal;
      // Wrapped here: the terminal would break the lines mid-word, a space starting the next.
      const width = process.stdout.columns || 80;
      say(`\n${wrapIndented(f.message, width)}\n${wrapIndented(f.detail, width, '  ')}\n`);
      const system = f.id === 'add-system-message' ? systemMessageOf(analysis, flags) : null;
      if (system !== null) say(`  The system message: ${JSON.stringify(system)}\n`);
      if (await yes(`Apply "${f.id}"?`)) accepted.add(f.id);
    }
    const split =
      analysis.taskType === 'classification' && flags.split
        ? await yes('\nSplit into training and validation files (to measure accuracy)?')
        : false;
    return { accepted, split };
  } finally {
    rl.close();
  }
}

/** The system message add-system-message adds: the one given with --system-message, else the one proposed. */
function systemMessageOf(analysis: Analysis, flags: PrepareFlags): string | null {
  return flags.systemMessage ?? (analysis.plan?.kind === 'chat' ? analysis.plan.context.systemMessage : null);
}
