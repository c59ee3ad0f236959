import { isClassification } from '../task-kind.js';
import type { ExampleView, Finding, PreviewRow, TaskType } from '../findings.js';
import type { ReadNote } from '../read/types.js';
import type { PositionList } from './hash.js';
import { agree, plural, withThousands } from '../numbers.js';
import { finding, pcView } from './preview.js';
import type { RowStats } from './stats.js';

/** What pass 1 learnt before the row statistics: the columns and the rows the necessary fixes removed. */
export interface TableFacts {
  readonly label: string;
  readonly positionLabel: 'line' | 'row';
  readonly rawRows: number;
  readonly columns: readonly string[];
  readonly promptColumn: string | null;
  readonly completionColumn: string | null;
  readonly nonText: PositionList;
  /** The first of `nonText` in words: "line 3: the completion is a list". */
  readonly firstNonText: string | null;
  readonly empty: PositionList;
  /** Before/after previews collected while reading (renames, extra columns, removals). */
  readonly previews: {
    readonly rename: readonly PreviewRow[];
    readonly extra: readonly PreviewRow[];
    readonly nonText: readonly PreviewRow[];
    readonly empty: readonly PreviewRow[];
  };
  readonly notes: readonly ReadNote[];
  /** The first record with all its columns (null for an empty file). */
  readonly firstRow: ExampleView | null;
}

export interface CheckError {
  readonly id: string;
  readonly message: string;
  readonly position?: number;
}

/** Column names for a message: all of a few, the first ten of many (a file can be 100,000 wide). */
export function quotedNames(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map((c) => `"${c}"`);
  if (names.length > max) shown.push(`and ${withThousands(names.length - max)} more`);
  return shown.join(', ');
}

export function noteFindings(notes: readonly ReadNote[]): Finding[] {
  return notes.map((note) => finding(note.id, 'info', note.message, note.detail));
}

/** Checks 1–4 of docs/prepare-checks.md (plus non-text values, "Where we differ"); an error stops here. */
export function tableFindings(
  facts: TableFacts,
  stats: RowStats,
): { findings: Finding[]; error: CheckError | null } {
  const findings: Finding[] = [];
  const few = facts.rawRows < 100;
  findings.push(
    finding(
      'example-count',
      'info',
      `The file holds ${plural(facts.rawRows, 'example')}.`,
      few
        ? 'Fine-tuning works best with at least a few hundred examples; quality tends to grow with every doubling.'
        : 'Quality tends to grow with every doubling of the number of good examples.',
    ),
  );
  if (facts.rawRows === 0) {
    return {
      findings,
      error: {
        id: 'no-examples',
        message: `${facts.label}: no examples found (the file is empty or has only a header)`,
      },
    };
  }
  for (const field of ['prompt', 'completion'] as const) {
    const column = field === 'prompt' ? facts.promptColumn : facts.completionColumn;
    if (column === null) {
      const list = facts.columns.length ? quotedNames(facts.columns) : 'none';
      return {
        findings,
        error: {
          id: 'missing-column',
          message: `${facts.label}: no "${field}" column (columns: ${list}); name one "${field}" or map it with --${field}-column`,
        },
      };
    }
  }
  const renames = (['prompt', 'completion'] as const)
    .map((field) => [field, field === 'prompt' ? facts.promptColumn : facts.completionColumn] as const)
    .filter(([field, column]) => column !== field);
  if (renames.length > 0) {
    const what = renames.map(([field, column]) => `"${column}" is used as ${field}`).join('; ');
    findings.push(
      finding(
        'column-name-case',
        'necessary',
        `Column ${what}.`,
        'Fine-tuning data needs fields named exactly "prompt" and "completion"; the columns are renamed in the prepared file.',
        { length: facts.rawRows, first: () => facts.previews.rename.map((r) => r.position) },
        facts.previews.rename,
      ),
    );
  }
  const extra = facts.columns.filter((c) => c !== facts.promptColumn && c !== facts.completionColumn);
  if (extra.length > 0) {
    findings.push(
      finding(
        'extra-columns',
        'necessary',
        `${plural(extra.length, 'extra column')} will be left out: ${quotedNames(extra)}.`,
        'Only the prompt and the completion are used for training; other columns are not written.',
        { length: facts.rawRows, first: () => facts.previews.extra.map((r) => r.position) },
        facts.previews.extra,
      ),
    );
  }
  if (facts.nonText.length > 0) {
    findings.push(
      finding(
        'non-text-values',
        'necessary',
        `${plural(facts.nonText.length, facts.positionLabel)} ${agree(facts.nonText.length, 'holds', 'hold')} a list or an object where text is expected; ${agree(facts.nonText.length, 'it is', 'they are')} removed.`,
        'A prompt or completion must be text. These rows cannot be turned into training examples.',
        facts.nonText,
        facts.previews.nonText,
      ),
    );
  }
  if (facts.empty.length > 0) {
    findings.push(
      finding(
        'empty-completions',
        'necessary',
        `${plural(facts.empty.length, facts.positionLabel)} ${agree(facts.empty.length, 'has', 'have')} an empty completion; ${agree(facts.empty.length, 'it is', 'they are')} removed.`,
        'An example without a completion teaches the model nothing.',
        facts.empty,
        facts.previews.empty,
      ),
    );
  }
  if (stats.rows === 0) return { findings, error: nothingLeft(facts) };
  return { findings, error: null };
}

/** Every row was removed: why, with how many and the first of each reason, so the file can be fixed. */
function nothingLeft(facts: TableFacts): CheckError {
  const reasons: string[] = [];
  const firsts: number[] = [];
  const where = facts.positionLabel;
  if (facts.nonText.length > 0) {
    const n = facts.nonText.length;
    firsts.push(facts.nonText.at(0));
    reasons.push(
      `${plural(n, where)} ${n === 1 ? 'holds' : 'hold'} a list or an object where text is expected (first: ${facts.firstNonText ?? `${where} ${facts.nonText.at(0)}`})`,
    );
  }
  if (facts.empty.length > 0) {
    const n = facts.empty.length;
    firsts.push(facts.empty.at(0));
    reasons.push(
      `${plural(n, where)} ${agree(n, 'has', 'have')} an empty completion (first: ${where} ${facts.empty.at(0)})`,
    );
  }
  return {
    id: 'no-examples',
    message: `${facts.label}: no examples left once the rows that cannot be used are removed: ${reasons.join('; ')}`,
    position: Math.min(...firsts),
  };
}

export function taskTypeOf(stats: RowStats): TaskType {
  if (stats.allPromptsEmpty) return 'open-ended generation';
  if (isClassification(stats.distinctCompletions, stats.rows)) return 'classification';
  return 'conditional generation';
}

export function taskFinding(task: TaskType, stats: RowStats): Finding {
  const detail =
    task === 'classification'
      ? `The completions take ${plural(stats.distinctCompletions, 'distinct value')}. A small, inexpensive model is usually enough for classification, and holding out a validation set measures how well it does.`
      : task === 'open-ended generation'
        ? 'Every prompt is empty: the model learns to write text like the completions.'
        : 'The model learns to write a completion for each prompt.';
  return finding('task-type', 'info', `This looks like ${task}.`, detail);
}

/** Kept for removal previews: the row as read, and no row after. */
export function removedPreview(position: number, prompt: string, completion: string): PreviewRow {
  return { position, before: pcView(prompt, completion), after: null };
}
