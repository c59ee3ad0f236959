import { APIError, NotFoundError } from 'openai';
import type OpenAI from 'openai';
import { z } from 'zod';
import { nearMatches } from '../core/near-matches.js';
import type { DataFormat } from '../core/findings.js';
import {
  DEFAULT_SHUTDOWNS,
  tableEnds,
  todayOf,
  type DatedEnd,
  type ShutdownTable,
} from '../core/shutdowns.js';
import { PROFILES } from './providers/table.js';
import type { ProviderProfile } from './providers/profile.js';

// What we read of a model object; providers add fields (`shutdown_date`), which pass through.
// Azure OpenAI says what a model can do (`capabilities`), when fine-tuning on it ends
// (`deprecation.fine_tune`, Unix seconds), and names the base and job of a fine-tune (`model`, `fine_tune`).
const rawModelSchema = z.looseObject({
  id: z.string(),
  owned_by: z.string().default(''),
  created: z.number().optional(),
  created_at: z.number().optional(),
  shutdown_date: z.unknown().optional(),
  capabilities: z
    .looseObject({
      fine_tune: z.boolean().optional(),
      completion: z.boolean().optional(),
      chat_completion: z.boolean().optional(),
    })
    .optional(),
  deprecation: z
    .looseObject({ fine_tune: z.unknown().optional(), inference: z.unknown().optional() })
    .optional(),
  model: z.string().optional(),
  fine_tune: z.string().optional(),
});
type RawModel = z.input<typeof rawModelSchema>;

export type ModelKind = 'base' | 'fine-tuned' | 'checkpoint' | 'other';

export interface ModelInfo {
  readonly id: string;
  readonly ownedBy: string;
  /** Unix seconds. */
  readonly created: number;
  readonly kind: ModelKind;
  /** The base model: the id itself for a base, the model it was tuned from otherwise. */
  readonly base: string;
  /** Can be the base of a new job (fine-tunable base models and the user's own fine-tunes). */
  readonly fineTunable: boolean;
  /** From this day no job can train on it (the provider's field, else the dated table). */
  readonly trainingEnds: DatedEnd | null;
  /** From this day it stops answering. */
  readonly answeringEnds: DatedEnd | null;
  /** YYYY-MM-DD when the model stops answering, where known (kept for scripts reading `--json`). */
  readonly shutdownDate: string | null;
  /** True when it no longer answers. */
  readonly shutDown: boolean;
  /** Data formats a job on this model accepts. */
  readonly formats: readonly DataFormat[];
}

/** What describes a model beyond its own fields: whose list it is, the dated table, and today. */
export interface ModelContext {
  readonly profile?: ProviderProfile;
  readonly shutdowns?: ShutdownTable;
}

// This project's own server can sit behind any OpenAI-speaking row (OPENAI_BASE_URL, --base-url).
const LOCAL_BASE = /^local-/;
const CHECKPOINT = /:ckpt-step-\d+$/;

/** The base a fine-tune's name says it has (OpenAI's `ft:{base}:…`, the row's own naming), or null. */
function baseInName(id: string, profile: ProviderProfile): string | null {
  if (id.startsWith('ft:')) return id.split(':')[1] ?? null;
  return profile.fineTuneName?.exec(id)?.[1] ?? null;
}

/** `ft:{base}:{org}:{suffix}:{id}` (or the row's own naming) → `{base}`; other ids unchanged. */
export function baseOf(id: string, profile: ProviderProfile = PROFILES.azure): string {
  return baseInName(id, profile) ?? id;
}

/** The base in OpenAI's spelling, for the shared tables (Azure's `gpt-35-turbo`). */
function canonical(base: string, profile: ProviderProfile): string {
  return profile.modelAliases.reduce((name, [pattern, to]) => name.replace(pattern, to), base);
}

function formatsOf(base: string, profile: ProviderProfile): readonly DataFormat[] {
  if (LOCAL_BASE.test(base)) return ['prompt-completion', 'chat'];
  const name = canonical(base, profile);
  return profile.baseModels.find((rule) => rule.pattern.test(name))?.formats ?? [];
}

function normaliseDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value * 1000).toISOString().slice(0, 10);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return null;
}

/** The data formats Azure's `capabilities` imply, for a model the tables here do not know. */
function statedFormats(capabilities: z.infer<typeof rawModelSchema>['capabilities']): readonly DataFormat[] {
  if (capabilities === undefined) return [];
  if (capabilities.chat_completion === true) return ['chat'];
  return capabilities.completion === true ? ['prompt-completion'] : [];
}

const ALL_FORMATS: readonly DataFormat[] = ['chat', 'prompt-completion', 'preference'];

export function describeModel(
  input: RawModel,
  today: string = todayOf(),
  context: ModelContext = {},
): ModelInfo {
  const profile = context.profile ?? PROFILES.openai;
  const raw = rawModelSchema.parse(input);
  // Azure (and the Together adapter) name a fine-tune's base and job in `model` and `fine_tune`.
  const statedFineTune = raw.fine_tune !== undefined && raw.model !== undefined;
  const named = baseInName(raw.id, profile);
  const base = statedFineTune ? (raw.model ?? raw.id) : (named ?? raw.id);
  const stated = statedFormats(raw.capabilities);
  const known = formatsOf(base, profile);
  const kind: ModelKind = CHECKPOINT.test(raw.id)
    ? 'checkpoint'
    : statedFineTune || named !== null
      ? 'fine-tuned'
      : known.length > 0 ||
          (raw.capabilities?.fine_tune === true && stated.length > 0) ||
          profile.anyModelIsBase
        ? 'base'
        : 'other';
  const table = tableEnds(context.shutdowns ?? DEFAULT_SHUTDOWNS, profile.name, canonical(base, profile));
  // The provider's own fields win: `shutdown_date` (OpenAI), `deprecation.fine_tune` / `.inference` (Azure).
  const fromApi = (value: unknown): DatedEnd | null => {
    const date = normaliseDate(value);
    return date === null ? null : { date, atLeast: false, source: 'api' };
  };
  const trainingEnds = fromApi(raw.deprecation?.fine_tune) ?? table.trainingEnds;
  const answeringEnds =
    fromApi(raw.shutdown_date) ?? fromApi(raw.deprecation?.inference) ?? table.answeringEnds;
  const shutDown = answeringEnds !== null && answeringEnds.date <= today;
  const trainingClosed = trainingEnds !== null && !trainingEnds.atLeast && trainingEnds.date <= today;
  const formats =
    kind === 'other'
      ? []
      : known.length > 0
        ? known
        : stated.length > 0
          ? stated
          : profile.anyModelIsBase
            ? ALL_FORMATS
            : [];
  return {
    id: raw.id,
    ownedBy: raw.owned_by,
    created: raw.created ?? raw.created_at ?? 0,
    kind,
    base,
    // Azure lists base models it only serves, with `capabilities.fine_tune: false`.
    fineTunable:
      !shutDown &&
      !trainingClosed &&
      (kind === 'fine-tuned' || (kind === 'base' && raw.capabilities?.fine_tune !== false)),
    trainingEnds,
    answeringEnds,
    shutdownDate: answeringEnds?.date ?? null,
    shutDown,
    formats,
  };
}

const RANK: Record<ModelKind, number> = { base: 0, 'fine-tuned': 1, checkpoint: 2, other: 3 };

/** Fine-tunable base models first, then the user's own fine-tunes (newest first), then the rest. */
export function sortModels(models: readonly ModelInfo[]): ModelInfo[] {
  return [...models].sort((a, b) => {
    if (a.fineTunable !== b.fineTunable) return a.fineTunable ? -1 : 1;
    if (a.kind !== b.kind) return RANK[a.kind] - RANK[b.kind];
    if (a.kind === 'base') return a.id.localeCompare(b.id);
    return b.created - a.created;
  });
}

/** Models of the provider; without `all`, only those that matter here (bases and fine-tunes). */
export async function listModels(
  client: OpenAI,
  options: { all?: boolean; signal?: AbortSignal; today?: string } & ModelContext = {},
): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  const request = options.signal ? { signal: options.signal } : {};
  const context: ModelContext = {
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.shutdowns ? { shutdowns: options.shutdowns } : {}),
  };
  for await (const model of client.models.list(request)) {
    const parsed = rawModelSchema.safeParse(model);
    if (!parsed.success) continue; // a malformed entry is skipped, not fatal to the list
    const info = describeModel(parsed.data, options.today ?? todayOf(), context);
    if (options.all || info.kind !== 'other') models.push(info);
  }
  return sortModels(models);
}

/** Deletes a fine-tuned model (on OpenAI this needs the organisation Owner role). */
export async function deleteModel(
  client: OpenAI,
  id: string,
  options: { signal?: AbortSignal } = {},
): Promise<boolean> {
  const result = await client.models.delete(id, options.signal ? { signal: options.signal } : {});
  return result.deleted;
}

/**
 * Whether a 404 from `model` may mean "not served yet" rather than "no such model": only for a
 * fine-tuned model that a recorded job created (a provider serves a new model a few minutes after its
 * job succeeds). Any other id that 404s does not exist, and is said at once.
 */
export function mayWarmUp(model: string, recorded: boolean): boolean {
  return recorded && model.startsWith('ft:');
}

/** Whether a failure says the model does not exist: a 404, or the API's `model_not_found` code. */
export function isMissingModel(error: unknown): boolean {
  return error instanceof NotFoundError || (error instanceof APIError && error.code === 'model_not_found');
}

/** How long the near matches may take to list: past it, the answer goes without them. */
const SUGGEST_MS = 1500;

/**
 * Says at once that a model does not exist, with the provider's ids nearest to it ("did you mean …?").
 * The list is fetched once, within a second and a half; without it the first sentence alone is said.
 */
export async function missingModelMessage(
  client: OpenAI,
  model: string,
  options: { readonly signal?: AbortSignal | undefined } = {},
): Promise<string> {
  const missing = `The model "${model}" does not exist on this provider (or this key cannot use it).`;
  const timeout = AbortSignal.timeout(SUGGEST_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const ids = (await listModels(client, { all: true, signal })).map((m) => m.id);
    const near = nearMatches(model, ids);
    return near.length > 0 ? `${missing} Did you mean ${near.join(', ')}?` : missing;
  } catch {
    return missing;
  }
}
