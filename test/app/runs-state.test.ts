import { describe, expect, it } from 'vitest';
import { isRunsAction, runsReducer, type RunsAction, type RunsView } from '../../src/app/state/runs-state.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import type { Run } from '../../src/rescue/run-history.js';
import { jobState } from './job-fixtures.js';

// The Runs screen as pure transitions: where it opens from, the cursor's bounds, marking A and B to
// compare, and what Esc restores. States are built inside each test.

const pathState = (): WizardState => ({ screen: 'path', input: '', error: null }) as unknown as WizardState;
const RUNS = [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] as unknown as Run[];
const run = (state: WizardState, ...actions: RunsAction[]) => actions.reduce(runsReducer, state);
const listed = (): RunsView =>
  run(pathState(), { type: 'runs-open' }, { type: 'runs-loaded', runs: RUNS }) as RunsView;
const CURVES = { a: [], b: [] } as never;

describe('opening and the list', () => {
  it('opens reading from the path field and from a job panel, never from itself or elsewhere', () => {
    const from = pathState();
    expect(run(from, { type: 'runs-open' })).toEqual({
      screen: 'runs',
      runs: null,
      error: null,
      cursor: 0,
      back: from,
    });
    expect(run(jobState(), { type: 'runs-open' })).toMatchObject({ screen: 'runs' });
    const open = listed();
    expect(run(open, { type: 'runs-open' })).toBe(open);
    const other = { screen: 'load' } as unknown as WizardState;
    expect(run(other, { type: 'runs-open' })).toBe(other);
  });

  it('shows the runs from the top, or why they could not be read; late answers elsewhere change nothing', () => {
    const moved = { ...listed(), cursor: 2 };
    expect(run(moved, { type: 'runs-loaded', runs: RUNS })).toMatchObject({ runs: RUNS, cursor: 0 });
    expect(run(listed(), { type: 'runs-failed', message: 'bad' })).toMatchObject({ error: 'bad' });
    const other = pathState();
    for (const late of [
      { type: 'runs-loaded', runs: RUNS },
      { type: 'runs-failed', message: 'x' },
      { type: 'runs-move', delta: 1 },
      { type: 'runs-mark' },
      { type: 'runs-curves', curves: CURVES, notes: [] },
      { type: 'runs-back' },
    ] as RunsAction[])
      expect(run(other, late)).toBe(other);
  });

  it('moves within the runs, never past either end; nothing to move in an empty or unread list', () => {
    expect(run(listed(), { type: 'runs-move', delta: 1 })).toMatchObject({ cursor: 1 });
    expect(run(listed(), { type: 'runs-move', delta: 9 })).toMatchObject({ cursor: 2 });
    expect(run(listed(), { type: 'runs-move', delta: -1 })).toMatchObject({ cursor: 0 });
    const reading = run(pathState(), { type: 'runs-open' });
    expect(run(reading, { type: 'runs-move', delta: 1 })).toBe(reading);
    const empty = run(reading, { type: 'runs-loaded', runs: [] });
    expect(run(empty, { type: 'runs-move', delta: 1 })).toBe(empty);
  });
});

describe('comparing two runs', () => {
  it('c marks A, c on A unmarks it, c on another compares them', () => {
    const marked = run(listed(), { type: 'runs-mark' }) as RunsView;
    expect(marked.marked).toBe(0);
    const unmarked = run(marked, { type: 'runs-mark' }) as RunsView;
    expect(unmarked).toMatchObject({ screen: 'runs', runs: RUNS, marked: undefined });
    expect(unmarked.compare).toBeUndefined();
    const compared = run(marked, { type: 'runs-move', delta: 2 }, { type: 'runs-mark' }) as RunsView;
    expect(compared.marked).toBeUndefined();
    expect(compared.compare).toEqual({ a: RUNS[0], b: RUNS[2], curves: null, notes: [] });
    // While comparing, c does nothing; the curves arrive; Esc goes back to the list, then out.
    expect(run(compared, { type: 'runs-mark' })).toBe(compared);
    const drawn = run(compared, { type: 'runs-curves', curves: CURVES, notes: ['r1: offline'] }) as RunsView;
    expect(drawn.compare).toMatchObject({ a: RUNS[0], curves: CURVES, notes: ['r1: offline'] });
    const list = run(drawn, { type: 'runs-back' }) as RunsView;
    expect(list).toMatchObject({ screen: 'runs', compare: undefined });
    expect(run(list, { type: 'runs-back' })).toEqual(pathState());
  });

  it('marks nothing before the runs are read, nor past them; curves without a comparison are dropped', () => {
    const reading = run(pathState(), { type: 'runs-open' });
    expect(run(reading, { type: 'runs-mark' })).toBe(reading);
    const empty = run(reading, { type: 'runs-loaded', runs: [] });
    expect(run(empty, { type: 'runs-mark' })).toBe(empty);
    const plain = listed();
    expect(run(plain, { type: 'runs-curves', curves: CURVES, notes: [] })).toBe(plain);
  });

  it('tells its actions from the others', () => {
    expect(isRunsAction({ type: 'runs-open' })).toBe(true);
    expect(isRunsAction({ type: 'runs-back' })).toBe(true);
    expect(isRunsAction({ type: 'open-eval' })).toBe(false);
    expect(isRunsAction({ type: 'valueOf' })).toBe(false);
  });
});
