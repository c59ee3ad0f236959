import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { interruptFarewell } from '../../src/app/interrupt.js';
import { KEYS } from '../../src/app/keys.js';
import type { KeySpec } from '../../src/app/key-bindings.js';
import { keyContext } from '../../src/app/state/key-context.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { KEY, press, waitFor } from './helpers.js';
import { CWD, drawAt } from './draw-state.js';
import { SCREENS } from './screen-states.js';

afterEach(cleanup);

function state(name: string): WizardState {
  const found = SCREENS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no screen named ${name}`);
  return found.state;
}

/** Where Esc leads from each screen: one step back, or out where there is no step before. */
const ESCAPE: ReadonlyArray<readonly [string, 'quit' | 'stays' | ((s: WizardState) => void)]> = [
  ['provider choice', 'quit'],
  ['path', 'quit'],
  ['reading', (s) => expect(s.screen).toBe('path')],
  ['reading, quality checks', (s) => expect(s.screen).toBe('path')],
  ['sheet picker', (s) => expect(s.screen).toBe('path')],
  ['column mapping', (s) => expect(s.screen).toBe('path')],
  ['summary', (s) => expect(s.screen).toBe('path')],
  ['resume question', (s) => expect(s).toMatchObject({ screen: 'summary', saved: { index: 2 } })],
  ['review, necessary fix', (s) => expect(s.screen).toBe('summary')],
  ['review, optional fix', (s) => expect(s).toMatchObject({ screen: 'review', index: 0 })],
  ['review, likely mislabelled', (s) => expect(s.screen).toBe('summary')],
  ['review, conflicting labels', (s) => expect(s).toMatchObject({ screen: 'review', index: 0 })],
  ['review, relabel above', (s) => expect(s).toMatchObject({ screen: 'review', overlay: 'none' })],
  ['review, changed rows', (s) => expect(s).toMatchObject({ screen: 'review', index: 1 })],
  ['review, help', (s) => expect(s).toMatchObject({ screen: 'review', index: 1, overlay: 'none' })],
  ['review, decline', (s) => expect(s).toMatchObject({ screen: 'review', overlay: 'none' })],
  ['review, system-message field', (s) => expect(s).toMatchObject({ screen: 'review', overlay: 'none' })],
  ['samples', (s) => expect(s.screen).toBe('review')],
  ['split question', (s) => expect(s.screen).toBe('samples')],
  ['exists question', (s) => expect(s.screen).toBe('split')],
  ['written', 'quit'],
  ['model list', (s) => expect(s.screen).toBe('written')],
  ['model conversion offer', (s) => expect(s).toMatchObject({ screen: 'model', phase: 'pick' })],
  ['model options', (s) => expect(s).toMatchObject({ screen: 'model', phase: 'pick' })],
  ['model options, Azure', (s) => expect(s).toMatchObject({ screen: 'model', phase: 'pick' })],
  ['model options, corrections found', (s) => expect(s).toMatchObject({ screen: 'model', phase: 'pick' })],
  // A job that is training has no step before it: it goes on, d detaches, q leaves.
  ['job running', 'stays'],
  ['job cancel confirm', (s) => expect(s).toMatchObject({ screen: 'job', panel: { overlay: 'none' } })],
  ['job succeeded', 'quit'],
  ['job failed', 'quit'],
  ['eval running', (s) => expect(s.screen).toBe('job')],
  ['eval done', (s) => expect(s.screen).toBe('job')],
  ['rescue list', (s) => expect(s.screen).toBe('path')],
  ['rescue data', (s) => expect(s.screen).toBe('rescue-list')],
  ['rescue golden set', (s) => expect(s).toMatchObject({ screen: 'rescue-golden', phase: 'stopped' })],
  ['rescue target', (s) => expect(s).toMatchObject({ screen: 'rescue-target', phase: 'provider' })],
  ['rescue compare', (s) => expect(s.screen).toBe('job')],
  ['runs', (s) => expect(s.screen).toBe('path')],
  ['runs, A marked', (s) => expect(s.screen).toBe('path')],
  // From the comparison back to the list, the comparison gone.
  ['runs compared', (s) => expect(s).toMatchObject({ screen: 'runs', compare: undefined })],
  ['runs, none yet', (s) => expect(s.screen).toBe('job')],
  ['runs unreadable', (s) => expect(s.screen).toBe('path')],
];

/** Screens where letters are typed into a field or a y/n question is asked: q is not theirs. */
const NO_Q = new Set([
  'path',
  'review, decline',
  'review, system-message field',
  'writing',
  'model options',
  'model options, Azure',
  'model options, corrections found',
  'upload',
  'job cancel confirm',
  'rescue data',
]);

/** The characters a terminal sends for a key of the table. */
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

describe('no dead ends', () => {
  it('covers every screen of the table', () => {
    const named = new Set(ESCAPE.map(([name]) => name));
    const silent = ['writing', 'upload', 'written, a class missing from validation', 'job paused'];
    const more = ['job failed, started here', 'job cancelled, started here'];
    for (const { name } of SCREENS) {
      expect(named.has(name) || silent.includes(name) || more.includes(name), name).toBe(true);
    }
  });

  it.each(ESCAPE)('Esc on %s goes back one step (or out where none is before it)', async (name, then) => {
    const { ui, trace } = drawAt(state(name), 80, 24);
    await press(ui, KEY.escape);
    if (then === 'stays') {
      // Nothing to wait for: give the key its turn, then check nothing moved.
      await waitFor(() => expect(ui.lastFrame()).toBeTruthy());
      expect(trace.actions).toEqual([]);
      return;
    }
    await waitFor(
      () => (then === 'quit' ? expect(trace.state.screen).toBe('exit') : then(trace.state)),
      3_000,
    );
  });

  it.each(SCREENS.filter((s) => !NO_Q.has(s.name)).map((s) => [s.name] as const))(
    'q on %s leaves with the words Ctrl+C would print',
    async (name) => {
      const before = state(name);
      const { ui, trace } = drawAt(before, 80, 24);
      await press(ui, 'q');
      await waitFor(() => expect(trace.state.screen).toBe('exit'));
      const quit = trace.actions.find((a) => a.type === 'quit');
      // No words of its own: the app gives it those of Ctrl+C (app.tsx).
      expect(quit?.type === 'quit' ? (quit.farewell ?? interruptFarewell(before, CWD)) : null).toBe(
        interruptFarewell(before, CWD),
      );
    },
  );

  it.each(SCREENS.map((s) => [s.name] as const))(
    'every key the footer of %s shows does something',
    async (name) => {
      const bindings = KEYS[keyContext(state(name))];
      // Esc and q have their own tests above; every other key shown is pressed here.
      const covered = (b: (typeof bindings)[number]): boolean =>
        b.keys.some((k: KeySpec) => k.special === 'escape' || (k.input === 'q' && k.ctrl !== true));
      for (const binding of bindings.filter((b) => b.hint !== '' && !covered(b))) {
        const { ui, trace } = drawAt(state(name), 80, 24);
        const before = ui.lastFrame();
        await press(ui, typed(binding.keys[0] ?? {}));
        await waitFor(
          () =>
            expect(
              trace.actions.length > 0 || ui.lastFrame() !== before,
              `${binding.hint} ${binding.label}`,
            ).toBe(true),
          2_000,
        );
        cleanup();
      }
    },
  );
});
