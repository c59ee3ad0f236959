import { describe, expect, it } from 'vitest';
import { acceptedIds, initialState, type WizardState } from '../../src/app/state/wizard-state.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { makeAnalysis } from './helpers.js';

function reviewing(): WizardState {
  let state = initialState('/data/tickets.csv');
  state = wizardReducer(state, { type: 'analysis-done', analysis: makeAnalysis(), saved: null });
  return wizardReducer(state, { type: 'next' });
}

describe('wizard reducer', () => {
  it('starts on the path field without a file and reads the file given on the command line', () => {
    expect(initialState(undefined).screen).toBe('path');
    expect(initialState('a.csv')).toMatchObject({ screen: 'reading', path: 'a.csv' });
  });

  it('accept-rest accepts only undecided fixes and moves on to samples', () => {
    let state = reviewing();
    state = wizardReducer(state, { type: 'decide', decision: 'accept' });
    state = wizardReducer(state, { type: 'decide', decision: 'reject' });
    state = wizardReducer(state, { type: 'accept-rest' });
    expect(state.screen).toBe('samples');
    if (state.screen !== 'samples') return;
    expect(state.decisions).toEqual({
      'extra-columns': 'accept',
      duplicates: 'reject',
      'completion-leading-space': 'accept',
    });
    expect([...acceptedIds(state.analysis, state.decisions)]).toEqual(['completion-leading-space']);
  });

  it('declining a necessary fix opens the quit question instead of recording it', () => {
    const state = wizardReducer(reviewing(), { type: 'decide', decision: 'reject' });
    expect(state).toMatchObject({ screen: 'review', index: 0, overlay: 'decline' });
    expect(keyContext(state)).toBe('decline');
  });

  it('goes back from the first fix to the summary', () => {
    const state = wizardReducer(reviewing(), { type: 'back' });
    expect(state.screen).toBe('summary');
  });

  it('skips the split question when the data is not classification', () => {
    let state = initialState('/data/x.jsonl');
    const analysis = makeAnalysis({ taskType: 'conditional generation', findings: [] });
    state = wizardReducer(state, { type: 'analysis-done', analysis, saved: null });
    state = wizardReducer(state, { type: 'next' });
    expect(state.screen).toBe('samples');
    state = wizardReducer(state, { type: 'samples-done' });
    expect(state).toMatchObject({ screen: 'writing', split: false });
  });
});
