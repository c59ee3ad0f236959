import { collectChatTurn } from '../chat/quality.js';
import { UserError } from '../errors.js';
import type { Finding, PreviewRow } from '../findings.js';
import { agree, plural } from '../numbers.js';
import { QualityCollector, type QualityRows } from '../quality/collector.js';
import { validationLeaks } from '../quality/validation-leak.js';
import { WordCodes } from '../quality/word-codes.js';
import { analyzeFile } from './analyze.js';
import { pcView } from './preview.js';
import { reopen } from './records.js';
import { TableReader } from './table.js';
import type { Analysis } from './types.js';

const PREVIEW = 5;

/** What the quality checks keep of each kept row of a file (a chat example: its conversation and answer). */
async function collect(
  analysis: Analysis,
  signal: AbortSignal | undefined,
  codes: WordCodes,
): Promise<QualityRows> {
  const collector = new QualityCollector(codes);
  const source = await reopen(analysis);
  const scan = signal === undefined ? {} : { signal };
  if (analysis.dataFormat === 'chat') {
    await source.scan((position, value) => collectChatTurn(collector, position, value), scan);
    return collector.result();
  }
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  await source.scan((position, value) => {
    if (table.read(position, value) !== 'kept') return;
    const { prompt, completion } = table;
    collector.add(position, prompt, 0, prompt.length, completion, 0, completion.length);
  }, scan);
  return collector.result();
}

/** The texts of a few training rows, for the finding's preview. */
async function previews(analysis: Analysis, positions: readonly number[]): Promise<PreviewRow[]> {
  const wanted = new Set(positions);
  const rows: PreviewRow[] = [];
  const source = await reopen(analysis);
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  const { chatTurn } = await import('../chat/quality.js');
  await source.scan((position, value) => {
    if (!wanted.has(position)) return;
    if (analysis.dataFormat === 'chat') {
      const turn = chatTurn(value);
      if (turn !== null) rows.push({ position, before: pcView(turn.prompt, turn.answer), after: null });
    } else if (table.read(position, value) === 'kept')
      rows.push({ position, before: pcView(table.prompt, table.completion), after: null });
  });
  return rows;
}

/**
 * With a validation file the user brings (`prepare FILE --validation VFILE`): the training rows whose
 * prompt near-duplicates a validation row's, as the finding `validation-leak` (docs/quality-checks.md).
 * Its fix drops them from the training file: the validation file is the user's yardstick and stays
 * as it is. The analysis comes back unchanged when there are none.
 */
export async function withValidationLeak(
  analysis: Analysis,
  validationPath: string,
  signal?: AbortSignal,
): Promise<Analysis> {
  const checked = await analyzeFile(validationPath, {
    quality: false,
    deferTokens: true,
    columnMap: analysis.columnMap,
    ...(signal === undefined ? {} : { signal }),
  });
  // A fault of the data as a whole (all prompts alike, say) does not stop the comparison; a file whose
  // rows cannot be read does.
  const unreadable =
    checked.examples === 0 || (checked.dataFormat !== 'chat' && checked.columns.length === 0);
  if (checked.error && unreadable) throw new UserError(`validation file: ${checked.error.message}`);
  const chat = (a: Analysis): boolean => a.dataFormat === 'chat';
  if (chat(checked) !== chat(analysis) || checked.dataFormat === 'preference')
    throw new UserError(
      `${checked.input}: the validation file holds ${checked.dataFormat} data, the training file ${analysis.dataFormat} data`,
    );
  // One numbering of words for both files: their rows are searched as one set.
  const codes = new WordCodes();
  const train = await collect(analysis, signal, codes);
  const leaks = validationLeaks(train, await collect(checked, signal, codes), signal);
  if (leaks.length === 0) return analysis;
  const validationRows = new Set(leaks.map((l) => l.validation)).size;
  const label = analysis.positionLabel;
  const finding: Finding = {
    id: 'validation-leak',
    kind: 'optional',
    message: `${plural(leaks.length, `training ${label}`)} ${agree(leaks.length, 'near-copies', 'near-copy')} ${plural(validationRows, `${checked.positionLabel}`)} of the validation file ${checked.input}`,
    detail:
      'A validation example with a near-copy in training is answered from memory, so the validation score flatters the model. Accepting drops these rows from the training file; the validation file is never changed.',
    rows: { count: leaks.length, positions: leaks.map((l) => l.train) },
    details: leaks.map((l) => ({
      row: l.train,
      label: l.label,
      suggested: null,
      confidence: null,
      group: l.group,
      validationRow: l.validation,
    })),
    preview: await previews(
      analysis,
      leaks.slice(0, PREVIEW).map((l) => l.train),
    ),
  };
  return { ...analysis, findings: withFinding(analysis.findings, finding) };
}

/** After the other fixes that remove or move rows, before those that change every row. */
function withFinding(findings: readonly Finding[], finding: Finding): Finding[] {
  const before = new Set([
    'duplicates',
    'long-examples',
    'likely-mislabelled',
    'conflicting-labels',
    'split-leak',
    'remove-invalid-examples',
    'remove-duplicates',
    'remove-over-limit',
  ]);
  const last = findings.findLastIndex((f) => before.has(f.id));
  const at = last >= 0 ? last + 1 : findings.findIndex((f) => f.kind === 'optional');
  const index = at >= 0 ? at : findings.length;
  return [...findings.slice(0, index), finding, ...findings.slice(index)];
}
