import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { eachKey, findAction, matchesKey, type Binding } from '../../src/app/key-bindings.js';
import { actionAmong, actionFor, helpFor, hintsFor } from '../../src/app/keys.js';

/** A keypress as Ink reports it: nothing held, no special key, unless `with` says so. */
function key(with_: Partial<Key> = {}): Key {
  return {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
    ...with_,
  } as Key;
}

describe('the help screen reads the key table', () => {
  it('lists each key shown in the footer once, with its longer wording', () => {
    expect(helpFor('reviewOptional')).toEqual([
      { key: 'y', text: 'accept this fix' },
      { key: 'n', text: 'reject it: the data stays as it is' },
      { key: '←', text: 'back to the previous decision' },
      { key: 'v', text: 'view every affected row, with its line or row number' },
      { key: 'a', text: 'accept this and all remaining fixes' },
      { key: '?', text: 'this help' },
      { key: 'q', text: 'quit; your decisions so far are kept for next time' },
    ]);
  });

  it('leaves out the keys the footer leaves out, and falls back to the label', () => {
    // rows: ↓ and space are the silent halves of ↑ and pgup; close and page have no longer wording.
    expect(helpFor('rows')).toEqual([
      { key: '↑↓', text: 'scroll' },
      { key: 'pgup/pgdn', text: 'page' },
      { key: 'esc', text: 'back to fix' },
      { key: 'q', text: 'quit; your decisions so far are kept for next time' },
    ]);
    expect(hintsFor('rows').map((h) => h.key)).toEqual(['↑↓', 'pgup/pgdn', 'esc', 'q']);
  });
});

describe('a key matches its binding and nothing else', () => {
  it('a letter fires alone, not with Ctrl or Alt held', () => {
    expect(matchesKey({ input: 'q' }, 'q', key())).toBe(true);
    expect(matchesKey({ input: 'q' }, 'q', key({ ctrl: true }))).toBe(false);
    expect(matchesKey({ input: 'q' }, 'q', key({ meta: true }))).toBe(false);
    expect(matchesKey({ input: 'q' }, 'w', key())).toBe(false);
  });

  it('a Ctrl chord fires only with Ctrl held (Alt as well does not stop it)', () => {
    expect(matchesKey({ input: 'u', ctrl: true }, 'u', key({ ctrl: true }))).toBe(true);
    expect(matchesKey({ input: 'u', ctrl: true }, 'u', key({ ctrl: true, meta: true }))).toBe(true);
    expect(matchesKey({ input: 'u', ctrl: true }, 'u', key())).toBe(false);
  });

  it('Enter and Alt+Enter are two keys', () => {
    expect(matchesKey({ special: 'return' }, '\r', key({ return: true }))).toBe(true);
    expect(matchesKey({ special: 'return' }, '\r', key({ return: true, meta: true }))).toBe(false);
    expect(matchesKey({ special: 'return', meta: true }, '\r', key({ return: true, meta: true }))).toBe(true);
    expect(matchesKey({ special: 'return', meta: true }, '\r', key({ return: true }))).toBe(false);
  });

  const specials = [
    ['escape', { escape: true }],
    ['tab', { tab: true }],
    ['up', { upArrow: true }],
    ['down', { downArrow: true }],
    ['left', { leftArrow: true }],
    ['right', { rightArrow: true }],
    ['pageUp', { pageUp: true }],
    ['pageDown', { pageDown: true }],
  ] as const;
  it.each(specials)('%s fires on its own key only', (special, held) => {
    expect(matchesKey({ special }, '', key(held))).toBe(true);
    for (const [other, otherHeld] of specials) {
      if (other !== special) expect(matchesKey({ special }, '', key(otherHeld)), other).toBe(false);
    }
    expect(matchesKey({ special }, '', key({ return: true }))).toBe(false);
  });

  it('a binding with neither a letter nor a special key never fires', () => {
    expect(matchesKey({}, '', key({ return: true, escape: true }))).toBe(false);
  });

  it('the first binding that matches wins; none is undefined', () => {
    const table: Binding[] = [
      { action: 'one', keys: [{ input: 'x' }], hint: 'x', label: '' },
      { action: 'two', keys: [{ input: 'y' }, { input: 'x' }], hint: 'y', label: '' },
    ];
    expect(findAction(table, 'x', key())).toBe('one');
    expect(findAction(table, 'y', key())).toBe('two');
    expect(findAction(table, 'z', key())).toBeUndefined();
    expect(actionFor('reviewNecessary', '\r', key({ return: true }))).toBe('accept');
    expect(actionFor('reviewOptional', '\r', key({ return: true }))).toBeUndefined();
  });
});

describe('keys typed in one chunk', () => {
  it('are taken one at a time, Enter and Tab and backspace among them', () => {
    const keys = eachKey('j\r\t\b\u007f', key());
    expect(keys.map(([input]) => input)).toEqual(['j', '\r', '\t', '\b', '\u007f']);
    expect(keys.map(([, k]) => [k.return, k.tab, k.backspace, k.delete])).toEqual([
      [false, false, false, false],
      [true, false, false, false],
      [false, true, false, false],
      [false, false, true, false],
      [false, false, false, true],
    ]);
  });

  it('a newline is Enter too', () => {
    expect(eachKey('k\n', key()).map(([, k]) => k.return)).toEqual([false, true]);
  });

  it('one key, a chord or an escape sequence passes as it is', () => {
    const held = key({ ctrl: true });
    expect(eachKey('ab', held)).toEqual([['ab', held]]);
    const alt = key({ meta: true });
    expect(eachKey('ab', alt)).toEqual([['ab', alt]]);
    const arrow = key({ upArrow: true });
    expect(eachKey('\u001b[A', arrow)).toEqual([['\u001b[A', arrow]]);
    expect(eachKey('a\u001b', key())).toHaveLength(1);
    // An arrow comes with no text at all; a lone key keeps Ink's reading of it (here Backspace).
    expect(eachKey('', arrow)).toEqual([['', arrow]]);
    const backspace = key({ backspace: true });
    expect(eachKey('\u007f', backspace)).toEqual([['\u007f', backspace]]);
    expect(eachKey('j', key())).toHaveLength(1);
  });
});

describe('actionAmong', () => {
  // A screen whose keys change with its phase asks with its own rows: a live row of another screen
  // (a late state change) must not fire this screen's handler.
  it('answers with the live row when it is one of the screen rows, and nothing otherwise', () => {
    const enter = key({ return: true });
    expect(actionAmong(['summary', 'resume'], 'summary', '\r', enter)).toBe('next');
    expect(actionAmong(['resume', 'summary'], 'summary', '\r', enter)).toBe('next');
    expect(actionAmong(['resume'], 'summary', '\r', enter)).toBeUndefined();
  });
});
