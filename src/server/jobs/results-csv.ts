/**
 * The results file a job leaves (`result_files[0]`), one row per training step.
 *
 * Today's API: `step, train_loss, train_accuracy, valid_loss, valid_mean_token_accuracy`.
 * A job made through the legacy `/fine-tunes` endpoint gets the legacy file instead, with the
 * columns the old guide describes ("Analyzing your fine-tuned model": `elapsed_tokens` and
 * `elapsed_examples` count repeats, sequence accuracy is the share of completions predicted
 * exactly), and with `compute_classification_metrics` the `classification/*` columns, filled on the
 * last step of each epoch (https://platform.openai.com/docs/guides/legacy-fine-tuning).
 */
import type { JobState, Metrics } from '../state/records.js';

type Cell = number | undefined;

function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.join(','), ...rows.map((row) => row.map((cell) => cell ?? '').join(','))];
  return `${lines.join('\n')}\n`;
}

/** The API's fields of a metrics row, as events and checkpoints carry them. */
export function apiMetrics(
  row: Metrics,
): Omit<
  Metrics,
  'train_sequence_accuracy' | 'valid_sequence_accuracy' | 'batch_tokens' | 'batch_examples' | 'classification'
> {
  const {
    train_sequence_accuracy: _ts,
    valid_sequence_accuracy: _vs,
    batch_tokens: _bt,
    batch_examples: _be,
    classification: _c,
    ...api
  } = row;
  return api;
}

export function resultsCsv(state: JobState): string {
  return state.legacy
    ? legacyCsv(state.rows)
    : csv(
        ['step', 'train_loss', 'train_accuracy', 'valid_loss', 'valid_mean_token_accuracy'],
        state.rows.map((r) => [
          r.step,
          r.train_loss,
          r.train_mean_token_accuracy,
          r.valid_loss,
          r.valid_mean_token_accuracy,
        ]),
      );
}

function legacyCsv(rows: readonly Metrics[]): string {
  // Classification columns in the order the old service wrote them, whichever epoch first has each.
  const order = ['accuracy', 'precision', 'recall', 'auroc', 'auprc', 'weighted_f1_score'];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.classification ?? {})))].sort(
    (a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b),
  );
  let tokens = 0;
  let examples = 0;
  const body = rows.map((r) => {
    tokens += r.batch_tokens ?? 0;
    examples += r.batch_examples ?? 0;
    return [
      r.step,
      tokens,
      examples,
      r.train_loss,
      r.train_sequence_accuracy,
      r.train_mean_token_accuracy,
      r.valid_loss,
      r.valid_sequence_accuracy,
      r.valid_mean_token_accuracy,
      ...names.map((name) => r.classification?.[name]),
    ];
  });
  const header = [
    'step',
    'elapsed_tokens',
    'elapsed_examples',
    'training_loss',
    'training_sequence_accuracy',
    'training_token_accuracy',
    'validation_loss',
    'validation_sequence_accuracy',
    'validation_token_accuracy',
    ...names.map((name) => `classification/${name}`),
  ];
  return csv(header, body);
}

/** F-beta columns (`f1.0`, `f0.5`) come after the named ones. */
function rank(order: readonly string[], name: string): number {
  const at = order.indexOf(name);
  return at < 0 ? order.length : at;
}
