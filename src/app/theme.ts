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

/** https://no-color.org: any non-empty value disables colour. */
export function isMonochrome(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  const noColor = isMonochrome(env);
  const entries = Object.entries(COLORS).map(([token, color]) => [token, noColor ? {} : { color }]);
  return Object.fromEntries(entries) as Theme;
}

export const theme: Theme = themeFor(process.env);
/** No colours: what colour tells apart must be told by shape (the chart's series, say). */
export const monochrome = isMonochrome(process.env);
