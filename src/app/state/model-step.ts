import { basename } from 'node:path';
import { estimateCost, scaledTokens, type CostEstimate } from '../../core/cost.js';
import { trainingExamples } from '../../core/prepare/outputs.js';
import { fitProblems, type FitProblem } from '../../core/provider-fit.js';
import type { DataFormat } from '../../core/findings.js';
import { equivalentCreateCommand } from '../../api/command-line.js';
import { fromJobCommandLine } from '../../core/command-line.js';
import type { AppError } from '../../api/errors.js';
import { hyperparameterProblems, suffixProblem, type Hyperparameters } from '../../api/jobs.js';
import type { ModelInfo } from '../../api/models.js';
import type { ProviderName } from '../../api/providers/index.js';
import { optionValue, profileOfStep, type FieldName } from './model-fields.js';
import type { StartJobInput } from '../../api/start-job.js';
import type { WizardState } from './wizard-state.js';
import type { Analysis, WriteResult } from '../engine.js';

/**
 * The model step (DESIGN screen 5): pick a base model, accept the chat conversion when the model
 * needs it, then set the suffix, method and hyperparameters and confirm. Pure data and derivations;
 * the reducer moves between phases and `use-job-effects.ts` talks to the provider.
 */
export type ModelPhase = 'pick' | 'convert' | 'options';
export type Method = 'supervised' | 'dpo';
export {
  FIELDS,
  fieldsOf,
  isTextField,
  optionOf,
  optionValue,
  profileOfStep,
  type FieldName,
  type OptionField,
  type TextField,
} from './model-fields.js';
/** The files a job would train on, and their format (chat once converted). */
export interface PreparedFiles {
  readonly train: string;
  readonly valid: string | null;
  readonly format: DataFormat;
  /** Separator and stop sequence of the data (none after conversion to chat). */
  readonly separator: string | null;
  readonly stop: string | null;
  /** Chat data: the system message most examples open with, for the tester and eval. */
  readonly systemPrompt: string | null;
}

export interface ModelStep {
  readonly phase: ModelPhase;
  readonly result: WriteResult;
  readonly provider: { readonly name: ProviderName; readonly reason: string } | null;
  /** Null while the list is loading. */
  readonly models: readonly ModelInfo[] | null;
  readonly loadError: AppError | null;
  readonly cursor: number;
  readonly field: FieldName;
  readonly suffix: string;
  readonly method: Method;
  /** Empty means `auto`. */
  readonly epochs: string;
  readonly batch: string;
  readonly lr: string;
  /** The day the dates were read on (days left count from it). */
  readonly today: string;
  /** Values of the provider's create options, by key (absent: the option's default). */
  readonly options: Readonly<Record<string, string>>;
  readonly files: PreparedFiles;
  /** The conversion is being written (phase `convert`), or why it failed. */
  readonly converting: boolean;
  readonly convertError: string | null;
  /**
   * The corrections waiting beside the training file (made in the chat tester or on the eval screen),
   * found when the models are listed; null when there are none. Offered as a field, included by default.
   */
  readonly corrections: Corrections | null;
  /** The training file the corrections were looked for beside (null: not yet). */
  readonly correctionsOf: string | null;
  readonly includeCorrections: boolean;
  /**
   * "Train more" from a finished job: its fine-tuned model is the base (chosen once the list loads),
   * the same data plus the corrections, the same settings.
   */
  readonly trainMore?:
    | {
        readonly from: string;
        readonly job: string;
        /** The job panel it was opened from: Esc on the list of models goes back to it. */
        readonly back: Extract<WizardState, { screen: 'job' }>;
      }
    | undefined;
}

/** A corrections file and how many rows it holds. */
export interface Corrections {
  readonly path: string;
  readonly rows: number;
}

/** The corrections the job trains on as well: those found, unless the user left them out. */
export function includedCorrections(step: ModelStep): Corrections | null {
  return step.includeCorrections ? step.corrections : null;
}

/** Examples the job trains on: the training file's and the corrections included. */
export function examplesOf(step: ModelStep): number {
  return trainingExamples(step.result) + (includedCorrections(step)?.rows ?? 0);
}

export function preparedFiles(analysis: Analysis, result: WriteResult): PreparedFiles {
  const train = result.outputs.find((o) => o.role === 'train' || o.role === 'all');
  const valid = result.outputs.find((o) => o.role === 'valid');
  return {
    train: train?.path ?? analysis.input,
    valid: valid?.path ?? null,
    format: analysis.dataFormat,
    separator: result.separator,
    stop: result.stop,
    systemPrompt: result.systemPrompt,
  };
}

/** A suffix from the file name: `support-tickets.csv` → `support-tickets`. */
export function defaultSuffix(input: string): string {
  const stem = basename(input).replace(/\.[^.]*$/, '');
  const clean = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return clean.slice(0, 40);
}

export function initialModelStep(analysis: Analysis, result: WriteResult): ModelStep {
  return {
    phase: 'pick',
    result,
    provider: null,
    models: null,
    loadError: null,
    cursor: 0,
    field: 'suffix',
    suffix: defaultSuffix(analysis.input),
    method: analysis.dataFormat === 'preference' ? 'dpo' : 'supervised',
    epochs: '',
    batch: '',
    lr: '',
    today: '',
    options: {},
    files: preparedFiles(analysis, result),
    converting: false,
    convertError: null,
    corrections: null,
    correctionsOf: null,
    includeCorrections: true,
  };
}

export type Fit = 'fits' | 'convert' | 'no';

/** Whether a model can train on data of this format as it is, after the chat conversion, or not. */
export function fitOf(model: ModelInfo, format: DataFormat): Fit {
  if (model.formats.includes(format)) return 'fits';
  if (format === 'prompt-completion' && model.formats.includes('chat')) return 'convert';
  return 'no';
}

export function chosenModel(step: ModelStep): ModelInfo | undefined {
  return step.models?.[step.cursor];
}

/** `''` → auto; anything else is read as a number (and checked against the API's ranges). */
function parsed(text: string): number | 'auto' {
  return text.trim() === '' ? 'auto' : Number(text.trim());
}

export function hyperparameters(step: ModelStep): Hyperparameters {
  return {
    nEpochs: parsed(step.epochs),
    batchSize: parsed(step.batch),
    learningRate: parsed(step.lr),
  };
}

/** What stands between the data and a job on this provider (its file rules; the format by model). */
export function dataFit(step: ModelStep): readonly FitProblem[] {
  const profile = profileOfStep(step);
  return fitProblems(profile.label, profile.files, {
    examples: examplesOf(step),
    bytes: null,
    format: step.files.format,
  });
}

/**
 * Problems per field, as typed, against the provider's rules (an empty suffix is fine: it is
 * optional), and under `data` a file rule the data breaks (too few examples for this provider).
 */
export function fieldProblems(step: ModelStep): Partial<Record<FieldName | 'data', string>> {
  const profile = profileOfStep(step);
  const problems: Partial<Record<FieldName | 'data', string>> = {};
  const blocker = dataFit(step).find((p) => p.id === 'too-few-examples');
  if (blocker !== undefined) problems.data = blocker.message;
  if (step.suffix !== '') {
    const problem = suffixProblem(step.suffix, profile);
    if (problem !== null) problems.suffix = problem;
  }
  const h = hyperparameters(step);
  const [epochs] = hyperparameterProblems({ nEpochs: h.nEpochs ?? 'auto' }, profile);
  const [batch] = hyperparameterProblems({ batchSize: h.batchSize ?? 'auto' }, profile);
  const [lr] = hyperparameterProblems({ learningRate: h.learningRate ?? 'auto' }, profile);
  if (epochs !== undefined) problems.epochs = epochs;
  if (batch !== undefined) problems.batch = batch;
  if (lr !== undefined) problems.lr = lr;
  if (!profile.supports.methods.includes(step.method)) {
    problems.method = `${profile.label} trains with the ${profile.supports.methods.join(' or ')} method only`;
  }
  return problems;
}

/** Methods the data allows: DPO only for preference data. */
export function methodsFor(format: DataFormat): readonly Method[] {
  return format === 'preference' ? ['dpo', 'supervised'] : ['supervised'];
}

/** What `startJob` gets: the same values the equivalent command shows. */
export function jobInput(step: ModelStep, model: string): StartJobInput {
  const { files } = step;
  return {
    model,
    trainingPath: files.train,
    validationPath: files.valid ?? undefined,
    suffix: step.suffix === '' ? null : step.suffix,
    method: step.method,
    hyperparameters: hyperparameters(step),
    separator: files.separator ?? undefined,
    stop: files.stop ?? undefined,
    systemPrompt: files.systemPrompt ?? undefined,
    dataFormat: files.format,
    options: Object.fromEntries(
      profileOfStep(step).createOptions.map((option) => [option.key, optionValue(step, option)]),
    ),
  };
}

export function createCommandLine(step: ModelStep, model: string, show: (path: string) => string): string {
  const input = jobInput(step, model);
  // Train more on the job's own model is `--from-job` (which adds the corrections), with what was changed.
  if (step.trainMore !== undefined && step.trainMore.from === model) {
    const h = input.hyperparameters ?? {};
    const profile = profileOfStep(step);
    return fromJobCommandLine(step.trainMore.job, [
      // `--from-job` includes them; said only when the user left them out.
      ['--no-corrections', step.corrections !== null && !step.includeCorrections],
      ['--suffix', input.suffix],
      ['--epochs', h.nEpochs],
      ['--batch-size', h.batchSize],
      [profile.hyperparameters.learningRate.flag, h.learningRate],
    ]);
  }
  return equivalentCreateCommand(
    {
      ...input,
      trainingPath: show(input.trainingPath),
      validationPath: input.validationPath === undefined ? undefined : show(input.validationPath),
    },
    profileOfStep(step),
    // The corrections beside the training file are `--corrections`' default file.
    [['--corrections', includedCorrections(step) !== null]],
  );
}

/** Tokens billed and the cost, for the examples that go into the training file. */
export function costOf(step: ModelStep, analysis: Analysis, model: string): CostEstimate | null {
  const tokens = analysis.tokens;
  if (tokens === null || tokens.examples === 0) return null;
  const epochs = parsed(step.epochs);
  return estimateCost({
    model,
    // The analysis counted every example it read; the training file holds those written, or a share.
    exampleTokens: scaledTokens(
      { examples: tokens.examples, sum: tokens.sum, total: { max: tokens.total.max } },
      examplesOf(step),
    ),
    epochs: typeof epochs === 'number' && Number.isInteger(epochs) && epochs >= 1 ? epochs : 'auto',
    local: profileOfStep(step).onThisMachine,
    ...(analysis.prices === undefined ? {} : { prices: analysis.prices }),
  });
}
