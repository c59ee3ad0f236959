import type { Key } from 'ink';
import { findAction, hintsOf, type Binding } from './key-bindings.js';
import { RESCUE_KEYS } from './rescue-keys.js';

/**
 * Every key binding of the wizard, per screen. Input handlers look actions up here and the footer
 * renders its hints from the same rows, so a key that works is a key that is shown.
 */
const quit = {
  action: 'quit',
  keys: [{ input: 'q' }],
  hint: 'q',
  label: 'quit',
  help: 'quit; your decisions so far are kept for next time',
} as const;
/** The rows every job panel ends with: the chart switch and the event log's scrolling. */
const panelRows = [
  { action: 'chart', keys: [{ input: 'a' }], hint: 'a', label: 'loss/accuracy' },
  { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'events' },
  { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
] as const;
const runsRow = { action: 'runs', keys: [{ input: 'h' }], hint: 'h', label: 'runs' } as const;

const help = { action: 'help', keys: [{ input: '?' }], hint: '?', label: 'help', help: 'this help' } as const;

const accept = {
  action: 'accept',
  keys: [{ input: 'y' }],
  hint: 'y',
  label: 'accept',
  help: 'accept this fix',
} as const;
const reject = {
  action: 'reject',
  keys: [{ input: 'n' }],
  hint: 'n',
  label: 'reject',
  help: 'reject it: the data stays as it is',
} as const;
const reviewBack = {
  action: 'back',
  keys: [{ special: 'left' }, { input: 'b' }, { special: 'escape' }],
  hint: '←',
  label: 'back',
  help: 'back to the previous decision',
} as const;
const rows = {
  action: 'rows',
  keys: [{ input: 'v' }],
  hint: 'v',
  label: 'rows',
  help: 'view every affected row, with its line or row number',
} as const;
const acceptRest = {
  action: 'acceptRest',
  keys: [{ input: 'a' }],
  hint: 'a',
  label: 'accept rest',
  help: 'accept this and all remaining fixes',
} as const;

export const KEYS = {
  providerChoice: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'provider' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'use it here' },
    { action: 'quit', keys: [{ input: 'q' }, { special: 'escape' }], hint: 'q', label: 'quit' },
  ],
  path: [
    { action: 'complete', keys: [{ special: 'tab' }], hint: 'tab', label: 'complete' },
    { action: 'open', keys: [{ special: 'return' }], hint: 'enter', label: 'open' },
    { action: 'quit', keys: [{ special: 'escape' }], hint: 'esc', label: 'quit' },
    { action: 'clear', keys: [{ input: 'u', ctrl: true }], hint: '^u', label: 'clear' },
    { action: 'rescue', keys: [{ input: 'r', ctrl: true }], hint: 'ctrl+r', label: 'rescue a model' },
    { action: 'runs', keys: [{ input: 'o', ctrl: true }], hint: 'ctrl+o', label: 'runs' },
  ],
  reading: [{ action: 'cancel', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' }, quit],
  pickSheet: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'move' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'read this sheet' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'other file' },
    quit,
  ],
  mapColumns: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'move' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'other file' },
    quit,
  ],
  failed: [
    {
      action: 'back',
      keys: [{ special: 'escape' }, { special: 'return' }],
      hint: 'enter',
      label: 'other file',
    },
    quit,
  ],
  summary: [
    {
      action: 'next',
      keys: [{ special: 'return' }, { special: 'right' }],
      hint: 'enter',
      label: 'review fixes',
    },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'other file' },
    quit,
  ],
  resume: [
    { action: 'yes', keys: [{ input: 'y' }, { special: 'return' }], hint: 'y', label: 'resume' },
    { action: 'no', keys: [{ input: 'n' }], hint: 'n', label: 'start over' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
    quit,
  ],
  reviewOptional: [accept, reject, reviewBack, rows, acceptRest, help, quit],
  // The add-system-message fix: its text can be written by the user.
  reviewSystem: [
    accept,
    reject,
    {
      action: 'edit',
      keys: [{ input: 'e' }],
      hint: 'e',
      label: 'write your own',
      help: 'write the system message yourself',
    },
    reviewBack,
    rows,
    acceptRest,
    help,
    quit,
  ],
  // The quality review, one flagged example at a time (state/quality-review.ts).
  reviewMislabel: [
    { action: 'relabel', keys: [{ input: 'r' }], hint: 'r', label: 'relabel' },
    { action: 'keep', keys: [{ input: 'k' }], hint: 'k', label: 'keep' },
    { action: 'drop', keys: [{ input: 'd' }], hint: 'd', label: 'drop' },
    { action: 'up', keys: [{ special: 'up' }], hint: '↑↓', label: 'example' },
    { action: 'down', keys: [{ special: 'down' }], hint: '', label: '' },
    { action: 'above', keys: [{ input: 't' }], hint: 't', label: 'relabel all above…' },
    { action: 'done', keys: [{ special: 'return' }], hint: 'enter', label: 'next fix' },
    reviewBack,
    quit,
  ],
  // One group of near-identical prompts with different labels at a time.
  reviewConflict: [
    { action: 'majority', keys: [{ input: 'm' }], hint: 'm', label: 'majority' },
    {
      action: 'label',
      keys: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ input: String(n) })),
      hint: '1-9',
      label: 'that label',
    },
    { action: 'keep', keys: [{ input: 'k' }], hint: 'k', label: 'keep' },
    { action: 'drop', keys: [{ input: 'd' }], hint: 'd', label: 'drop group' },
    { action: 'up', keys: [{ special: 'up' }], hint: '↑↓', label: 'group' },
    { action: 'down', keys: [{ special: 'down' }], hint: '', label: '' },
    { action: 'done', keys: [{ special: 'return' }], hint: 'enter', label: 'next fix' },
    reviewBack,
    quit,
  ],
  threshold: [
    { action: 'raise', keys: [{ special: 'up' }, { input: '+' }], hint: '↑↓', label: 'confidence' },
    { action: 'lower', keys: [{ special: 'down' }, { input: '-' }], hint: '', label: '' },
    { action: 'apply', keys: [{ special: 'return' }], hint: 'enter', label: 'relabel them' },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
    quit,
  ],
  system: [
    { action: 'save', keys: [{ special: 'return' }], hint: 'enter', label: 'use this text' },
    { action: 'clear', keys: [{ input: 'u', ctrl: true }], hint: '^u', label: 'clear' },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
  ],
  reviewNecessary: [
    { action: 'accept', keys: [{ input: 'y' }, { special: 'return' }], hint: 'enter', label: 'continue' },
    { action: 'reject', keys: [{ input: 'n' }], hint: 'n', label: 'decline' },
    {
      action: 'back',
      keys: [{ special: 'left' }, { input: 'b' }, { special: 'escape' }],
      hint: '←',
      label: 'back',
    },
    { action: 'rows', keys: [{ input: 'v' }], hint: 'v', label: 'rows' },
    { action: 'acceptRest', keys: [{ input: 'a' }], hint: 'a', label: 'accept rest' },
    help,
    quit,
  ],
  rows: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'scroll' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'pageUp', keys: [{ special: 'pageUp' }], hint: 'pgup/pgdn', label: 'page' },
    { action: 'pageDown', keys: [{ special: 'pageDown' }, { input: ' ' }], hint: '', label: '' },
    { action: 'close', keys: [{ special: 'escape' }, { input: 'v' }], hint: 'esc', label: 'back to fix' },
    quit,
  ],
  help: [
    { action: 'close', keys: [{ special: 'escape' }, { input: '?' }], hint: 'esc', label: 'close help' },
    quit,
  ],
  decline: [
    { action: 'yes', keys: [{ input: 'y' }], hint: 'y', label: 'quit without writing' },
    { action: 'no', keys: [{ input: 'n' }, { special: 'escape' }], hint: 'n', label: 'keep the fix' },
  ],
  samples: [
    { action: 'prev', keys: [{ special: 'left' }, { input: 'p' }], hint: '←→', label: 'page' },
    { action: 'next', keys: [{ special: 'right' }, { input: ' ' }], hint: '', label: '' },
    { action: 'drop', keys: [{ input: 'd' }, { input: 'x' }], hint: 'd', label: 'drop / keep' },
    { action: 'done', keys: [{ special: 'return' }, { input: 's' }], hint: 'enter', label: 'done' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back to fixes' },
    quit,
  ],
  split: [
    { action: 'yes', keys: [{ input: 'y' }], hint: 'y', label: 'split' },
    { action: 'stratify', keys: [{ input: 's' }], hint: 's', label: 'stratified split' },
    { action: 'no', keys: [{ input: 'n' }], hint: 'n', label: 'one file' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
    quit,
  ],
  writing: [],
  exists: [
    { action: 'overwrite', keys: [{ input: 'o' }], hint: 'o', label: 'overwrite' },
    { action: 'name', keys: [{ input: 'n' }, { special: 'return' }], hint: 'n', label: 'another name' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
    quit,
  ],
  existsName: [
    { action: 'save', keys: [{ special: 'return' }], hint: 'enter', label: 'write' },
    { action: 'clear', keys: [{ input: 'u', ctrl: true }], hint: '^u', label: 'clear' },
    { action: 'close', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
  ],
  written: [
    { action: 'next', keys: [{ special: 'return' }], hint: 'enter', label: 'choose a model and train' },
    { action: 'quit', keys: [{ input: 'q' }, { special: 'escape' }], hint: 'q', label: 'exit' },
  ],
  writtenFailed: [
    {
      action: 'quit',
      keys: [{ input: 'q' }, { special: 'return' }, { special: 'escape' }],
      hint: 'enter',
      label: 'exit',
    },
  ],
  modelPick: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'model' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
    quit,
  ],
  modelFailed: [
    { action: 'retry', keys: [{ input: 'r' }, { special: 'return' }], hint: 'r', label: 'try again' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'back' },
    quit,
  ],
  modelConvert: [
    { action: 'yes', keys: [{ input: 'y' }, { special: 'return' }], hint: 'y', label: 'convert to chat' },
    { action: 'no', keys: [{ input: 'n' }, { special: 'escape' }], hint: 'n', label: 'other model' },
    quit,
  ],
  // Letters are typed into the fields here, so no letter is bound.
  modelOptions: [
    { action: 'up', keys: [{ special: 'up' }], hint: '↑↓', label: 'field' },
    { action: 'down', keys: [{ special: 'down' }, { special: 'tab' }], hint: '', label: '' },
    { action: 'toggle', keys: [{ special: 'left' }, { special: 'right' }], hint: '←→', label: 'change' },
    { action: 'start', keys: [{ special: 'return' }], hint: 'enter', label: 'upload and train' },
    { action: 'clear', keys: [{ input: 'u', ctrl: true }], hint: '^u', label: 'clear' },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'models' },
  ],
  upload: [],
  uploadFailed: [
    { action: 'back', keys: [{ special: 'escape' }, { special: 'return' }], hint: 'esc', label: 'back' },
    quit,
  ],
  job: [
    { action: 'cancel', keys: [{ input: 'c' }], hint: 'c', label: 'cancel' },
    { action: 'pause', keys: [{ input: 'p' }], hint: 'p', label: 'pause/resume' },
    ...panelRows,
    { action: 'detach', keys: [{ input: 'd' }], hint: 'd', label: 'detach' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  // A provider that cannot pause (its row says so): the same keys without p.
  jobNoPause: [
    { action: 'cancel', keys: [{ input: 'c' }], hint: 'c', label: 'cancel' },
    ...panelRows,
    { action: 'detach', keys: [{ input: 'd' }], hint: 'd', label: 'detach' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  jobConfirm: [
    { action: 'yes', keys: [{ input: 'y' }], hint: 'y', label: 'cancel the job' },
    { action: 'no', keys: [{ input: 'n' }, { special: 'escape' }], hint: 'n', label: 'keep it running' },
  ],
  jobDone: [
    { action: 'chat', keys: [{ input: 't' }, { special: 'return' }], hint: 't', label: 'chat tester' },
    { action: 'evaluate', keys: [{ input: 'e' }], hint: 'e', label: 'evaluate' },
    { action: 'checkpoints', keys: [{ input: 'x' }], hint: 'x', label: 'score checkpoints' },
    runsRow,
    ...panelRows,
    { action: 'quit', keys: [{ input: 'q' }, { special: 'escape' }], hint: 'q', label: 'quit' },
  ],
  jobDoneMore: [
    { action: 'chat', keys: [{ input: 't' }, { special: 'return' }], hint: 't', label: 'chat tester' },
    { action: 'evaluate', keys: [{ input: 'e' }], hint: 'e', label: 'evaluate' },
    { action: 'more', keys: [{ input: 'm' }], hint: 'm', label: 'train more' },
    { action: 'checkpoints', keys: [{ input: 'x' }], hint: 'x', label: 'score checkpoints' },
    runsRow,
    ...panelRows,
    { action: 'quit', keys: [{ input: 'q' }, { special: 'escape' }], hint: 'q', label: 'quit' },
  ],
  jobEnded: [
    runsRow,
    ...panelRows,
    {
      action: 'quit',
      keys: [{ input: 'q' }, { special: 'escape' }, { special: 'return' }],
      hint: 'q',
      label: 'quit',
    },
  ],
  // A job that failed or was cancelled, started from the model step: b goes back to it, choices kept.
  jobRetry: [
    {
      action: 'retry',
      keys: [{ input: 'b' }],
      hint: 'b',
      label: 'back to the model step',
    },
    runsRow,
    ...panelRows,
    {
      action: 'quit',
      keys: [{ input: 'q' }, { special: 'escape' }, { special: 'return' }],
      hint: 'q',
      label: 'quit',
    },
  ],
  evalRunning: [
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'stop, back to the job' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  evalDone: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'scroll' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'pageUp', keys: [{ special: 'pageUp' }], hint: 'pgup/pgdn', label: 'page' },
    { action: 'pageDown', keys: [{ special: 'pageDown' }, { input: ' ' }], hint: '', label: '' },
    { action: 'back', keys: [{ special: 'escape' }, { input: 'b' }], hint: 'esc', label: 'back to the job' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  evalDoneMisses: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'scroll' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'pageUp', keys: [{ special: 'pageUp' }], hint: 'pgup/pgdn', label: 'page' },
    { action: 'pageDown', keys: [{ special: 'pageDown' }, { input: ' ' }], hint: '', label: '' },
    { action: 'misses', keys: [{ input: 'f' }], hint: 'f', label: 'fix wrong answers' },
    { action: 'back', keys: [{ special: 'escape' }, { input: 'b' }], hint: 'esc', label: 'back to the job' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  evalMisses: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'move' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    { action: 'edit', keys: [{ special: 'return' }, { input: 'c' }], hint: 'enter', label: 'correct it' },
    {
      action: 'back',
      keys: [{ special: 'escape' }, { input: 'b' }],
      hint: 'esc',
      label: 'back to the report',
    },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  evalCorrect: [
    { action: 'save', keys: [{ special: 'return' }], hint: 'enter', label: 'save correction' },
    {
      action: 'newline',
      keys: [{ input: '\n' }, { special: 'return', meta: true }],
      hint: '^j',
      label: 'new line',
    },
    { action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label: 'cancel' },
  ],
  evalMoveOut: [
    { action: 'move', keys: [{ input: 'y' }], hint: 'y', label: 'move it out and train on it' },
    {
      action: 'back',
      keys: [{ special: 'escape' }, { input: 'n' }],
      hint: 'esc',
      label: 'keep it in validation',
    },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  evalFailed: [
    {
      action: 'back',
      keys: [{ special: 'escape' }, { special: 'return' }],
      hint: 'esc',
      label: 'back to the job',
    },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  runs: [
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'run' },
    { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' },
    {
      action: 'compare',
      keys: [{ input: 'c' }],
      hint: 'c',
      label: 'compare',
      help: 'mark this run as A, then press c on another to compare the two',
    },
    { action: 'back', keys: [{ special: 'escape' }, { input: 'b' }], hint: 'esc', label: 'back' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  runsCompare: [
    { action: 'back', keys: [{ special: 'escape' }, { input: 'b' }], hint: 'esc', label: 'back to runs' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  runsFailed: [
    { action: 'back', keys: [{ special: 'escape' }, { special: 'return' }], hint: 'esc', label: 'back' },
    { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' },
  ],
  ...RESCUE_KEYS,
} as const satisfies Record<string, readonly Binding[]>;

export type KeyContext = keyof typeof KEYS;
export type ActionOf<C extends KeyContext> = (typeof KEYS)[C][number]['action'];

/** The action bound to this keypress on this screen, if any. */
export function actionFor<C extends KeyContext>(
  context: C,
  input: string,
  key: Key,
): ActionOf<C> | undefined {
  return findAction(KEYS[context], input, key) as ActionOf<C> | undefined;
}

/**
 * The action of this keypress on a screen whose keys change with its phase: `rows` are the screen's
 * rows of the table, `context` the live one (from `keyContext`). The result is typed as the union of
 * those rows' actions; a context outside `rows` has no action.
 */
export function actionAmong<const C extends KeyContext>(
  rows: readonly C[],
  context: KeyContext,
  input: string,
  key: Key,
): ActionOf<C> | undefined {
  const row = rows.find((r) => r === context);
  return row === undefined ? undefined : actionFor(row, input, key);
}

/** Key and longer wording of each binding, for the help screen. */
export function helpFor(context: KeyContext): ReadonlyArray<{ readonly key: string; readonly text: string }> {
  const bindings: readonly Binding[] = KEYS[context];
  return bindings.filter((b) => b.hint !== '').map((b) => ({ key: b.hint, text: b.help ?? b.label }));
}

/** The footer line: `y accept · n reject · ← back`, from the same table. */
export function hintsFor(
  context: KeyContext,
): ReadonlyArray<{ readonly key: string; readonly label: string }> {
  return hintsOf(KEYS[context]);
}
