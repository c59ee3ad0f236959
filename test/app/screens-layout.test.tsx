import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { hintsFor } from '../../src/app/keys.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { press, waitFor } from './helpers.js';
import { chatServices, drawAt } from './draw-state.js';
import { SCREENS } from './screen-states.js';

afterEach(cleanup);

const SIZES = [
  [60, 20],
  [80, 24],
] as const;

describe.each(SIZES)('every screen at %i×%i', (columns, rows) => {
  it.each(SCREENS)('$name fits, keeps its footer and shows what matters', async ({ state, shows }) => {
    const { ui } = drawAt(state, columns, rows);
    const footer = hintsFor(keyContext(state));
    const lines = (): string[] => (ui.lastFrame() ?? '').split('\n');
    await waitFor(() => {
      expect(Math.max(...lines().map((l) => l.length))).toBeLessThanOrEqual(columns);
      for (const text of shows) expect(lines().join('\n')).toMatch(text);
    }, 3_000);
    const frame = lines();
    expect(frame.length).toBeLessThan(rows);
    // The footer (one line or two) is the last text of the frame, every key of the screen in it.
    const filled = frame.filter((l) => l.trim() !== '');
    const last = filled.slice(-2).join(' ');
    if (footer.length > 0) {
      for (const hint of footer) expect(last).toContain(`${hint.key} ${hint.label}`);
    }
  });
});

describe('lists on a narrow terminal', () => {
  it('starts every row of the model list in the same column, the cursor row too', async () => {
    const list = SCREENS.find((s) => s.name === 'model list');
    if (list === undefined) throw new Error('no model list case');
    const { ui } = drawAt(list.state, 60, 20);
    await waitFor(() => expect(ui.lastFrame()).toContain('gpt-3.5-turbo-0613'));
    const rows = (ui.lastFrame() ?? '').split('\n').filter((l) => /babbage|gpt-|local-small/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const line of rows.slice(0, 5)) expect(line).toMatch(/^(› | {2})\S/);
  });
});

describe.each(SIZES)('the chat tester in the wizard at %i×%i', (columns, rows) => {
  const chat = SCREENS.find((s) => s.name === 'job succeeded');
  if (chat?.state.screen !== 'job') throw new Error('no succeeded job case');
  const state = { screen: 'chat', file: chat.state.file, panel: chat.state.panel } as const;

  /** The live frame (no transcript yet): within the terminal, its keys on the last lines. */
  function fits(frame: string, keys: readonly string[]): void {
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThan(rows);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(columns);
    const tail = lines
      .filter((l) => l.trim() !== '')
      .slice(-3)
      .join(' ');
    for (const key of keys) expect(tail).toContain(key);
  }

  it('fits alone, in compare mode and while a reply streams, with every key shown', async () => {
    const { ui } = drawAt(
      state,
      columns,
      rows,
      chatServices(() => ({ chunks: [' bill'], hang: true })),
    );
    const all = [
      'enter send',
      'esc job panel',
      '^o model',
      '^r compare',
      '^t settings',
      '^s save',
      '^c quit',
    ];
    await waitFor(() => fits(ui.lastFrame() ?? '', all));
    expect(ui.lastFrame()).toContain('ft:local-small:local:support-tickets-2026-11:j5pux8db');
    await press(ui, '\u0012'); // Ctrl+R: side by side with the base model
    await waitFor(() => expect(ui.lastFrame()).toContain('vs local-small'));
    fits(ui.lastFrame() ?? '', all);
    await press(ui, 'my card was charged twice');
    await press(ui, '\r');
    await waitFor(() => fits(ui.lastFrame() ?? '', ['esc stop reply', '^c quit']));
  });
});
