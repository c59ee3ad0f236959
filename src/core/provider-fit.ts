import type { DataFormat } from './findings.js';

/**
 * Whether prepared data fits a provider's file rules: one home for the rule, used by `prepare`, the
 * wizard's summary and its model step (which blocks the start on a blocker).
 */
export interface FileRules {
  /** Fewest training examples a job accepts. */
  readonly minExamples: number;
  /** Largest file one upload takes. */
  readonly maxBytes: number;
  /** Data formats some model of the provider trains on. */
  readonly formats: readonly DataFormat[];
  /** Text encoding the provider reads (all of them: UTF-8; the writer writes nothing else). */
  readonly encoding: 'utf-8';
}

export interface FitFacts {
  /** Examples in the training file. */
  readonly examples: number;
  /** Size of the largest file to upload, when known. */
  readonly bytes: number | null;
  /** Null: not judged here (the model decides, as `fine-tune create` leaves to the provider). */
  readonly format: DataFormat | null;
}

export type FitProblem =
  | { readonly id: 'too-few-examples'; readonly level: 'blocker'; readonly message: string }
  | { readonly id: 'file-too-large'; readonly level: 'blocker'; readonly message: string }
  | { readonly id: 'format-not-taken'; readonly level: 'blocker'; readonly message: string }
  | { readonly id: 'convert-to-chat'; readonly level: 'fix'; readonly message: string };

const WORDS: Record<DataFormat, string> = {
  'prompt-completion': 'prompt/completion',
  chat: 'chat',
  preference: 'preference',
};

export function formatWords(format: DataFormat): string {
  return WORDS[format];
}

/** Bytes as people read a limit: 512 MB, 5 GB. */
export function sizeWords(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** What stands between this data and a job on the provider; empty when it fits as it is. */
export function fitProblems(provider: string, rules: FileRules, facts: FitFacts): FitProblem[] {
  const problems: FitProblem[] = [];
  if (facts.examples < rules.minExamples) {
    problems.push({
      id: 'too-few-examples',
      level: 'blocker',
      message: `${provider} needs at least ${rules.minExamples} training examples; this data has ${facts.examples}.`,
    });
  }
  if (facts.bytes !== null && facts.bytes > rules.maxBytes) {
    problems.push({
      id: 'file-too-large',
      level: 'blocker',
      message: `${provider} takes files of at most ${sizeWords(rules.maxBytes)}; this one is ${sizeWords(facts.bytes)}.`,
    });
  }
  if (facts.format !== null && !rules.formats.includes(facts.format)) {
    const takes = rules.formats.map(formatWords).join(' or ');
    if (facts.format === 'prompt-completion' && rules.formats.includes('chat')) {
      problems.push({
        id: 'convert-to-chat',
        level: 'fix',
        message: `${provider} trains on ${takes} data: these prompts and completions become chat messages (one more fix, in the model step or with prepare --to-chat).`,
      });
    } else {
      problems.push({
        id: 'format-not-taken',
        level: 'blocker',
        message: `${provider} trains on ${takes} data, not ${formatWords(facts.format)}.`,
      });
    }
  }
  return problems;
}
