/**
 * Colour tokens for the chat tester, the same shape as the wizard's `src/app/theme.ts` (a role,
 * spread on a Text: `<Text {...theme.accent}>`; NO_COLOR empties every token). A stand-in until
 * that file lands on this branch; then this one only re-exports it.
 */
export interface Tone {
  readonly color?: string;
}
export type Token = 'accent' | 'muted' | 'error' | 'success' | 'warning';
export type Theme = Readonly<Record<Token, Tone>>;

const COLORS: Readonly<Record<Token, string>> = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  success: 'green',
  warning: 'yellow',
};

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const entries = Object.entries(COLORS).map(([token, color]) => [token, noColor ? {} : { color }]);
  return Object.fromEntries(entries) as Theme;
}

export const theme: Theme = themeFor(process.env);

/** A token as a Box border colour. */
export function border(tone: Tone): { readonly borderColor?: string } {
  return tone.color === undefined ? {} : { borderColor: tone.color };
}
