import { useReducer } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { WizardFrame } from '../../src/app/app.js';
import { KeyRouter } from '../../src/app/hooks/use-keys.js';
import { hintsFor } from '../../src/app/keys.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { fakeEngine, makeAnalysis, services, tempDir, waitFor } from './helpers.js';
import { SCREENS } from './screen-states.js';

afterEach(cleanup);

const SERVICES = services(
  fakeEngine(() => makeAnalysis()),
  tempDir(),
  '/home/someone/projects',
);

/** Any state drawn as the wizard draws it (header, screen, footer), without its effects. */
function Still({ initial }: { readonly initial: WizardState }) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  return <WizardFrame state={state} dispatch={dispatch} services={SERVICES} />;
}

/** Renders a state in a terminal of this size. */
export function drawAt(state: WizardState, columns: number, rows: number) {
  const ui = render(
    <KeyRouter>
      <Still initial={state} />
    </KeyRouter>,
  );
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
  ui.stdout.emit('resize');
  return ui;
}

const SIZES = [
  [60, 20],
  [80, 24],
] as const;

describe.each(SIZES)('every screen at %i×%i', (columns, rows) => {
  it.each(SCREENS)('$name fits, keeps its footer and shows what matters', async ({ state, shows }) => {
    const ui = drawAt(state, columns, rows);
    const footer = hintsFor(keyContext(state));
    // The frame once it is drawn at this width: its footer is the last line with text.
    const lines = (): string[] => (ui.lastFrame() ?? '').split('\n');
    await waitFor(() => {
      expect(Math.max(...lines().map((l) => l.length))).toBeLessThanOrEqual(columns);
      for (const text of shows) expect(lines().join('\n')).toMatch(text);
    }, 3_000).finally(() => {
      if (process.env.DUMP_FRAMES)
        console.log(`${columns}x${rows}\n${ui.lastFrame()}\n${'='.repeat(columns)}`);
    });
    const frame = lines();
    expect(frame.length).toBeLessThan(rows);
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
    const ui = drawAt(list.state, 60, 20);
    await waitFor(() => expect(ui.lastFrame()).toContain('gpt-3.5-turbo-0613'));
    const rows = (ui.lastFrame() ?? '').split('\n').filter((l) => /babbage|gpt-|local-small/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const line of rows.slice(0, 5)) expect(line).toMatch(/^(› | {2})\S/);
  });
});
