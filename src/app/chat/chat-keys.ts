import type { Key } from 'ink';

/**
 * Every key of the chat tester, per panel. Handlers look actions up here and the footer renders its
 * hints from the same rows. The message box takes plain letters as text, so the tester's own
 * commands use Ctrl (not Ctrl+B: tmux's prefix). Raw mode turns flow control off, so Ctrl+S arrives.
 */
type Special = 'return' | 'escape' | 'up' | 'down' | 'tab';
interface KeySpec {
  readonly input?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly special?: Special;
}
interface Binding {
  readonly action: string;
  readonly keys: readonly KeySpec[];
  readonly hint: string;
  readonly label: string;
}

const close = { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' } as const;

export const CHAT_KEYS = {
  input: [
    { action: 'send', keys: [{ special: 'return' }], hint: 'enter', label: 'send' },
    {
      action: 'newline',
      keys: [{ input: '\n' }, { special: 'return', meta: true }],
      hint: '^j',
      label: 'new line',
    },
    { action: 'models', keys: [{ input: 'o', ctrl: true }], hint: '^o', label: 'model' },
    { action: 'compare', keys: [{ input: 'r', ctrl: true }], hint: '^r', label: 'compare' },
    { action: 'prompt', keys: [{ input: 'p', ctrl: true }], hint: '^p', label: 'prompt sent' },
    { action: 'settings', keys: [{ input: 't', ctrl: true }], hint: '^t', label: 'settings' },
    { action: 'save', keys: [{ input: 's', ctrl: true }], hint: '^s', label: 'save' },
    {
      action: 'quit',
      keys: [
        { input: 'c', ctrl: true },
        { input: 'd', ctrl: true },
      ],
      hint: '^c',
      label: 'quit',
    },
  ],
  generating: [
    { action: 'stop', keys: [{ special: 'escape' }], hint: 'esc', label: 'stop reply' },
    { action: 'quit', keys: [{ input: 'c', ctrl: true }], hint: '^c', label: 'quit' },
  ],
  list: [
    { action: 'up', keys: [{ special: 'up' }], hint: '↑↓', label: 'move' },
    { action: 'down', keys: [{ special: 'down' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    close,
  ],
  edit: [
    { action: 'commit', keys: [{ special: 'return' }], hint: 'enter', label: 'set' },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
  ],
} as const satisfies Record<string, readonly Binding[]>;

export type ChatKeyContext = keyof typeof CHAT_KEYS;
export type ChatActionOf<C extends ChatKeyContext> = (typeof CHAT_KEYS)[C][number]['action'];

function matches(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.input !== undefined) {
    return input === spec.input && key.ctrl === (spec.ctrl ?? false) && (spec.ctrl === true || !key.meta);
  }
  const meta = spec.meta ?? false;
  switch (spec.special) {
    case 'return':
      return key.return && key.meta === meta;
    case 'escape':
      return key.escape;
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'tab':
      return key.tab;
    default:
      return false;
  }
}

export function chatActionFor<C extends ChatKeyContext>(
  context: C,
  input: string,
  key: Key,
): ChatActionOf<C> | undefined {
  const bindings: readonly Binding[] = CHAT_KEYS[context];
  const found = bindings.find((b) => b.keys.some((spec) => matches(spec, input, key)));
  return found?.action as ChatActionOf<C> | undefined;
}

export function chatHints(
  context: ChatKeyContext,
): ReadonlyArray<{ readonly key: string; readonly label: string }> {
  const bindings: readonly Binding[] = CHAT_KEYS[context];
  return bindings.filter((b) => b.hint !== '').map((b) => ({ key: b.hint, label: b.label }));
}
