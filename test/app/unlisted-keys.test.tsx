import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS } from '../../src/app/keys.js';
import type { Binding, KeySpec } from '../../src/app/key-bindings.js';
import { keyContext } from '../../src/app/state/key-context.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { KEY, press, waitFor } from './helpers.js';
import { drawAt } from './draw-state.js';
import { SCREENS } from './screen-states.js';

/**
 * The complement of no-dead-ends' "every key the footer shows does something": on every screen,
 * a key that is NOT in the screen's key table does nothing. A key handled outside the table would be
 * a key the footer and the help never mention (or a stray branch that fires on the wrong key).
 */
afterEach(cleanup);

/** Screens with a text field: letters, digits and the space are typed into it, so only other keys count. */
const TYPING = new Set([
  'path',
  'review, system-message field',
  'model options',
  'model options, Azure',
  'model options, corrections found',
  'rescue data',
]);

const letters = [...'abcdefghijklmnopqrstuvwxyz0123456789 ?/'].map((input): KeySpec => ({ input }));
const chords = [...'abdefgknpsvwxyz'].map((input): KeySpec => ({ input, ctrl: true }));
const specials = (
  ['return', 'escape', 'tab', 'up', 'down', 'left', 'right', 'pageUp', 'pageDown'] as const
).map((special): KeySpec => ({ special }));

/** The characters a terminal sends for a key. */
function typed(spec: KeySpec): string {
  if (spec.input !== undefined) {
    return spec.ctrl === true ? String.fromCharCode(spec.input.charCodeAt(0) - 96) : spec.input;
  }
  const special: Record<string, string> = {
    return: KEY.enter,
    escape: KEY.escape,
    tab: KEY.tab,
    up: KEY.up,
    down: KEY.down,
    left: KEY.left,
    right: KEY.right,
    pageUp: '\u001b[5~',
    pageDown: '\u001b[6~',
  };
  return special[spec.special ?? ''] ?? '';
}

const same = (a: KeySpec, b: KeySpec): boolean =>
  a.input === b.input && (a.ctrl ?? false) === (b.ctrl ?? false) && a.special === b.special;

/** The keys a screen does not list (Ctrl+C, which the app handles on every screen, is not probed). */
function unlisted(state: WizardState): KeySpec[] {
  const bindings: readonly Binding[] = KEYS[keyContext(state)];
  const listed = bindings.flatMap((b) => b.keys);
  return [...letters, ...chords, ...specials].filter((p) => !listed.some((l) => same(l, p)));
}

describe('unlisted keys', () => {
  // writing and upload list no keys at all: every key is probed there (Ctrl+C aside).
  it.each(SCREENS.map((s) => [s.name, s.state] as const))('on %s do nothing', async (name, state) => {
    // In a text field letters and Ctrl chords edit the text: there only the other keys are probed.
    const probes = unlisted(state).filter((p) => !TYPING.has(name) || p.special !== undefined);
    expect(probes.length).toBeGreaterThan(TYPING.has(name) ? 1 : 30);
    const { ui, trace } = drawAt(state, 80, 24);
    const before = ui.lastFrame();
    for (const probe of probes) await press(ui, typed(probe));
    // Keys reach the screen's handler synchronously (the key router), so every probe has had its turn.
    // A text field may re-dispatch its text as it is (an arrow key in the path field): the same state.
    if (TYPING.has(name)) expect(trace.state).toEqual(state);
    else expect(trace.actions, 'an unlisted key dispatched').toEqual([]);
    await waitFor(() => expect(ui.lastFrame()).toBe(before));
  });
});
