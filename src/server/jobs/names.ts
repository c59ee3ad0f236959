/** Fine-tuned model names: `ft:{base}:local:{suffix}:{id}` and `…:ckpt-step-N` for checkpoints. */
export const ORGANIZATION = 'local';

export function modelName(base: string, suffix: string | null, shortId: string): string {
  return `ft:${base}:${ORGANIZATION}:${suffix ?? ''}:${shortId}`;
}

export function checkpointName(model: string, step: number): string {
  return `${model}:ckpt-step-${step}`;
}

/** The root base of a name: `ft:local-small:local:x:abc` → `local-small`. */
export function rootBase(model: string): string {
  return model.startsWith('ft:') ? (model.split(':')[1] ?? model) : model;
}
