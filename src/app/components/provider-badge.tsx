import { Text } from './text.js';
import { providerBadge, type ProviderName } from '../../api/provider.js';
import { theme } from '../theme.js';

/** `[local]`, `[OpenAI]`: which provider everything on the screen goes to. */
export function ProviderBadge({ provider }: { readonly provider: ProviderName }) {
  return (
    <Text bold {...(provider === 'local' ? theme.warning : theme.accent)}>
      [{providerBadge(provider)}]
    </Text>
  );
}
