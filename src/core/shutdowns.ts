/**
 * The radar's dated table: when a base model (and every fine-tune built on it) stops being
 * trainable and stops answering, per provider. Pure data and date arithmetic; the provider's own
 * fields (`shutdown_date`, Azure's `deprecation`) win over it, and the user's table
 * (FINE_TUNE_SHUTDOWNS or shutdowns.json, see ./shutdown-override.ts) wins over the built-in one.
 */
export interface ShutdownRule {
  /** A provider's name, or `*` for every provider. */
  readonly provider: string;
  /** The base model in OpenAI's spelling; `*` matches any run of characters (`gpt-4o*`). */
  readonly model: string;
  /** From this day (YYYY-MM-DD) no new job can train on it. */
  readonly trainingEnds?: string;
  /** True when `trainingEnds` is a "no earlier than" (the provider promised at least until then). */
  readonly trainingAtLeast?: boolean;
  /** From this day it, and every fine-tune of it, stops answering. */
  readonly answeringEnds?: string;
  /** Where the date comes from. */
  readonly source: string;
}

export interface ShutdownTable {
  readonly asOf: string;
  /** Where the table comes from (the built-in one, or the user's file over it). */
  readonly source: string;
  /** First match wins, per date: the user's rules come first. */
  readonly rules: readonly ShutdownRule[];
}

const DEPRECATIONS = 'https://platform.openai.com/docs/deprecations';

export const DEFAULT_SHUTDOWNS: ShutdownTable = {
  asOf: '2026-12-07',
  source: 'built-in table (src/core/shutdowns.ts)',
  rules: [
    // Shut down already: they answer no more, and cannot be trained.
    { provider: 'openai', model: 'gpt-4.1-nano*', answeringEnds: '2026-10-23', source: DEPRECATIONS },
    { provider: 'openai', model: 'gpt-3.5-turbo*', answeringEnds: '2026-10-23', source: DEPRECATIONS },
    { provider: 'openai', model: 'o4-mini*', answeringEnds: '2026-10-23', source: DEPRECATIONS },
    // gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.1-mini and every fine-tune of them stop answering.
    { provider: 'openai', model: 'gpt-4o*', answeringEnds: '2027-01-14', source: DEPRECATIONS },
    { provider: 'openai', model: 'gpt-4.1*', answeringEnds: '2027-01-14', source: DEPRECATIONS },
    // Job creation closes for every organisation.
    { provider: 'openai', model: '*', trainingEnds: '2027-01-06', source: DEPRECATIONS },
    // Azure keeps training gpt-4.1 to at least this day.
    {
      provider: 'azure',
      model: 'gpt-4.1*',
      trainingEnds: '2027-04-14',
      trainingAtLeast: true,
      source: 'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements',
    },
  ],
};

/** A date with what it means for the radar. */
export interface DatedEnd {
  readonly date: string;
  /** The date is a floor: it ends no earlier (shown as "≥"). */
  readonly atLeast: boolean;
  /** `api` when the provider said so in its model list, else the table's source. */
  readonly source: string;
}

export interface ModelEnds {
  readonly trainingEnds: DatedEnd | null;
  readonly answeringEnds: DatedEnd | null;
}

const patterns = new Map<string, RegExp>();
function matches(pattern: string, text: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    patterns.set(pattern, re);
  }
  return re.test(text);
}

/** The table's dates for a base model on a provider (each the first rule that sets it). */
export function tableEnds(table: ShutdownTable, provider: string, base: string): ModelEnds {
  const applies = (rule: ShutdownRule) =>
    (rule.provider === '*' || rule.provider === provider) && matches(rule.model, base);
  const training = table.rules.find((rule) => applies(rule) && rule.trainingEnds !== undefined);
  const answering = table.rules.find((rule) => applies(rule) && rule.answeringEnds !== undefined);
  return {
    trainingEnds:
      training?.trainingEnds === undefined
        ? null
        : {
            date: training.trainingEnds,
            atLeast: training.trainingAtLeast === true,
            source: training.source,
          },
    answeringEnds:
      answering?.answeringEnds === undefined
        ? null
        : { date: answering.answeringEnds, atLeast: false, source: answering.source },
  };
}

/** A date of the table itself, for a model pattern (`gpt-4o*`, `*`): what is ahead for everyone. */
export interface TableEnd {
  readonly date: string;
  readonly atLeast: boolean;
  readonly provider: string;
  readonly model: string;
  readonly event: 'stops training' | 'stops answering';
}

/**
 * The table's dates from `today` on, soonest first: what the radar can still say when no account was
 * asked. A rule shadowed by an earlier one for the same provider, model and event is left out (the
 * user's rules come first).
 */
export function upcomingTableEnds(table: ShutdownTable, today: string): TableEnd[] {
  const ends: TableEnd[] = [];
  const seen = new Set<string>();
  const add = (rule: ShutdownRule, event: TableEnd['event'], date: string | undefined, atLeast: boolean) => {
    const key = `${rule.provider}\0${rule.model.toLowerCase()}\0${event}`;
    if (date === undefined || seen.has(key)) return;
    seen.add(key);
    if (daysUntil(today, date) >= 0)
      ends.push({ date, atLeast, provider: rule.provider, model: rule.model, event });
  };
  for (const rule of table.rules) {
    add(rule, 'stops training', rule.trainingEnds, rule.trainingAtLeast === true);
    add(rule, 'stops answering', rule.answeringEnds, false);
  }
  return ends.sort((a, b) => a.date.localeCompare(b.date));
}

/** Whole days from `today` to `date` (both YYYY-MM-DD, UTC); negative once it has passed. */
export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Today as YYYY-MM-DD: FINE_TUNE_TODAY when set (tests and screenshots are then deterministic). */
export function todayOf(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.FINE_TUNE_TODAY;
  if (fixed !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(fixed)) return fixed;
  return now.toISOString().slice(0, 10);
}

/** `in 38 days`, `tomorrow`, `today`, `12 days ago`. */
export function daysWords(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** `2027-01-06 (30 days left)`, `≥ 2027-04-14 (128 days left)`, `2026-10-23 (ended)`, `-`. */
export function endText(end: DatedEnd | null, today: string): string {
  if (end === null) return '-';
  const days = daysUntil(today, end.date);
  const when = days <= 0 ? 'ended' : days === 1 ? '1 day left' : `${days} days left`;
  return `${end.atLeast ? '≥ ' : ''}${end.date} (${when})`;
}
