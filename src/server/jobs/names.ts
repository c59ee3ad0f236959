/** Fine-tuned model names: `ft:{base}:local:{suffix}:{id}` and `…:ckpt-step-N` for checkpoints. */
export const ORGANIZATION = 'local';

export function modelName(base: string, suffix: string | null, shortId: string): string {
  return `ft:${base}:${ORGANIZATION}:${suffix ?? ''}:${shortId}`;
}

export function checkpointName(model: string, step: number): string {
  return `${model}:ckpt-step-${step}`;
}

/** A legacy fine-tune's name: `{base}:ft-{org}:{suffix}-{date}`, or `{base}:ft-{org}-{date}`. */
const LEGACY_TUNED = /^([a-z0-9.-]+):ft-/;

/**
 * The name the legacy API gave a fine-tune: `ada:ft-local:my-model-2026-01-02-03-04-05` (the date
 * in UTC), as its reference shows `ada:ft-your-org:custom-model-name-2022-02-15-04-21-04`.
 */
export function legacyModelName(base: string, suffix: string | null, at: Date): string {
  const date = at.toISOString().slice(0, 19).replace(/[T:]/g, '-');
  return suffix ? `${base}:ft-${ORGANIZATION}:${suffix}-${date}` : `${base}:ft-${ORGANIZATION}-${date}`;
}

/** Whether a model id names a fine-tune (today's `ft:` names or the legacy `ada:ft-…` ones). */
export function isTunedName(model: string): boolean {
  return model.startsWith('ft:') || LEGACY_TUNED.test(model);
}

/** The root base of a name: `ft:local-small:local:x:abc` → `local-small`, `ada:ft-local:x-…` → `ada`. */
export function rootBase(model: string): string {
  if (model.startsWith('ft:')) return model.split(':')[1] ?? model;
  return LEGACY_TUNED.exec(model)?.[1] ?? model;
}
