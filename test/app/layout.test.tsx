import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { themeFor } from '../../src/app/theme.js';
import { hintsFor, KEYS } from '../../src/app/keys.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

describe('layout', () => {
  it('keeps every frame shorter than a 24-row terminal and within its width', async () => {
    const engine = fakeEngine(() => makeAnalysis());
    const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
    const check = (): void => {
      const lines = (ui.lastFrame() ?? '').split('\n');
      expect(lines.length).toBeLessThan(24);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    };
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    check();
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 3'));
    check();
    await press(ui, 'y');
    await press(ui, 'v');
    await waitFor(() => expect(ui.lastFrame()).toContain('of 12 affected'));
    check();
  });

  it('follows a resize of the terminal', async () => {
    const engine = fakeEngine(() => makeAnalysis());
    const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    const before = (ui.lastFrame() ?? '').split('\n').length;
    Object.defineProperty(ui.stdout, 'rows', { value: 40, configurable: true });
    ui.stdout.emit('resize');
    await waitFor(() => expect((ui.lastFrame() ?? '').split('\n').length).toBeGreaterThan(before));
    expect((ui.lastFrame() ?? '').split('\n').length).toBeLessThan(40);
  });

  it('has no colours under NO_COLOR (any non-empty value) and colours otherwise', () => {
    expect(Object.values(themeFor({ NO_COLOR: '1' })).every((tone) => tone.color === undefined)).toBe(true);
    const colours = Object.values(themeFor({})).map((tone) => tone.color);
    expect(colours.every((colour) => typeof colour === 'string' && colour !== '')).toBe(true);
    expect(themeFor({}).error.color).not.toBe(themeFor({}).success.color);
    // An empty NO_COLOR does not count (no-color.org).
    expect(themeFor({ NO_COLOR: '' }).accent.color).toBe(themeFor({}).accent.color);
  });

  it('renders the footer hints from the key table', () => {
    expect(hintsFor('reviewOptional').map((h) => h.key)).toEqual(
      (KEYS.reviewOptional as ReadonlyArray<{ hint: string }>)
        .filter((b) => b.hint !== '')
        .map((b) => b.hint),
    );
  });
});
