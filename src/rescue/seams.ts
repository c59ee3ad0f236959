import { describeModel } from '../api/models.js';

/**
 * What the rescue flow needs to know about providers and dates, behind small functions so that the
 * provider table (`src/api/providers/`) and the radar's dated shutdown table (`src/core/shutdowns.ts`)
 * can replace today's sources without the flow changing. Every rescue function takes these as an
 * argument; `defaultSeams()` wires today's sources (the dated table in `src/api/models.ts`).
 */
export interface Range {
  readonly min: number;
  /** Inclusive; `Infinity` when the provider states no upper bound. */
  readonly max: number;
  readonly integer: boolean;
}

export type HyperName = 'nEpochs' | 'batchSize' | 'learningRateMultiplier';
export type Method = 'supervised' | 'dpo';

/** What a provider accepts when a job is created there. */
export interface TargetProfile {
  readonly provider: string;
  /** The hyperparameters it takes, with its limits; one missing here cannot be carried over. */
  readonly hyperparameters: Readonly<Partial<Record<HyperName, Range>>>;
  readonly methods: readonly Method[];
  /** What a suffix may contain there (Azure allows no dots). */
  readonly suffix: RegExp;
}

export interface RescueSeams {
  /** Today as YYYY-MM-DD (tests fix it). */
  readonly today: string;
  /** When a model stops answering (YYYY-MM-DD), or null when nothing is announced. */
  readonly shutdownOf: (modelId: string) => string | null;
  /** When a provider stops creating fine-tuning jobs, or null. */
  readonly trainingClosesOn: (provider: string) => string | null;
  /** What a target provider accepts. */
  readonly targetProfile: (provider: string) => TargetProfile;
}

const WHOLE = { integer: true } as const;
const OPENAI_HYPER = {
  nEpochs: { ...WHOLE, min: 1, max: 50 },
  batchSize: { ...WHOLE, min: 1, max: 256 },
  learningRateMultiplier: { integer: false, min: Number.MIN_VALUE, max: Infinity },
} as const;

/** Today's knowledge of each provider (docs/fine-tuning-api.md, src/server/README.md). */
export function defaultTargetProfile(provider: string): TargetProfile {
  switch (provider) {
    case 'local':
      // The local server refuses a multiplier above 10 and trains with the supervised method only.
      return {
        provider,
        hyperparameters: {
          ...OPENAI_HYPER,
          learningRateMultiplier: { integer: false, min: Number.MIN_VALUE, max: 10 },
        },
        methods: ['supervised'],
        suffix: /^[A-Za-z0-9._-]{1,64}$/,
      };
    case 'azure':
      return {
        provider,
        hyperparameters: OPENAI_HYPER,
        methods: ['supervised', 'dpo'],
        suffix: /^[A-Za-z0-9_-]{1,64}$/,
      };
    default:
      return {
        provider,
        hyperparameters: OPENAI_HYPER,
        methods: ['supervised', 'dpo'],
        suffix: /^[A-Za-z0-9._-]{1,64}$/,
      };
  }
}

/** OpenAI closes job creation for every organisation on this day (docs/fine-tuning-api.md). */
export const OPENAI_TRAINING_CLOSES = '2027-01-06';

export function todayOf(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function defaultSeams(now: Date = new Date()): RescueSeams {
  return {
    today: todayOf(now),
    shutdownOf: (id) => describeModel({ id }).shutdownDate,
    trainingClosesOn: (provider) => (provider === 'openai' ? OPENAI_TRAINING_CLOSES : null),
    targetProfile: defaultTargetProfile,
  };
}

/** Today's seams; `FINE_TUNE_TODAY` (YYYY-MM-DD) fixes the date, for tests and screenshots. */
export function seamsFromEnv(env: NodeJS.ProcessEnv = process.env): RescueSeams {
  const today = env.FINE_TUNE_TODAY;
  return defaultSeams(
    today && /^\d{4}-\d{2}-\d{2}$/.test(today) ? new Date(`${today}T12:00:00Z`) : new Date(),
  );
}

/** Whole days from `today` to `date` (both YYYY-MM-DD): 0 on the day itself, negative after. */
export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
