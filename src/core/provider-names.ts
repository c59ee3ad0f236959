/**
 * The providers' names, the one list every layer shares (the job records store them, the shutdown
 * table keys on them). Their rows live in src/api/providers/table.ts.
 */
export const PROVIDER_NAMES = ['openai', 'azure', 'nebius', 'together', 'compatible', 'local'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];
