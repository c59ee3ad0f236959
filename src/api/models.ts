import type OpenAI from 'openai';
import { z } from 'zod';
import type { DataFormat } from '../core/findings.js';

// What we read of a model object; providers add fields (`shutdown_date`), which pass through.
const rawModelSchema = z.looseObject({
  id: z.string(),
  owned_by: z.string().default(''),
  created: z.number().default(0),
  shutdown_date: z.unknown().optional(),
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

// Dates the platform announced (reference/openai-api.md); the API's own `shutdown_date` wins.
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

function formatsOf(base: string): readonly DataFormat[] {
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

export function describeModel(
  input: RawModel,
  today: string = new Date().toISOString().slice(0, 10),
): ModelInfo {
  const raw = rawModelSchema.parse(input);
  const base = baseOf(raw.id);
  const kind: ModelKind = raw.id.startsWith('ft:')
    ? /:ckpt-step-\d+$/.test(raw.id)
      ? 'checkpoint'
      : 'fine-tuned'
    : AZURE_FINE_TUNE.test(raw.id)
      ? 'fine-tuned'
      : formatsOf(base).length > 0
        ? 'base'
        : 'other';
  const shutdownDate =
    normaliseDate(raw.shutdown_date) ?? KNOWN_SHUTDOWN.find(([pattern]) => pattern.test(base))?.[1] ?? null;
  const shutDown = shutdownDate !== null && shutdownDate <= today;
  const formats = kind === 'other' ? [] : formatsOf(base);
  return {
    id: raw.id,
    ownedBy: raw.owned_by,
    created: raw.created,
    kind,
    fineTunable: !shutDown && (kind === 'base' || kind === 'fine-tuned'),
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
