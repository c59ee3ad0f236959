/** The local base models: a small and a larger feature set, and how a fine-tune names them. */
import type { FeatureSpec } from './features.js';

export interface BaseModel {
  readonly id: string;
  readonly created: number;
  readonly maxBuckets: number;
  readonly bigrams: boolean;
}

export const BASE_MODELS: readonly BaseModel[] = [
  { id: 'local-small', created: 1_767_225_600, maxBuckets: 1 << 14, bigrams: false },
  { id: 'local-base', created: 1_767_225_600, maxBuckets: 1 << 16, bigrams: true },
];

/**
 * The legacy fine-tunes API's base names, each served by a local model: the two smaller GPT-3
 * names by the small feature set, the two larger by the larger one. `GET /models` lists them with
 * `root` naming the local model that answers.
 */
export const LEGACY_BASES: Readonly<Record<string, string>> = {
  ada: 'local-small',
  babbage: 'local-small',
  curie: 'local-base',
  davinci: 'local-base',
};

/** A local base model by its id or by a legacy name (`ada` → `local-small`). */
export function findBase(id: string): BaseModel | undefined {
  const local = Object.hasOwn(LEGACY_BASES, id) ? LEGACY_BASES[id] : id;
  return BASE_MODELS.find((model) => model.id === local);
}

export function specFor(base: BaseModel, buckets: number): FeatureSpec {
  return { buckets, bigrams: base.bigrams };
}

/** What an untrained base model says: a short neutral reply, honest about what it is. */
export function baseReply(id: string): string {
  return ` I am ${id}, an untrained local base model. Fine-tune me on your data to get useful answers.`;
}
