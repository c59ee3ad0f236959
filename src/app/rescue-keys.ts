import type { Binding } from './key-bindings.js';

/**
 * The rescue path's rows of the wizard's key table (keys.ts spreads them in), kept apart so that
 * table stays readable. Every screen has Esc (back) and q (out).
 */
const quit = { action: 'quit', keys: [{ input: 'q' }], hint: 'q', label: 'quit' } as const;
const up = { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'move' } as const;
const down = { action: 'down', keys: [{ special: 'down' }, { input: 'j' }], hint: '', label: '' } as const;
const back = (label: string) =>
  ({ action: 'back', keys: [{ special: 'escape' }], hint: 'esc', label }) as const;
const retry = {
  action: 'retry',
  keys: [{ input: 'r' }, { special: 'return' }],
  hint: 'r',
  label: 'try again',
} as const;

export const RESCUE_KEYS = {
  rescueList: [
    { ...up, label: 'model' },
    down,
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'rescue it' },
    back('back'),
    quit,
  ],
  rescueListFailed: [retry, back('back'), quit],
  rescueKeeping: [back('other model'), quit],
  // Letters are typed into the path field here, so no letter is bound.
  rescueAsk: [
    { action: 'complete', keys: [{ special: 'tab' }], hint: 'tab', label: 'complete' },
    { action: 'give', keys: [{ special: 'return' }], hint: 'enter', label: 'use this file' },
    back('other model'),
  ],
  rescueKept: [
    { action: 'next', keys: [{ special: 'return' }], hint: 'enter', label: 'record the golden set' },
    back('other model'),
    quit,
  ],
  rescueDataFailed: [retry, back('other model'), quit],
  rescueGoldenRunning: [
    { action: 'stop', keys: [{ special: 'escape' }, { input: 's' }], hint: 'esc', label: 'stop (resumable)' },
    quit,
  ],
  rescueGoldenStopped: [
    { action: 'next', keys: [{ special: 'return' }], hint: 'enter', label: 'go on' },
    back('other model'),
    quit,
  ],
  rescueGoldenDone: [
    { action: 'next', keys: [{ special: 'return' }], hint: 'enter', label: 'choose where to retrain' },
    back('other model'),
    quit,
  ],
  // An earlier run of this rescue already created the retraining job: it is followed, not made twice.
  rescueGoldenDoneJob: [
    { action: 'next', keys: [{ special: 'return' }], hint: 'enter', label: 'follow the retraining job' },
    back('other model'),
    quit,
  ],
  rescueGoldenFailed: [retry, back('other model'), quit],
  rescueProviders: [
    { ...up, label: 'provider' },
    down,
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    back('back'),
    quit,
  ],
  rescueModels: [
    { ...up, label: 'base model' },
    down,
    { action: 'choose', keys: [{ special: 'return' }], hint: 'enter', label: 'choose' },
    back('providers'),
    quit,
  ],
  rescueTargetFailed: [retry, back('back'), quit],
  rescuePlan: [
    { action: 'start', keys: [{ special: 'return' }], hint: 'enter', label: 'upload and train' },
    back('base models'),
    quit,
  ],
  rescueStarting: [],
  rescueJobDone: [
    {
      action: 'compare',
      keys: [{ special: 'return' }, { input: 'c' }],
      hint: 'enter',
      label: 'compare',
    },
    { action: 'chat', keys: [{ input: 't' }], hint: 't', label: 'chat' },
    { action: 'quit', keys: [{ input: 'q' }, { special: 'escape' }], hint: 'q', label: 'quit' },
    { action: 'evaluate', keys: [{ input: 'e' }], hint: 'e', label: 'evaluate' },
    { action: 'chart', keys: [{ input: 'a' }], hint: 'a', label: 'loss/accuracy' },
    { action: 'up', keys: [{ special: 'up' }, { input: 'k' }], hint: '↑↓', label: 'events' },
    down,
  ],
  rescueCompareRunning: [back('back to the job'), quit],
  rescueCompareFailed: [retry, back('back to the job'), quit],
  rescueReport: [
    { action: 'view', keys: [{ special: 'tab' }, { input: 'f' }], hint: 'tab', label: 'flipped' },
    { ...up, label: 'scroll' },
    down,
    back('job'),
    quit,
  ],
  // The same, while the old model still answers and has not been asked again yet.
  rescueReportLive: [
    { action: 'view', keys: [{ special: 'tab' }, { input: 'f' }], hint: 'tab', label: 'flipped' },
    { action: 'live', keys: [{ input: 'l' }], hint: 'l', label: 'ask old model' },
    back('job'),
    quit,
    { ...up, label: 'scroll' },
    down,
  ],
  rescueFlips: [
    { action: 'view', keys: [{ special: 'tab' }, { input: 'f' }], hint: 'tab', label: 'report' },
    { ...up, label: 'example' },
    down,
    back('job'),
    quit,
  ],
} as const satisfies Record<string, readonly Binding[]>;
