import type { Finding, TaskType } from '../findings.js';
import type { CheckError } from './checks-table.js';
import {
  COMPLETION_PREFIX_MIN,
  ENDING_FALLBACK,
  PROMPT_PREFIX_MIN,
  SEPARATOR_FALLBACK,
  SUFFIX_LONG,
} from './options.js';
import { agree, plural } from '../numbers.js';
import { allRows, finding, previewRows, showText } from './preview.js';
import type { RowStats } from './stats.js';
import { codePointLength, dropCodePoints } from './text.js';

export interface TextPlan {
  readonly separator: string;
  readonly ending: string;
  readonly promptPrefixLength: number;
  readonly completionPrefixLength: number;
  readonly completionPrefixSpace: boolean;
  /** What inference will use if the proposed fixes are accepted. */
  readonly inferenceSeparator: string | null;
  readonly inferenceStop: string | null;
}

/**
 * Fixes that apply to every row (a column-wide change): their count is the rows the fix is applied to,
 * where the other fixes count the rows they change or remove.
 */
export const COLUMN_WIDE_FIXES: ReadonlySet<string> = new Set([
  'uppercase-prompts',
  'uppercase-completions',
  'prompt-separator',
  'prompt-prefix',
  'completion-prefix',
  'completion-ending',
]);

/**
 * The messages that name how many rows a fix changes, by fix id: written again when the fixes accepted
 * before it change that number (see sequence.ts).
 */
export const COUNTED_MESSAGES: Readonly<Record<string, (n: number, positionLabel: string) => string>> = {
  duplicates: (n, label) =>
    `${plural(n, label)} ${agree(n, 'repeats', 'repeat')} an earlier example exactly.`,
  'long-examples': (n) =>
    `${plural(n, 'example')} ${agree(n, 'exceeds', 'exceed')} 10,000 characters (prompt and completion together).`,
  'completion-leading-space': (n) =>
    `${plural(n, 'completion')} ${agree(n, 'does', 'do')} not start with a space.`,
};

function counted(id: string, n: number, positionLabel: string): string {
  return COUNTED_MESSAGES[id]?.(n, positionLabel) ?? id;
}

/** Checks 6–14 of docs/prepare-checks.md, all from the pass-1 statistics of the table after necessary fixes. */
export function textFindings(
  stats: RowStats,
  task: TaskType,
  positionLabel: string,
): { findings: Finding[]; error: CheckError | null; plan: TextPlan } {
  const findings: Finding[] = [];
  const openEnded = task === 'open-ended generation';
  const n = stats.rows;
  const everyRow = allRows(n, stats.head);
  const separator = stats.separators.choose(SEPARATOR_FALLBACK);
  const ending = stats.endings.choose(ENDING_FALLBACK);
  const promptPrefix = stats.prompts.prefix;
  const completionPrefix = stats.completions.prefix;
  const promptSuffix = stats.prompts.suffix;
  const completionSuffix = stats.completions.suffix;
  const plan = {
    separator,
    ending,
    promptPrefixLength: codePointLength(promptPrefix),
    completionPrefixLength: codePointLength(completionPrefix),
    completionPrefixSpace: completionPrefix.startsWith(' '),
    inferenceSeparator: openEnded ? null : promptSuffix || separator,
    inferenceStop: openEnded || task === 'classification' ? null : completionSuffix || ending,
  };
  const done = (error: CheckError | null = null) => ({ findings, error, plan });

  if (stats.duplicates.length > 0) {
    findings.push(
      finding(
        'duplicates',
        'optional',
        counted('duplicates', stats.duplicates.length, positionLabel),
        'Duplicates weigh some examples more than others. The fix keeps the first copy and removes the later ones.',
        stats.duplicates,
        previewRows(stats.previews.duplicates, () => null),
      ),
    );
  }
  if (!openEnded && stats.long.length > 0) {
    findings.push(
      finding(
        'long-examples',
        'optional',
        counted('long-examples', stats.long.length, positionLabel),
        'Examples this long may go past the model’s context and be cut in training. The fix removes them.',
        stats.long,
        previewRows(stats.previews.long, () => null),
      ),
    );
  }
  for (const [field, counts] of [
    ['prompt', stats.promptCase],
    ['completion', stats.completionCase],
  ] as const) {
    if (2 * counts[0] > counts[1]) {
      findings.push(
        finding(
          field === 'prompt' ? 'uppercase-prompts' : 'uppercase-completions',
          'optional',
          `The ${field}s are mostly uppercase (${plural(counts[0], 'uppercase letter')}, ${plural(counts[1], 'lowercase letter')}).`,
          `Text in capitals splits into more, rarer tokens and is harder to learn from. The fix lowercases every ${field}.`,
          everyRow,
          previewRows(stats.head, (r) =>
            field === 'prompt'
              ? { ...r, prompt: r.prompt.toLowerCase() }
              : { ...r, completion: r.completion.toLowerCase() },
          ),
        ),
      );
    }
  }
  if (!openEnded) {
    if (stats.prompts.allSame) {
      return done({
        id: 'identical-prompts',
        message: `all prompts are identical (${showText(promptSuffix)}); leave them empty for open-ended generation, or make them differ`,
      });
    }
    if (promptSuffix !== '') {
      findings.push(
        finding(
          'prompt-separator',
          'info',
          `Every prompt ends with ${showText(promptSuffix)}, which serves as the separator.`,
          suffixNotes(promptSuffix, stats.prompts.suffixRepeats, 'prompt', separator),
        ),
      );
    } else {
      findings.push(
        finding(
          'prompt-separator',
          'optional',
          `The prompts do not end with a common separator.`,
          `A fixed separator at the end of each prompt tells the model where the completion begins. The fix appends ${showText(separator)} to every prompt; end your prompts with it at inference too.`,
          everyRow,
          previewRows(stats.head, (r) => ({ ...r, prompt: r.prompt + separator })),
        ),
      );
    }
  }
  if (promptPrefix !== '' && !stats.prompts.allSame) {
    const long = plan.promptPrefixLength >= PROMPT_PREFIX_MIN;
    findings.push(
      finding(
        'prompt-prefix',
        long ? 'optional' : 'info',
        `Every prompt starts with ${showText(promptPrefix)}.`,
        long
          ? 'Fine-tuned models do not need the instructions repeated in every example; the data itself teaches the task. The fix removes this prefix from every prompt.'
          : 'A short common start is harmless.',
        long ? everyRow : null,
        long
          ? previewRows(stats.head, (r) => ({
              ...r,
              prompt: dropCodePoints(r.prompt, plan.promptPrefixLength),
            }))
          : [],
      ),
    );
  }
  if (plan.completionPrefixLength >= COMPLETION_PREFIX_MIN && !stats.completions.allSame) {
    const space = plan.completionPrefixSpace ? ' ' : '';
    findings.push(
      finding(
        'completion-prefix',
        'optional',
        `Every completion starts with ${showText(completionPrefix)}.`,
        `The model would spend its training learning to repeat this text. The fix removes it${space ? ', keeping the leading space' : ''}.`,
        everyRow,
        previewRows(stats.head, (r) => ({
          ...r,
          completion: space + dropCodePoints(r.completion, plan.completionPrefixLength),
        })),
      ),
    );
  }
  if (!openEnded && task !== 'classification') {
    if (stats.completions.allSame) {
      return done({
        id: 'identical-completions',
        message: `all completions are identical (${showText(completionSuffix)}); the model would only learn to repeat it`,
      });
    }
    if (completionSuffix !== '') {
      findings.push(
        finding(
          'completion-ending',
          'info',
          `Every completion ends with ${showText(completionSuffix)}, which serves as the stop sequence.`,
          suffixNotes(completionSuffix, stats.completions.suffixRepeats, 'completion', ending),
        ),
      );
    } else {
      findings.push(
        finding(
          'completion-ending',
          'optional',
          'The completions do not end with a common ending.',
          `A fixed ending lets inference stop exactly where an answer ends. The fix appends ${showText(ending)} to every completion; use it as the stop sequence.`,
          everyRow,
          previewRows(stats.head, (r) => ({ ...r, completion: r.completion + ending })),
        ),
      );
    }
  }
  if (stats.noLeadingSpace.length > 0 || n === 0) {
    findings.push(
      finding(
        'completion-leading-space',
        'optional',
        counted('completion-leading-space', stats.noLeadingSpace.length, positionLabel),
        'The tokenizer joins a word to the space before it; starting every completion with a space gives better results. The fix adds one where it is missing.',
        stats.noLeadingSpace,
        previewRows(stats.previews.space, (r) => ({ ...r, completion: ` ${r.completion}` })),
      ),
    );
  }
  return done();
}

function suffixNotes(suffix: string, repeats: boolean, field: string, shorter: string): string {
  const notes = [`Keep it at the end of each ${field} at inference.`];
  if (codePointLength(suffix) > SUFFIX_LONG)
    notes.push(`It is rather long; a shorter one such as ${showText(shorter)} would do.`);
  if (repeats)
    notes.push(
      `Some ${field}s contain it more than once, which can confuse the model; consider a unique one.`,
    );
  return notes.join(' ');
}
