import type { Key } from 'ink';
import { findAction, hintsOf, type Binding } from '../key-bindings.js';

/**
 * Every key of the chat tester, per panel. Handlers look actions up here and the footer renders its
 * hints from the same rows. The message box takes plain letters as text, so the tester's own
 * commands use Ctrl (not Ctrl+B: tmux's prefix). Raw mode turns flow control off, so Ctrl+S arrives.
 */
const close = { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' } as const;

const quit = {
  action: 'quit',
  keys: [
    { input: 'c', ctrl: true },
    { input: 'd', ctrl: true },
  ],
  hint: '^c',
  label: 'quit',
} as const;

const inputKeys = [
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
  // Only listed (and only acted on) once there is an answer to correct and training data to add it to.
  { action: 'correct', keys: [{ input: 'f', ctrl: true }], hint: '^f', label: 'fix answer' },
] as const;

export const CHAT_KEYS = {
  // Inside the wizard: Esc goes back to the job panel (evaluation, the chart, the events).
  inputBack: [
    ...inputKeys.slice(0, 1),
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'job panel' },
    ...inputKeys.slice(1),
    quit,
  ],
  input: [...inputKeys, quit],
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
  // The model switcher: the list, and b for the best of the job's models once their scores are stored.
  models: [
    { action: 'up', keys: [{ special: 'up' }], hint: '↑↓', label: 'move' },
    { action: 'down', keys: [{ special: 'down' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    { action: 'best', keys: [{ input: 'b' }], hint: 'b', label: 'best checkpoint' },
    close,
  ],
  correct: [
    { action: 'commit', keys: [{ special: 'return' }], hint: 'enter', label: 'save correction' },
    {
      action: 'newline',
      keys: [{ input: '\n' }, { special: 'return', meta: true }],
      hint: '^j',
      label: 'new line',
    },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
  ],
  edit: [
    { action: 'commit', keys: [{ special: 'return' }], hint: 'enter', label: 'set' },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
  ],
} as const satisfies Record<string, readonly Binding[]>;

export type ChatKeyContext = keyof typeof CHAT_KEYS;
export type ChatActionOf<C extends ChatKeyContext> = (typeof CHAT_KEYS)[C][number]['action'];

export function chatActionFor<C extends ChatKeyContext>(
  context: C,
  input: string,
  key: Key,
): ChatActionOf<C> | undefined {
  return findAction(CHAT_KEYS[context], input, key) as ChatActionOf<C> | undefined;
}

export function chatHints(
  context: ChatKeyContext,
  hidden: ReadonlySet<string> = new Set(),
): ReadonlyArray<{ readonly key: string; readonly label: string }> {
  return hintsOf(CHAT_KEYS[context].filter((b) => !hidden.has(b.action)));
}
