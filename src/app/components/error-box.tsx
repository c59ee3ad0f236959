import { Box } from 'ink';
import { Text } from './text.js';
import { Para } from './para.js';
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
      <Para>{error.message}</Para>
      {error.param === undefined ? null : <Para>At fault: {error.param}</Para>}
      {error.hint === '' ? null : <Para {...theme.muted}>{error.hint}</Para>}
    </Box>
  );
}
