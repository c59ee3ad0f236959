/**
 * Semantic colour tokens: screens name a role, never a colour, and spread it on a Text:
 * `<Text {...theme.accent}>`. With NO_COLOR set every token is empty, so Ink prints plain text and
 * meaning is carried by markers (+, -, ›, inverse) alone.
 */
export interface Tone {
  readonly color?: string;
}
export type Token = 'accent' | 'muted' | 'error' | 'success' | 'warning' | 'added' | 'removed';
export type Theme = Readonly<Record<Token, Tone>>;

const COLORS: Readonly<Record<Token, string>> = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  success: 'green',
  warning: 'yellow',
  added: 'green',
  removed: 'red',
};

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  // https://no-color.org: any non-empty value disables colour.
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const entries = Object.entries(COLORS).map(([token, color]) => [token, noColor ? {} : { color }]);
  return Object.fromEntries(entries) as Theme;
}

export const theme: Theme = themeFor(process.env);
