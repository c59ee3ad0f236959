import { describeModel } from '../api/models.js';
import { PROFILES } from '../api/providers/table.js';
import type { NumberRule, ProviderProfile } from '../api/providers/profile.js';
import { PROVIDER_NAMES, type ProviderName } from '../core/provider-names.js';
import { DEFAULT_SHUTDOWNS, todayOf, type ShutdownTable } from '../core/shutdowns.js';

export { daysUntil } from '../core/shutdowns.js';

/**
 * What the rescue flow needs to know about providers and dates, behind small functions: the
 * provider table (`src/api/providers/table.ts`) and the dated shutdown table
 * (`src/core/shutdowns.ts`, with the user's rules over it) are read here and nowhere else in
 * src/rescue. Tests pass their own seams to fix the day or a provider's limits.
 */
export interface Range {
  readonly min: number;
  /** Inclusive; `Infinity` when the provider states no upper bound. */
  readonly max: number;
  readonly integer: boolean;
}

export type HyperName = 'nEpochs' | 'batchSize' | 'learningRate';
export type Method = 'supervised' | 'dpo';

/** What a provider accepts when a job is created there. */
export interface TargetProfile {
  readonly provider: string;
  /** The hyperparameters it takes, with its limits; one missing here cannot be carried over. */
  readonly hyperparameters: Readonly<Partial<Record<HyperName, Range>>>;
  readonly methods: readonly Method[];
  /** What a suffix may contain there (Azure allows no dots), and how long it may be. */
  readonly suffix: RegExp;
  readonly suffixMaxLength: number;
}

export interface RescueSeams {
  /** Today as YYYY-MM-DD (tests fix it). */
  readonly today: string;
  /** When a model stops answering (YYYY-MM-DD), or null when nothing is announced. */
  readonly shutdownOf: (modelId: string) => string | null;
  /** When a provider stops creating fine-tuning jobs for every model, or null. */
  readonly trainingClosesOn: (provider: string) => string | null;
  /** What a target provider accepts. */
  readonly targetProfile: (provider: string) => TargetProfile;
}

function rangeOf(rule: NumberRule): Range {
  // A rate must be above 0: the smallest positive number stands for "exclusive of min".
  const min = rule.exclusiveMin ? rule.min + Number.MIN_VALUE : rule.min;
  return { min, max: rule.max, integer: rule.integer };
}

function isProvider(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

/**
 * A provider's row as the rescue needs it. The source job's learning-rate multiplier is carried over
 * only to a row that takes a multiplier too: an absolute rate (Nebius, Together) is another unit.
 */
export function targetProfileOf(profile: ProviderProfile): TargetProfile {
  const h = profile.hyperparameters;
  return {
    provider: profile.name,
    hyperparameters: {
      nEpochs: rangeOf(h.epochs),
      batchSize: rangeOf(h.batchSize),
      ...(h.learningRate.flag === '--lr-multiplier' ? { learningRate: rangeOf(h.learningRate) } : {}),
    },
    methods: profile.supports.methods,
    suffix: profile.suffix.pattern,
    suffixMaxLength: profile.suffix.maxLength,
  };
}

/** The row of a provider by name; an unknown name gets the compatible row (the API's own rules). */
export function defaultTargetProfile(provider: string): TargetProfile {
  return targetProfileOf(PROFILES[isProvider(provider) ? provider : 'compatible']);
}

/** The day a provider stops creating jobs on every model (a rule for `*`), or null. */
export function trainingClosesOn(table: ShutdownTable, provider: string): string | null {
  const rule = table.rules.find(
    (r) => (r.provider === provider || r.provider === '*') && r.model === '*' && r.trainingEnds,
  );
  return rule?.trainingEnds ?? null;
}

export function defaultSeams(
  today: string = todayOf(),
  shutdowns: ShutdownTable = DEFAULT_SHUTDOWNS,
): RescueSeams {
  return {
    today,
    shutdownOf: (id) => describeModel({ id }, today, { shutdowns }).shutdownDate,
    trainingClosesOn: (provider) => trainingClosesOn(shutdowns, provider),
    targetProfile: defaultTargetProfile,
  };
}

/** The wizard's and `rescue`'s seams: FINE_TUNE_TODAY and the user's shutdown table apply. */
export function seamsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  shutdowns: ShutdownTable = DEFAULT_SHUTDOWNS,
): RescueSeams {
  return defaultSeams(todayOf(env), shutdowns);
}
