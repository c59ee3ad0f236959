import type { DataFormat } from '../../core/findings.js';
import type { FileRules } from '../../core/provider-fit.js';

/**
 * What a provider is, as data: one row per provider in ./table.ts. Everything outside this folder
 * reads these fields; nothing there branches on a provider's name.
 */
export { PROVIDER_NAMES, type ProviderName } from '../../core/provider-names.js';
import type { ProviderName } from '../../core/provider-names.js';

export type Method = 'supervised' | 'dpo';

/** How the SDK client is built: the official client as is, through an adapter, or our own server. */
export type Wire = 'openai' | 'together' | 'local';

export interface Endpoint {
  /** The base URL when nothing else is set (null: the user must give one). */
  readonly default: string | null;
  /** Variables that give the base URL, first set wins (after --base-url). */
  readonly envVars: readonly string[];
  /** Appended to a variable's value, e.g. Azure's resource endpoint + `openai/v1/`. */
  readonly suffix: string;
  /** What a value looks like, for help and errors. */
  readonly example: string;
}

export interface NumberRule {
  /** The field's name in the provider's request body. */
  readonly wire: string;
  readonly label: string;
  /** The `fine-tune create` flag that sets it. */
  readonly flag: string;
  readonly min: number;
  readonly max: number;
  /** `min` itself is refused (a rate must be above 0). */
  readonly exclusiveMin: boolean;
  readonly integer: boolean;
  /** The range, short, next to the field and in `--help`. */
  readonly range: string;
  /** The value in words, for errors: `epochs must be a whole number from 1 to 50`. */
  readonly name: string;
  readonly must: string;
}

export interface Hyperparameters {
  readonly epochs: NumberRule;
  readonly batchSize: NumberRule;
  readonly learningRate: NumberRule;
  /** The provider takes the word `auto` (else a value left on auto is not sent: its default applies). */
  readonly acceptsAuto: boolean;
}

/** A choice the provider adds to the create call (Azure's training type, LoRA or full weights). */
export interface CreateOption {
  readonly key: string;
  readonly label: string;
  /** `--training-type`: the `fine-tune create` flag. */
  readonly flag: string;
  readonly choices: readonly string[];
  readonly default: string;
  readonly help: string;
  /** Where the value goes in the create body, and the JSON value of each choice (the choice itself when absent). */
  readonly path: readonly string[];
  readonly values?: Readonly<Record<string, unknown>>;
}

export interface SuffixRule {
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The characters allowed, in words. */
  readonly allowed: string;
}

/** Base models the provider trains, for lists that do not say so themselves. */
export interface BaseModelRule {
  readonly pattern: RegExp;
  readonly formats: readonly DataFormat[];
}

export interface Supports {
  readonly methods: readonly Method[];
  readonly cancel: boolean;
  readonly pauseResume: boolean;
  readonly checkpoints: boolean;
  /** The multi-part Uploads API for files above one request's limit. */
  readonly uploadsApi: boolean;
  readonly deleteModels: boolean;
  /** Opt-in early stopping on validation loss (`early_stopping_patience`, the local server's own). */
  readonly earlyStop: boolean;
}

export interface ProviderProfile {
  readonly name: ProviderName;
  /** The badge: `[Azure OpenAI]`. */
  readonly label: string;
  /** One line for the provider choice and the README. */
  readonly summary: string;
  /** The API reference the row was written from. */
  readonly reference: string;
  readonly wire: Wire;
  /** Key variables, first set wins. Empty: no key (the local provider makes its own). */
  readonly keyVars: readonly string[];
  /** How the key travels: `Authorization: Bearer …` or Azure's `api-key: …`. */
  readonly auth: 'bearer' | 'api-key';
  readonly endpoint: Endpoint;
  /** Set: this variable switches to the older api-version surface (Azure's `OPENAI_API_VERSION`). */
  readonly legacyVersionVar: string | null;
  /** OpenAI's organisation and project headers, read from these variables. */
  readonly orgVars: { readonly organization: string; readonly project: string } | null;
  /** A job's record keeps the base URL (there is no default to come back to). */
  readonly rememberBaseUrl: boolean;
  /** Runs on this machine: no money, a `local` badge. */
  readonly onThisMachine: boolean;
  readonly supports: Supports;
  readonly files: FileRules;
  readonly suffix: SuffixRule;
  readonly hyperparameters: Hyperparameters;
  readonly createOptions: readonly CreateOption[];
  readonly baseModels: readonly BaseModelRule[];
  /** Every listed model that is not a fine-tune may be a base (a service we know nothing about). */
  readonly anyModelIsBase: boolean;
  /** How the provider names a fine-tune, the base model captured first (`{base}.ft-{id}`). */
  readonly fineTuneName: RegExp | null;
  /** How the provider spells a base model, mapped to OpenAI's spelling for the shared tables. */
  readonly modelAliases: ReadonlyArray<readonly [RegExp, string]>;
  /** Error codes that mean "this account can no longer train here" (OpenAI's wind-down). */
  readonly trainingClosedCodes: readonly string[];
  /** Null: the tuned model answers under its own name. Else what to do before it answers (said once). */
  readonly servingNote: string | null;
  /** The base the radar suggests for retraining here (null: the user knows their service's models). */
  readonly retrainModel: string | null;
}

/** The hyperparameters most rows share: OpenAI's names and ranges (the API reference). */
export const OPENAI_HYPERPARAMETERS: Hyperparameters = {
  epochs: {
    wire: 'n_epochs',
    label: 'Epochs',
    flag: '--epochs',
    min: 1,
    max: 50,
    exclusiveMin: false,
    integer: true,
    range: '1–50',
    name: 'epochs',
    must: 'a whole number from 1 to 50',
  },
  batchSize: {
    wire: 'batch_size',
    label: 'Batch size',
    flag: '--batch-size',
    min: 1,
    max: 256,
    exclusiveMin: false,
    integer: true,
    range: '1–256',
    name: 'batch size',
    must: 'a whole number from 1 to 256',
  },
  learningRate: {
    wire: 'learning_rate_multiplier',
    label: 'LR multiplier',
    flag: '--lr-multiplier',
    min: 0,
    max: Number.POSITIVE_INFINITY,
    exclusiveMin: true,
    integer: false,
    range: '> 0',
    name: 'learning rate multiplier',
    must: 'above 0',
  },
  acceptsAuto: true,
};

/** Letters, digits, `-`, `_` and `.`, at most 64: OpenAI's suffix rule. */
export const OPENAI_SUFFIX: SuffixRule = {
  maxLength: 64,
  pattern: /^[A-Za-z0-9._-]+$/,
  allowed: 'letters, digits, - _ .',
};
