import { Text } from './text.js';
import { providerBadge, type ProviderName } from '../../api/provider.js';
import { PROFILES } from '../../api/providers/index.js';
import { theme } from '../theme.js';

/** `[local]`, `[OpenAI]`: which provider everything on the screen goes to. */
export function ProviderBadge({ provider }: { readonly provider: ProviderName }) {
  return (
    <Text bold {...(PROFILES[provider].onThisMachine ? theme.warning : theme.accent)}>
      [{providerBadge(provider)}]
    </Text>
  );
}
