import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { acceptedIds, type WizardAction, type WizardState } from '../../src/app/state/wizard-state.js';
import { relabelMap } from '../../src/app/state/quality-review.js';
import { fakeEngine, KEY, press, services, tempDir, waitFor } from './helpers.js';
import { qualityAnalysis } from './quality-fixtures.js';

afterEach(cleanup);

const analysis = qualityAnalysis();
const start = (index: number): WizardState => ({
  screen: 'review',
  analysis,
  columnMap: undefined,
  decisions: {},
  dropped: [],
  index,
  overlay: 'none',
  rowsOffset: 0,
  sequence: null,
});
const run = (state: WizardState, ...actions: WizardAction[]): WizardState =>
  actions.reduce(wizardReducer, state);
const review = (state: WizardState) => {
  if (state.screen !== 'review') throw new Error(`on ${state.screen}`);
  return state;
};

describe('quality review, row by row', () => {
  it('relabels, keeps and drops one flagged example at a time, moving on after each', () => {
    const relabelled = review(run(start(0), { type: 'quality-choose', fate: 'suggested' }));
    expect(relabelled.relabels).toEqual({ 4: 'account' });
    expect(relabelled.cursor).toBe(1);
    const dropped = review(run(relabelled, { type: 'quality-choose', fate: 'drop' }));
    expect(dropped.dropped).toEqual([9]);
    // Back on the first example, keep undoes the relabel; drop on it leaves the row's label alone.
    const kept = review(
      run(dropped, { type: 'quality-move', delta: -2 }, { type: 'quality-choose', fate: 'keep' }),
    );
    expect(kept.relabels).toEqual({});
    const both = review(
      run(relabelled, { type: 'quality-move', delta: -1 }, { type: 'quality-choose', fate: 'drop' }),
    );
    expect(both).toMatchObject({ relabels: {}, dropped: [4] });
  });

  it('stays on the first and last example when moved past them', () => {
    expect(review(run(start(0), { type: 'quality-move', delta: -1 })).cursor).toBe(0);
    expect(review(run(start(0), { type: 'quality-move', delta: 5 })).cursor).toBe(2);
  });

  it('relabels every example at or above the confidence chosen, and none below', () => {
    const at90 = review(
      run(start(0), { type: 'overlay', overlay: 'threshold' }, { type: 'quality-relabel-above' }),
    );
    expect(at90.relabels).toEqual({ 4: 'account', 9: 'billing' });
    expect(at90.overlay).toBe('none');
    const lowered = run(
      start(0),
      { type: 'quality-threshold', delta: -0.05 },
      { type: 'quality-relabel-above' },
    );
    expect(review(lowered).relabels).toEqual({ 4: 'account', 9: 'billing', 15: 'hardware' });
    const raised = run(
      start(0),
      { type: 'quality-threshold', delta: 0.1 },
      { type: 'quality-relabel-above' },
    );
    expect(review(raised).relabels ?? {}).toEqual({});
  });

  it('gives a conflict group its majority, a label of its own choosing, or drops it whole', () => {
    const majority = review(run(start(1), { type: 'quality-choose', fate: 'suggested' }));
    expect(majority.relabels).toEqual({ 21: 'account' });
    expect(majority.cursor).toBe(1);
    const second = review(run(start(1), { type: 'quality-label', index: 1 }));
    expect(second.relabels).toEqual({ 20: 'billing', 22: 'billing' });
    // A group has two labels here: a third does not exist.
    expect(run(start(1), { type: 'quality-label', index: 2 })).toEqual(start(1));
    expect(review(run(start(1), { type: 'quality-choose', fate: 'drop' })).dropped).toEqual([20, 21, 22]);
  });

  it('never hands the whole fix to the engine: the rows chosen carry it', () => {
    const done = run(
      start(0),
      { type: 'quality-choose', fate: 'suggested' },
      { type: 'decide', decision: 'accept' },
    );
    if (!('decisions' in done)) throw new Error('not loaded');
    expect(done.decisions['likely-mislabelled']).toBe('accept');
    expect(acceptedIds(analysis, done.decisions).has('likely-mislabelled')).toBe(false);
    expect([...relabelMap(done)]).toEqual([[4, 'account']]);
  });

  it('accept rest gives every example not chosen yet its suggestion and leaves the chosen ones', () => {
    const after = run(start(0), { type: 'quality-choose', fate: 'drop' }, { type: 'accept-rest' });
    if (!('relabels' in after)) throw new Error('no relabels');
    expect(after.relabels).toEqual({ 9: 'billing', 15: 'hardware', 21: 'account', 31: 'hardware' });
    expect(after.dropped).toEqual([4]);
  });

  it('resumes with the labels chosen, and starting over forgets them', () => {
    const saved = { decisions: {}, index: 0, dropped: [], relabels: { 4: 'account' } };
    const resume: WizardState = {
      screen: 'resume',
      analysis,
      columnMap: undefined,
      decisions: {},
      dropped: [],
      saved,
    };
    expect(review(run(resume, { type: 'resume', yes: true })).relabels).toEqual({ 4: 'account' });
    expect(review(run(resume, { type: 'resume', yes: false })).relabels ?? {}).toEqual({});
  });

  it('walks the review by keys and writes the labels chosen', async () => {
    const engine = fakeEngine(() => qualityAnalysis());
    const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Near billing 1'));
    const first = ui.lastFrame() ?? '';
    expect(first).toContain('row 4 · confidence 0.95');
    expect(first).toContain('billing → account');
    expect(first).toContain('Prompt of row 4');
    expect(first).toContain('r relabel · k keep · d drop');
    await press(ui, 'r');
    await waitFor(() => expect(ui.lastFrame()).toContain('example 2 of 3'));
    expect(ui.lastFrame()).toContain('1 relabelled · 0 dropped');
    await press(ui, 'd');
    await waitFor(() => expect(ui.lastFrame()).toContain('1 relabelled · 1 dropped'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('group 1 of 2'));
    await press(ui, '2');
    await waitFor(() => expect(ui.lastFrame()).toContain('group 2 of 2'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample prompt/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/y split/));
    await press(ui, 'y');
    await waitFor(() => expect(engine.calls.write).toHaveLength(1));
    const decisions = engine.calls.write[0];
    expect([...(decisions?.relabel ?? new Map())].sort(([a], [b]) => a - b)).toEqual([
      [4, 'account'],
      [20, 'billing'],
      [22, 'billing'],
    ]);
    expect([...(decisions?.dropped ?? [])]).toEqual([9]);
    expect(decisions?.accepted.has('likely-mislabelled')).toBe(false);
  });
});
