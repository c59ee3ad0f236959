import { shellQuote } from '../core/command-line.js';
import { describeModel, type ModelInfo } from './models.js';
import { configuredProviders } from './providers/select.js';
import { PROFILES } from './providers/table.js';
import { PROVIDER_NAMES, type ProviderName } from './providers/profile.js';
import { daysUntil, type ShutdownTable } from '../core/shutdowns.js';
import type { JobRecord } from '../store/jobs.js';

/**
 * The radar: what the user owns or may train on, and the day each stops training or answering, with
 * the next step for each. Built from model lists already fetched and the local job records; no
 * network here (the `radar` command and the wizard's banner fetch, then call these).
 */
export interface RadarRow {
  readonly date: string;
  /** The date is a floor: it ends no earlier. */
  readonly atLeast: boolean;
  readonly daysLeft: number;
  readonly event: 'stops training' | 'stops answering';
  readonly provider: ProviderName;
  readonly model: string;
  readonly kind: 'base' | 'fine-tuned';
  /** The base model (the model itself for a base). */
  readonly base: string;
  readonly next: string;
}

/**
 * Where the same data trains after this provider: another configured one that suggests a model to
 * retrain on, else the first such row of the table (a remote one: this is about leaving a provider).
 */
function elsewhere(current: ProviderName, env: NodeJS.ProcessEnv): ProviderName {
  const target = (p: ProviderName) => p !== current && PROFILES[p].retrainModel !== null;
  const remote = (p: ProviderName) => !PROFILES[p].onThisMachine;
  return (
    configuredProviders(env).find(target) ?? PROVIDER_NAMES.find((p) => target(p) && remote(p)) ?? 'local'
  );
}

/** The command to run next: rescue a fine-tune, or train the same data elsewhere. */
export function nextStep(model: ModelInfo, provider: ProviderName, env: NodeJS.ProcessEnv): string {
  if (model.kind === 'fine-tuned') return `fine-tune rescue ${shellQuote(model.id)} --provider ${provider}`;
  const target = elsewhere(provider, env);
  const retrain = PROFILES[target].retrainModel ?? 'MODEL';
  return `fine-tune create -t TRAIN.jsonl -m ${shellQuote(retrain)} --provider ${target}`;
}

/** Every dated end of these models, soonest first; `within` keeps those up to that many days ahead. */
export function radarRows(
  lists: ReadonlyArray<{ readonly provider: ProviderName; readonly models: readonly ModelInfo[] }>,
  today: string,
  env: NodeJS.ProcessEnv = process.env,
  within: number | null = null,
): RadarRow[] {
  const rows: RadarRow[] = [];
  const seen = new Set<string>();
  for (const { provider, models } of lists) {
    for (const model of models) {
      if (model.kind !== 'base' && model.kind !== 'fine-tuned') continue;
      const key = `${provider}\0${model.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const next = nextStep(model, provider, env);
      const common = { provider, model: model.id, kind: model.kind, base: model.base, next };
      const ends = [
        ['stops training', model.trainingEnds],
        ['stops answering', model.answeringEnds],
      ] as const;
      for (const [event, end] of ends) {
        if (end === null) continue;
        rows.push({
          ...common,
          date: end.date,
          atLeast: end.atLeast,
          daysLeft: daysUntil(today, end.date),
          event,
        });
      }
    }
  }
  return rows
    .filter((row) => within === null || row.daysLeft <= within)
    .sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model));
}

/** The user's fine-tunes from the local job records, described offline (the table gives their dates). */
export function recordedModels(
  records: readonly JobRecord[],
  shutdowns: ShutdownTable,
  today: string,
): Array<{ provider: ProviderName; models: ModelInfo[] }> {
  const byProvider = new Map<ProviderName, ModelInfo[]>();
  for (const record of records) {
    if (record.fineTunedModel === null) continue;
    const profile = PROFILES[record.provider];
    const info = describeModel(
      // What the record knows: the model, and the base it was trained from.
      {
        id: record.fineTunedModel,
        owned_by: 'you',
        created: record.createdAt,
        model: record.model,
        fine_tune: record.id,
      },
      today,
      { profile, shutdowns },
    );
    byProvider.set(record.provider, [...(byProvider.get(record.provider) ?? []), info]);
  }
  return [...byProvider].map(([provider, models]) => ({ provider, models }));
}

/**
 * The wizard's banner: one line when something the user owns stops training or answering within
 * `days` (60 by default), else null.
 */
export function ownedBanner(rows: readonly RadarRow[], days = 60): string | null {
  const soon = rows.filter((row) => row.kind === 'fine-tuned' && row.daysLeft > 0 && row.daysLeft <= days);
  const [first] = soon;
  if (first === undefined) return null;
  const models = new Set(soon.map((row) => row.model));
  const what = models.size === 1 ? first.model : `${models.size} of your fine-tuned models`;
  const verb = models.size === 1 ? first.event : first.event.replace(/^stops/, 'stop');
  // Days first: a long model name is what the screen's width cuts.
  return `${first.daysLeft} days left: ${what} ${verb} on ${first.date} (fine-tune radar).`;
}
