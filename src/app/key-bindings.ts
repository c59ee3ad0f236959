import type { Key } from 'ink';

/**
 * The shape of every key table in the app (the wizard's and the chat tester's): each binding names
 * an action, the keys that trigger it and how the footer writes it, so a key that works is a key
 * that is shown.
 */
export type SpecialKey =
  'return' | 'escape' | 'tab' | 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown';

export interface KeySpec {
  readonly input?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly special?: SpecialKey;
}

export interface Binding {
  readonly action: string;
  readonly keys: readonly KeySpec[];
  /** How the key is written in the footer; '' keeps it out of the footer. */
  readonly hint: string;
  readonly label: string;
  /** The longer wording for a help screen. */
  readonly help?: string;
}

export interface Hint {
  readonly key: string;
  readonly label: string;
}

export function matchesKey(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.input !== undefined) {
    // A letter bound without Ctrl must not fire on Ctrl+letter or Alt+letter.
    return input === spec.input && key.ctrl === (spec.ctrl ?? false) && (spec.ctrl === true || !key.meta);
  }
  switch (spec.special) {
    case 'return':
      return key.return && key.meta === (spec.meta ?? false);
    case 'escape':
      return key.escape;
    case 'tab':
      return key.tab;
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'left':
      return key.leftArrow;
    case 'right':
      return key.rightArrow;
    case 'pageUp':
      return key.pageUp;
    case 'pageDown':
      return key.pageDown;
    default:
      return false;
  }
}

/** The action of the first binding this keypress matches. */
export function findAction(bindings: readonly Binding[], input: string, key: Key): string | undefined {
  return bindings.find((binding) => binding.keys.some((spec) => matchesKey(spec, input, key)))?.action;
}

export function hintsOf(bindings: readonly Binding[]): readonly Hint[] {
  return bindings.filter((b) => b.hint !== '').map((b) => ({ key: b.hint, label: b.label }));
}

/**
 * The keys of one read, one at a time. Keys typed fast, pasted or sent by a script can reach the app
 * as one chunk (`jj`, or `k` then Enter as `k\r`); a list screen treats each as its own keypress.
 * Escape sequences (arrows) and Ctrl/Alt chords always come alone, so they pass as they are.
 */
export function eachKey(input: string, key: Key): ReadonlyArray<readonly [string, Key]> {
  if (input.length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) return [[input, key]];
  return [...input].map((c) => {
    const one: Key = { ...key, return: c === '\r' || c === '\n', tab: c === '\t' };
    one.backspace = c === '\b';
    one.delete = c === '\u007f';
    return [c, one] as const;
  });
}
