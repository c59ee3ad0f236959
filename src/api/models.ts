import { APIError, NotFoundError } from 'openai';
import type OpenAI from 'openai';
import { z } from 'zod';
import { nearMatches } from '../core/near-matches.js';
import type { DataFormat } from '../core/findings.js';

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
  deprecation: z.looseObject({ fine_tune: z.unknown().optional() }).optional(),
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
  /** Can be the base of a new job (fine-tunable base models and the user's own `ft:` models). */
  readonly fineTunable: boolean;
  /** YYYY-MM-DD when the model (or the base of a fine-tune) stops working, where known. */
  readonly shutdownDate: string | null;
  /** True when the shutdown date is already past. */
  readonly shutDown: boolean;
  /** Data formats a job on this model accepts. */
  readonly formats: readonly DataFormat[];
}

// Dates the platform announced (docs/fine-tuning-api.md); the API's own `shutdown_date` wins.
const KNOWN_SHUTDOWN: ReadonlyArray<readonly [RegExp, string]> = [
  [/^gpt-4\.1-nano/, '2026-10-23'],
  [/^gpt-3\.5-turbo/, '2026-10-23'],
  [/^o4-mini/, '2026-10-23'],
  [/^gpt-4o-mini/, '2027-01-14'],
  [/^gpt-4o/, '2027-01-14'],
  [/^gpt-4\.1-mini/, '2027-01-14'],
  [/^gpt-4\.1/, '2027-01-14'],
];

const COMPLETION_BASES = /^(babbage-002|davinci-002)$/;
const CHAT_BASES =
  /^(gpt-4o-mini-2024-07-18|gpt-4o-2024-08-06|gpt-4\.1(-mini|-nano)?-2025-04-14|gpt-3\.5-turbo(-0125|-1106|-0613)?|o4-mini-2025-04-16)$/;
const DPO_BASES = /^(gpt-4o|gpt-4\.1)/;

// Azure OpenAI names a fine-tune `{base}.ft-{hex}` where OpenAI says `ft:{base}:{org}:{suffix}:{id}`.
const AZURE_FINE_TUNE = /^(.+)\.ft-[0-9a-f]+$/i;

/** `ft:{base}:{org}:{suffix}:{id}` (or Azure's `{base}.ft-{hex}`) → `{base}`; other ids unchanged. */
export function baseOf(id: string): string {
  if (id.startsWith('ft:')) return id.split(':')[1] ?? id;
  return AZURE_FINE_TUNE.exec(id)?.[1] ?? id;
}

/** Azure spells GPT-3.5 `gpt-35-turbo`; the tables here use OpenAI's names. */
function openAiName(base: string): string {
  return base.replace(/^gpt-35-/, 'gpt-3.5-');
}

function formatsOf(model: string): readonly DataFormat[] {
  const base = openAiName(model);
  if (COMPLETION_BASES.test(base)) return ['prompt-completion'];
  if (CHAT_BASES.test(base)) return DPO_BASES.test(base) ? ['chat', 'preference'] : ['chat'];
  // The local provider's models learn either shape.
  if (base.startsWith('local-')) return ['prompt-completion', 'chat'];
  return [];
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

export function describeModel(
  input: RawModel,
  today: string = new Date().toISOString().slice(0, 10),
): ModelInfo {
  const raw = rawModelSchema.parse(input);
  const azureFineTune = raw.fine_tune !== undefined && raw.model !== undefined;
  const base = azureFineTune ? (raw.model ?? raw.id) : baseOf(raw.id);
  const stated = statedFormats(raw.capabilities);
  const kind: ModelKind = raw.id.startsWith('ft:')
    ? /:ckpt-step-\d+$/.test(raw.id)
      ? 'checkpoint'
      : 'fine-tuned'
    : azureFineTune || AZURE_FINE_TUNE.test(raw.id)
      ? 'fine-tuned'
      : formatsOf(base).length > 0 || (raw.capabilities?.fine_tune === true && stated.length > 0)
        ? 'base'
        : 'other';
  const shutdownDate =
    normaliseDate(raw.shutdown_date) ??
    normaliseDate(raw.deprecation?.fine_tune) ??
    KNOWN_SHUTDOWN.find(([pattern]) => pattern.test(openAiName(base)))?.[1] ??
    null;
  const shutDown = shutdownDate !== null && shutdownDate <= today;
  const known = formatsOf(base);
  const formats = kind === 'other' ? [] : known.length > 0 ? known : stated;
  return {
    id: raw.id,
    ownedBy: raw.owned_by,
    created: raw.created ?? raw.created_at ?? 0,
    kind,
    // Azure lists base models it only serves, with `capabilities.fine_tune: false`.
    fineTunable:
      !shutDown && (kind === 'fine-tuned' || (kind === 'base' && raw.capabilities?.fine_tune !== false)),
    shutdownDate,
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
  options: { all?: boolean; signal?: AbortSignal } = {},
): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  const request = options.signal ? { signal: options.signal } : {};
  for await (const model of client.models.list(request)) {
    const parsed = rawModelSchema.safeParse(model);
    if (!parsed.success) continue; // a malformed entry is skipped, not fatal to the list
    const info = describeModel(parsed.data);
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
