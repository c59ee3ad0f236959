import { Box } from 'ink';
import { Text } from './text.js';
import type { AppError } from '../../api/errors.js';
import { theme } from '../theme.js';

/** An error in plain words: what happened, the field at fault, and what to do (STYLE rule 6). */
export function ErrorBox({ error, title }: { readonly error: AppError; readonly title: string }) {
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      {...(theme.error.color ? { borderColor: theme.error.color } : {})}
      paddingX={1}
    >
      <Text bold {...theme.error}>
        {title}
      </Text>
      <Text wrap="wrap">{error.message}</Text>
      {error.param === undefined ? null : <Text wrap="wrap">At fault: {error.param}</Text>}
      {error.hint === '' ? null : (
        <Text {...theme.muted} wrap="wrap">
          {error.hint}
        </Text>
      )}
    </Box>
  );
}
