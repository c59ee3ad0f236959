import { PROFILES, type CreateOption, type ProviderProfile } from '../../api/providers/index.js';
import type { ProviderName } from '../../api/providers/index.js';

/**
 * The fields of the model step's options phase, by the provider's row: the suffix and method every
 * provider has, then the row's own create options (Azure's training type, LoRA or full), then the
 * numbers. Choice fields move with ←→, text fields are typed into.
 */
/** The fields every provider has; a row's create options come between the method and the numbers. */
export const FIELDS = ['suffix', 'method', 'epochs', 'batch', 'lr'] as const;
export type OptionField = `option:${string}`;
/** `corrections`: include the corrections beside the training file (shown only when there are some). */
export type FieldName = (typeof FIELDS)[number] | OptionField | 'corrections';
export type TextField = 'suffix' | 'epochs' | 'batch' | 'lr';

export function isTextField(field: FieldName): field is TextField {
  return field === 'suffix' || field === 'epochs' || field === 'batch' || field === 'lr';
}

/** The row of the step's provider (OpenAI's until the provider answered). */
export function profileOfStep(step: {
  readonly provider: { readonly name: ProviderName } | null;
}): ProviderProfile {
  return PROFILES[step.provider?.name ?? 'openai'];
}

/** The fields of the options phase on this provider, in screen order (corrections last, when found). */
export function fieldsOf(profile: ProviderProfile, withCorrections = false): readonly FieldName[] {
  return [
    'suffix',
    'method',
    ...profile.createOptions.map((o): OptionField => `option:${o.key}`),
    'epochs',
    'batch',
    'lr',
    ...(withCorrections ? (['corrections'] as const) : []),
  ];
}

/** The create option a field stands for, if it is one. */
export function optionOf(profile: ProviderProfile, field: FieldName): CreateOption | undefined {
  return field.startsWith('option:')
    ? profile.createOptions.find((o) => `option:${o.key}` === field)
    : undefined;
}

/** A create option's value in the step (its default until changed). */
export function optionValue(
  step: { readonly options: Readonly<Record<string, string>> },
  option: CreateOption,
): string {
  return step.options[option.key] ?? option.default;
}
