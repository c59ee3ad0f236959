/**
 * Provider names and selection. The providers themselves are rows in ./providers/table.ts; this
 * module keeps the names the rest of the code imports.
 */
export { PROVIDER_NAMES as PROVIDERS, type ProviderName } from './providers/profile.js';
export {
  configuredProviders,
  providerBadge,
  resolveProvider,
  selectProvider,
  suggestedModel,
  type ProviderChoice,
  type ProviderFlags,
  type Selection,
} from './providers/select.js';
