import { describe, expect, it } from 'vitest';
import {
  initialState,
  sequenceKey,
  shownFinding,
  type Loaded,
  type SavedReview,
  type WizardAction,
  type WizardState,
} from '../../src/app/state/wizard-state.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { finding, makeAnalysis } from './helpers.js';

// The wizard's screens as pure transitions: what each key leads to, what going back keeps, and that
// an action meant for another screen (a late effect) changes nothing.

const run = (state: WizardState, ...actions: WizardAction[]): WizardState =>
  actions.reduce(wizardReducer, state);

function on<S extends WizardState['screen']>(
  state: WizardState,
  screen: S,
): Extract<WizardState, { screen: S }> {
  expect(state.screen).toBe(screen);
  return state as Extract<WizardState, { screen: S }>;
}

const base: Loaded = { analysis: makeAnalysis(), columnMap: undefined, decisions: {}, dropped: [] };
const reading: WizardState = { screen: 'reading', path: '/d/t.csv', columnMap: undefined, progress: null };
const summary: WizardState = { screen: 'summary', ...base, saved: null };
const review = (index = 0, extra: Partial<Loaded> = {}): WizardState => ({
  screen: 'review',
  ...base,
  ...extra,
  index,
  overlay: 'none',
  rowsOffset: 0,
  sequence: null,
});
const samples = (n: number, page = 0, dropped: number[] = []): WizardState => ({
  screen: 'samples',
  ...base,
  dropped,
  samples: Array.from({ length: n }, (_, i) => ({ position: 10 + i, example: { fields: [] } })),
  page,
});
const writing: WizardState = {
  screen: 'writing',
  ...base,
  split: true,
  output: { name: null, force: false, stratify: true },
};
const exists = (naming = false, analysis = base.analysis): WizardState => ({
  screen: 'exists',
  ...base,
  analysis,
  split: true,
  paths: ['/d/t_prepared_train.jsonl'],
  suggestion: 't2',
  output: { name: null, force: false, stratify: true },
  naming,
});

describe('first screen', () => {
  it('without a file is an empty path field with nothing suggested', () => {
    expect(initialState(undefined)).toEqual({ screen: 'path', path: '', candidates: [], message: null });
    expect(initialState(undefined, ['local'])).toEqual({
      screen: 'path',
      path: '',
      candidates: [],
      message: null,
    });
  });
});

describe('provider question', () => {
  const asking = () => initialState('a.csv', ['openai', 'local', 'together']);

  it('is asked only when two or more providers have keys', () => {
    expect(initialState('a.csv', ['openai']).screen).toBe('reading');
    expect(on(asking(), 'provider')).toMatchObject({ cursor: 0, chosen: null, then: { screen: 'reading' } });
  });

  it('wraps the cursor both ways and chooses the one under it', () => {
    expect(on(run(asking(), { type: 'provider-move', delta: -1 }), 'provider').cursor).toBe(2);
    expect(on(run(asking(), { type: 'provider-move', delta: 4 }), 'provider').cursor).toBe(1);
    const chosen = run(asking(), { type: 'provider-move', delta: 1 }, { type: 'provider-choose' });
    expect(on(chosen, 'provider').chosen).toBe('local');
  });

  it('once chosen, ignores moves and a second choice, then goes on once remembered', () => {
    const chosen = run(asking(), { type: 'provider-choose' });
    expect(run(chosen, { type: 'provider-move', delta: 1 })).toBe(chosen);
    expect(run(chosen, { type: 'provider-choose' })).toBe(chosen);
    expect(run(chosen, { type: 'provider-remembered' })).toMatchObject({ screen: 'reading', path: 'a.csv' });
    // Not remembered before a choice.
    const unchosen = asking();
    expect(run(unchosen, { type: 'provider-remembered' })).toBe(unchosen);
  });
});

describe('reading a file', () => {
  it('edits the path, clearing the last message; an edit without candidates lists none', () => {
    const path: WizardState = { screen: 'path', path: 'x', candidates: ['x.csv'], message: 'not found' };
    expect(run(path, { type: 'path-edit', path: 'y' })).toEqual({
      screen: 'path',
      path: 'y',
      candidates: [],
      message: null,
    });
    expect(on(run(path, { type: 'path-edit', path: 'y', candidates: ['y.csv'] }), 'path').candidates).toEqual(
      ['y.csv'],
    );
    expect(run(reading, { type: 'path-edit', path: 'y' })).toBe(reading);
  });

  it('shows progress only while reading', () => {
    const progress = { bytesRead: 1, totalBytes: 2 };
    expect(on(run(reading, { type: 'progress', progress }), 'reading').progress).toEqual(progress);
    expect(run(summary, { type: 'progress', progress })).toBe(summary);
  });

  it('asks for the sheet of a workbook once, then reads the sheet chosen', () => {
    const sheets = [
      { name: 'A', rows: 3 },
      { name: 'B', rows: 4 },
      { name: 'C', rows: 5 },
    ];
    const pick = on(run(reading, { type: 'sheets-found', sheets }), 'pick-sheet');
    expect(pick).toMatchObject({ path: '/d/t.csv', cursor: 0, sheets });
    expect(run({ ...reading, sheet: 'A' }, { type: 'sheets-found', sheets }).screen).toBe('reading');
    expect(on(run(pick, { type: 'sheet-move', delta: -1 }), 'pick-sheet').cursor).toBe(2);
    expect(on(run(pick, { type: 'sheet-move', delta: 1 }), 'pick-sheet').cursor).toBe(1);
    expect(run(pick, { type: 'sheet-move', delta: 1 }, { type: 'sheet-choose' })).toEqual({
      screen: 'reading',
      path: '/d/t.csv',
      columnMap: undefined,
      progress: null,
      sheet: 'B',
    });
    expect(on(run(pick, { type: 'sheet-choose', index: 0 }), 'reading').sheet).toBe('A');
    expect(run(pick, { type: 'sheet-choose', index: 5 })).toBe(pick);
    expect(run(reading, { type: 'sheet-move', delta: 1 })).toBe(reading);
    expect(run(reading, { type: 'sheet-choose' })).toBe(reading);
  });

  it('a late analysis or failure on another screen changes nothing', () => {
    expect(run(summary, { type: 'analysis-done', analysis: makeAnalysis(), saved: null })).toBe(summary);
    expect(run(summary, { type: 'analysis-failed', message: 'x' })).toBe(summary);
  });

  it('a failed read returns to the path field with the reason, keeping the path', () => {
    expect(run(reading, { type: 'analysis-failed', message: 'no such file' })).toEqual({
      screen: 'path',
      path: '/d/t.csv',
      candidates: [],
      message: 'no such file',
    });
  });

  it('a file without prompt/completion asks for the columns; without columns it fails', () => {
    const error = { id: 'missing-column', message: 'no prompt column' } as const;
    const analysis = makeAnalysis({ error, columns: ['q', 'a'], firstRow: null } as never);
    const map = on(
      run({ ...reading, sheet: 'S' }, { type: 'analysis-done', analysis, saved: null }),
      'map-columns',
    );
    expect(map).toMatchObject({ columns: ['q', 'a'], field: 'prompt', cursor: 0, prompt: null, sheet: 'S' });
    expect(map.firstRow).toBeNull();
    const noSheet = run(reading, { type: 'analysis-done', analysis, saved: null });
    expect('sheet' in noSheet).toBe(false);
    const bare = makeAnalysis({ error, columns: [] } as never);
    expect(run(reading, { type: 'analysis-done', analysis: bare, saved: null }).screen).toBe('failed');
    const other = makeAnalysis({ error: { id: 'not-utf8', message: 'x' }, columns: ['q'] } as never);
    expect(run(reading, { type: 'analysis-done', analysis: other, saved: null }).screen).toBe('failed');
  });

  it('a good analysis starts the summary with no decisions and the saved review offered', () => {
    const saved: SavedReview = { decisions: { duplicates: 'reject' }, index: 1, dropped: [] };
    const state = on(run(reading, { type: 'analysis-done', analysis: makeAnalysis(), saved }), 'summary');
    expect(state).toMatchObject({ decisions: {}, dropped: [], saved });
  });

  it('"other file" goes to the path field with the file in use', () => {
    expect(run(summary, { type: 'other-file' })).toEqual({
      screen: 'path',
      path: '/data/tickets.csv',
      candidates: [],
      message: null,
    });
    expect(on(run(reading, { type: 'other-file' }), 'path').path).toBe('/d/t.csv');
    expect(on(run({ screen: 'exit', farewell: null }, { type: 'other-file' }), 'path').path).toBe('');
  });
});

describe('mapping columns', () => {
  const map: WizardState = {
    screen: 'map-columns',
    path: '/d/t.csv',
    columns: ['q', 'a', 'n'],
    field: 'prompt',
    cursor: 0,
    prompt: null,
    firstRow: null,
    message: 'old',
  };

  it('wraps the cursor and clears the message', () => {
    expect(run(map, { type: 'map-move', delta: -1 })).toMatchObject({ cursor: 2, message: null });
    expect(run(reading, { type: 'map-move', delta: 1 })).toBe(reading);
    expect(run(reading, { type: 'map-choose' })).toBe(reading);
  });

  it('takes the prompt, then the completion, and reads again with the mapping', () => {
    const second = run(map, { type: 'map-move', delta: 1 }, { type: 'map-choose' });
    expect(second).toMatchObject({ field: 'completion', prompt: 'a', cursor: 0 });
    expect(run(second, { type: 'map-choose' })).toEqual({
      screen: 'reading',
      path: '/d/t.csv',
      columnMap: { prompt: 'a', completion: 'q' },
      progress: null,
    });
    expect(
      on(
        run(
          { ...map, sheet: 'S' },
          { type: 'map-choose' },
          { type: 'map-move', delta: 2 },
          { type: 'map-choose' },
        ),
        'reading',
      ).sheet,
    ).toBe('S');
  });

  it('refuses the prompt column as the completion', () => {
    const second = run(map, { type: 'map-choose' });
    expect(run(second, { type: 'map-choose' })).toMatchObject({
      screen: 'map-columns',
      message: '"q" is already the prompt: choose another column.',
    });
  });
});

describe('summary and saved review', () => {
  const saved: SavedReview = {
    decisions: { 'extra-columns': 'accept', duplicates: 'reject' },
    index: 2,
    dropped: [7],
    systemMessage: 'Be brief.',
    relabels: { '3': 'b' },
  };

  it('Enter starts the review, or asks about the saved one', () => {
    expect(run(summary, { type: 'next' })).toMatchObject({ screen: 'review', index: 0, overlay: 'none' });
    expect(run({ ...summary, saved }, { type: 'next' })).toMatchObject({ screen: 'resume', saved });
    expect(run(review(), { type: 'next' })).toEqual(review());
  });

  it('resuming keeps every saved decision and goes to the saved fix', () => {
    const state = on(run({ ...summary, saved }, { type: 'next' }, { type: 'resume', yes: true }), 'review');
    expect(state).toMatchObject({
      index: 2,
      decisions: saved.decisions,
      dropped: [7],
      systemMessage: 'Be brief.',
      relabels: { '3': 'b' },
    });
  });

  it('resuming a review saved at its end goes on to the samples', () => {
    const done = { ...saved, index: 9 };
    expect(run({ ...summary, saved: done }, { type: 'next' }, { type: 'resume', yes: true }).screen).toBe(
      'samples',
    );
  });

  it('resuming a review without a system message or relabels adds none', () => {
    const plain: SavedReview = { decisions: {}, index: 0, dropped: [] };
    const state = run({ ...summary, saved: plain }, { type: 'next' }, { type: 'resume', yes: true });
    expect('systemMessage' in state).toBe(false);
    expect('relabels' in state).toBe(false);
  });

  it('starting over forgets the saved decisions', () => {
    const state = on(run({ ...summary, saved }, { type: 'next' }, { type: 'resume', yes: false }), 'review');
    expect(state).toMatchObject({ index: 0, decisions: {}, dropped: [] });
    expect(run(summary, { type: 'resume', yes: true })).toBe(summary);
  });

  it('Esc on the question keeps the saved review for the next Enter', () => {
    const back = run({ ...summary, saved }, { type: 'next' }, { type: 'back' });
    expect(on(back, 'summary').saved).toEqual(saved);
  });
});

describe('review', () => {
  it('records an accepted optional fix and moves to the next, keeping the counted sequence', () => {
    const sequence = { key: 'k', findings: [] };
    const state = run({ ...review(1), sequence } as WizardState, { type: 'decide', decision: 'accept' });
    expect(on(state, 'review')).toMatchObject({ index: 2, decisions: { duplicates: 'accept' }, sequence });
  });

  it('the last decision leads to the samples', () => {
    expect(run(review(2), { type: 'decide', decision: 'reject' }).screen).toBe('samples');
    expect(run(summary, { type: 'decide', decision: 'accept' })).toBe(summary);
    expect(run(review(5), { type: 'decide', decision: 'accept' })).toEqual(review(5));
  });

  it('going back shows the previous fix with its decision, the rows closed and scrolled to the top', () => {
    const state = run(review(1), { type: 'decide', decision: 'reject' }, { type: 'back' });
    expect(on(state, 'review')).toMatchObject({
      index: 1,
      overlay: 'none',
      rowsOffset: 0,
      decisions: { duplicates: 'reject' },
    });
    const opened = { ...review(2), overlay: 'rows', rowsOffset: 4 } as WizardState;
    expect(run(opened, { type: 'back' })).toMatchObject({ index: 1, overlay: 'none', rowsOffset: 0 });
  });

  it('accept-rest keeps a fix rejected after going back', () => {
    const state = run(
      review(1),
      { type: 'decide', decision: 'reject' },
      { type: 'back' },
      { type: 'back' },
      { type: 'accept-rest' },
    );
    expect(on(state, 'samples').decisions).toEqual({
      'extra-columns': 'accept',
      duplicates: 'reject',
      'completion-leading-space': 'accept',
    });
    expect(run(summary, { type: 'accept-rest' })).toBe(summary);
  });

  it('accept-rest leaves the fixes before the current one undecided', () => {
    const state = run(review(2), { type: 'accept-rest' });
    expect(on(state, 'samples').decisions).toEqual({ 'completion-leading-space': 'accept' });
  });

  it('opens and closes overlays, scrolling the rows back to the top', () => {
    const state = run({ ...review(), rowsOffset: 3 } as WizardState, { type: 'overlay', overlay: 'rows' });
    expect(state).toMatchObject({ overlay: 'rows', rowsOffset: 0 });
    expect(run(summary, { type: 'overlay', overlay: 'help' })).toBe(summary);
  });

  it('scrolls the rows, never above the first', () => {
    expect(run(review(), { type: 'rows-offset', offset: 4 })).toMatchObject({ rowsOffset: 4 });
    expect(run(review(), { type: 'rows-offset', offset: -2 })).toMatchObject({ rowsOffset: 0 });
    expect(run(summary, { type: 'rows-offset', offset: 1 })).toBe(summary);
  });

  it('takes counted sequences only on the review', () => {
    const sequence = { key: 'k', findings: [] };
    expect(run(review(), { type: 'sequence-counted', sequence })).toMatchObject({ sequence });
    expect(run(summary, { type: 'sequence-counted', sequence })).toBe(summary);
  });
});

describe('system message', () => {
  const chat = makeAnalysis({
    dataFormat: 'chat',
    findings: [finding('add-system-message', 'optional', 'Add a system message.')],
  });
  const chatReview: WizardState = { ...(review() as object), analysis: chat } as WizardState;

  it('keeps the user text trimmed and closes the field', () => {
    const state = run({ ...chatReview, overlay: 'system' } as WizardState, {
      type: 'system-message',
      text: '  Answer in French.  ',
    });
    expect(state).toMatchObject({ systemMessage: 'Answer in French.', overlay: 'none' });
  });

  it('an empty text, or the one proposed, is no text of the user', () => {
    const own = run(chatReview, { type: 'system-message', text: 'Mine.' });
    expect('systemMessage' in run(own, { type: 'system-message', text: '   ' })).toBe(false);
    expect(run(summary, { type: 'system-message', text: 'x' })).toBe(summary);
  });

  it('typing the message proposed keeps none of the user', () => {
    const plan = { kind: 'chat', context: { systemMessage: 'Proposed.' } } as never;
    const proposed = { ...chatReview, analysis: { ...chat, plan } } as WizardState;
    const own = run(proposed, { type: 'system-message', text: 'Mine.' });
    expect(own).toMatchObject({ systemMessage: 'Mine.' });
    expect('systemMessage' in run(own, { type: 'system-message', text: ' Proposed. ' })).toBe(false);
  });

  it('a custom message makes the sequence count again', () => {
    const own = on(run(chatReview, { type: 'system-message', text: 'Mine.' }), 'review');
    expect(shownFinding(own)).toMatchObject({ counting: true });
    const counted = { ...own, sequence: { key: sequenceKey(own), findings: [] } };
    expect(shownFinding(counted)).toMatchObject({ counting: false, finding: { id: 'add-system-message' } });
    expect(shownFinding(on(chatReview, 'review'))).toMatchObject({ counting: false });
  });
});

describe('shown finding', () => {
  it('is counted again after an accepted optional fix, and read from the sequence once counted', () => {
    const accepted = on(review(2, { decisions: { duplicates: 'accept' } }), 'review');
    expect(shownFinding(accepted).counting).toBe(true);
    const recounted = finding('completion-leading-space', 'optional', 'Now 12 completions.');
    const counted = { ...accepted, sequence: { key: sequenceKey(accepted), findings: [recounted] } };
    expect(shownFinding(counted)).toEqual({ finding: recounted, counting: false });
    const stale = { ...accepted, sequence: { key: 'old', findings: [recounted] } };
    expect(shownFinding(stale).counting).toBe(true);
  });

  it('is the analysis own after rejected fixes only, and for a necessary fix', () => {
    const rejected = on(review(2, { decisions: { duplicates: 'reject' } }), 'review');
    expect(shownFinding(rejected)).toMatchObject({
      counting: false,
      finding: { message: 'Completions should start with a space.' },
    });
    expect(shownFinding(on(review(0, { decisions: { duplicates: 'accept' } }), 'review')).counting).toBe(
      false,
    );
  });

  it('sequence keys differ by accepted fixes and system message, not by rejected ones', () => {
    const key = (extra: Partial<Loaded>) => sequenceKey({ ...base, ...extra });
    expect(key({ decisions: { duplicates: 'reject' } })).toBe(key({}));
    expect(key({ decisions: { duplicates: 'accept' } })).not.toBe(key({}));
    expect(key({ systemMessage: 'x' })).not.toBe(key({}));
  });
});

describe('samples', () => {
  it('pages within the samples, never past the last or before the first', () => {
    expect(on(run(samples(3), { type: 'sample-page', delta: 1 }), 'samples').page).toBe(1);
    expect(on(run(samples(3, 2), { type: 'sample-page', delta: 1 }), 'samples').page).toBe(2);
    expect(on(run(samples(3), { type: 'sample-page', delta: -1 }), 'samples').page).toBe(0);
    expect(on(run(samples(0), { type: 'sample-page', delta: 1 }), 'samples').page).toBe(0);
    const waiting = { ...samples(0), samples: null } as WizardState;
    expect(run(waiting, { type: 'sample-page', delta: 1 })).toBe(waiting);
  });

  it('loads the samples on the first page', () => {
    const loadedSamples = [{ position: 1, example: { fields: [] } }];
    expect(run(samples(3, 2), { type: 'samples-loaded', samples: loadedSamples })).toMatchObject({
      page: 0,
      samples: loadedSamples,
    });
    expect(run(summary, { type: 'samples-loaded', samples: loadedSamples })).toBe(summary);
  });

  it('keeps the count of examples to write on the split question, and only there', () => {
    const split: WizardState = { screen: 'split', ...base };
    expect(on(run(split, { type: 'split-counted', kept: 37 }), 'split').kept).toBe(37);
    expect(run(summary, { type: 'split-counted', kept: 37 })).toBe(summary);
    // Back to the samples and forward again: the drops may have changed, so it is counted again.
    const again = run(split, { type: 'split-counted', kept: 37 }, { type: 'back' });
    expect(on(again, 'samples')).not.toHaveProperty('kept');
  });

  it('drops the shown sample and keeps it again on a second press', () => {
    const dropped = run(samples(3, 1, [4]), { type: 'sample-toggle' });
    expect(on(dropped, 'samples').dropped).toEqual([4, 11]);
    expect(on(run(dropped, { type: 'sample-toggle' }), 'samples').dropped).toEqual([4]);
    const none = { ...samples(0), samples: null } as WizardState;
    expect(run(none, { type: 'sample-toggle' })).toBe(none);
    expect(run(summary, { type: 'sample-toggle' })).toBe(summary);
  });

  it('goes back to the last fix, or to the summary when there was none', () => {
    expect(run(samples(1), { type: 'back' })).toMatchObject({ screen: 'review', index: 2 });
    const noFixes = { ...samples(1), analysis: makeAnalysis({ findings: [] }) } as WizardState;
    expect(run(noFixes, { type: 'back' }).screen).toBe('samples');
  });

  it('goes on to the split question for classification only', () => {
    expect(run(samples(1), { type: 'samples-done' })).toMatchObject({ screen: 'split' });
    expect(run(summary, { type: 'samples-done' })).toBe(summary);
  });
});

describe('split and writing', () => {
  const split: WizardState = { screen: 'split', ...base };

  it('writes with the split and stratification asked for', () => {
    expect(run(split, { type: 'split', split: true, stratify: true })).toMatchObject({
      screen: 'writing',
      split: true,
      output: { name: null, force: false, stratify: true },
    });
    expect(on(run(split, { type: 'split', split: true }), 'writing').output.stratify).toBe(false);
    expect(on(run(split, { type: 'split', split: false, stratify: true }), 'writing').output.stratify).toBe(
      false,
    );
    expect(run(summary, { type: 'split', split: true })).toBe(summary);
  });

  it('Esc on the split question goes back to the samples', () => {
    expect(run(split, { type: 'back' })).toMatchObject({ screen: 'samples', samples: null, page: 0 });
    expect(run(writing, { type: 'back' })).toBe(writing);
  });

  it('asks before replacing files, keeping the output chosen', () => {
    const state = run(writing, { type: 'output-exists', paths: ['/x'], suggestion: 's' });
    expect(state).toMatchObject({
      screen: 'exists',
      split: true,
      paths: ['/x'],
      suggestion: 's',
      naming: false,
    });
    expect(on(state, 'exists').output.stratify).toBe(true);
    expect(run(summary, { type: 'output-exists', paths: [], suggestion: '' })).toBe(summary);
  });

  it('overwrite writes again with force; name opens the field and ask closes it', () => {
    expect(run(exists(), { type: 'output-choice', choice: 'overwrite' })).toMatchObject({
      screen: 'writing',
      split: true,
      output: { force: true, stratify: true },
    });
    expect(run(exists(), { type: 'output-choice', choice: 'name' })).toMatchObject({ naming: true });
    expect(run(exists(true), { type: 'output-choice', choice: 'ask' })).toMatchObject({ naming: false });
    expect(run(summary, { type: 'output-choice', choice: 'name' })).toBe(summary);
  });

  it('back goes to the split question for classification, else to the samples', () => {
    expect(run(exists(), { type: 'output-choice', choice: 'back' }).screen).toBe('split');
    const gen = makeAnalysis({ taskType: 'conditional generation' });
    expect(run(exists(false, gen), { type: 'output-choice', choice: 'back' })).toMatchObject({
      screen: 'samples',
      samples: null,
      page: 0,
    });
  });

  it('a new name is trimmed, loses its .jsonl, and must be a plain name', () => {
    const named = run(exists(true), { type: 'output-name', name: '  mine.JSONL ' });
    expect(named).toMatchObject({
      screen: 'writing',
      output: { name: 'mine', force: false, stratify: true },
    });
    for (const bad of ['', '  ', '.jsonl', 'a/b', 'a\\b']) {
      expect(run(exists(true), { type: 'output-name', name: bad }).screen).toBe('exists');
    }
    expect(on(run(exists(true), { type: 'output-name', name: 'x.jsonl.bak' }), 'writing').output.name).toBe(
      'x.jsonl.bak',
    );
    expect(run(summary, { type: 'output-name', name: 'x' })).toBe(summary);
  });

  it('shows the result or the error once written', () => {
    const result = { outputs: [] } as never;
    expect(run(writing, { type: 'written', result })).toMatchObject({
      screen: 'written',
      result,
      message: null,
    });
    expect(run(writing, { type: 'write-failed', message: 'disk full' })).toMatchObject({
      screen: 'written',
      result: null,
      message: 'disk full',
    });
    expect(run(summary, { type: 'written', result })).toBe(summary);
    expect(run(summary, { type: 'write-failed', message: 'x' })).toBe(summary);
  });

  it("takes the written rows' analysis (their token figures) when it comes with the result", () => {
    const result = { outputs: [] } as never;
    const counted = makeAnalysis({ input: '/d/t.csv', examples: 37 });
    expect(on(run(writing, { type: 'written', result, analysis: counted }), 'written').analysis).toBe(
      counted,
    );
    expect(on(run(writing, { type: 'written', result }), 'written').analysis).toBe(
      (writing as Extract<WizardState, { screen: 'writing' }>).analysis,
    );
  });

  it('quits with or without a farewell', () => {
    expect(run(summary, { type: 'quit' })).toEqual({ screen: 'exit', farewell: null });
    expect(run(summary, { type: 'quit', farewell: 'bye' })).toEqual({ screen: 'exit', farewell: 'bye' });
  });
});

describe('actions that do not belong to the screen', () => {
  const path: WizardState = { screen: 'path', path: 'x', candidates: [], message: null };

  it('provider keys, a found sheet list or a decision change nothing elsewhere', () => {
    const late: WizardAction[] = [
      { type: 'provider-move', delta: 1 },
      { type: 'provider-choose' },
      { type: 'provider-remembered' },
      { type: 'sheets-found', sheets: [{ name: 'A', rows: 1 }] },
      { type: 'decide', decision: 'accept' },
      { type: 'sample-page', delta: 1 },
    ];
    for (const action of late) {
      expect(run(summary, action), action.type).toBe(summary);
      expect(run(path, action), action.type).toBe(path);
    }
  });

  it('each family of actions reaches its own reducer', () => {
    // A family not routed falls to the end of the switch, which throws.
    const actions: WizardAction[] = [
      { type: 'choose-model' },
      { type: 'open-eval' },
      { type: 'rescue-open' },
      { type: 'runs-open' },
      { type: 'quality-move', delta: 1 },
    ];
    for (const action of actions) expect(() => run(summary, action), action.type).not.toThrow();
    expect(run(path, { type: 'runs-open' })).toMatchObject({ screen: 'runs', back: path });
  });
});

describe('opening a file', () => {
  it('reads the path given, with the columns mapped', () => {
    const columnMap = { prompt: 'q', completion: 'a' };
    expect(run(summary, { type: 'open', path: '/d/u.csv', columnMap })).toEqual({
      screen: 'reading',
      path: '/d/u.csv',
      columnMap,
      progress: null,
    });
  });

  it('the column question shows the first row of the file', () => {
    const firstRow = { fields: [{ label: 'q', text: 'Printer jams' }] };
    const error = { id: 'missing-column', message: 'no prompt column' } as const;
    const analysis = makeAnalysis({ error, columns: ['q'], firstRow } as never);
    expect(run(reading, { type: 'analysis-done', analysis, saved: null })).toMatchObject({ firstRow });
  });

  it('a mapping made without a sheet reads without one', () => {
    const map: WizardState = {
      screen: 'map-columns',
      path: '/d/t.csv',
      columns: ['q', 'a'],
      field: 'completion',
      cursor: 1,
      prompt: 'q',
      firstRow: null,
      message: null,
    };
    expect('sheet' in run(map, { type: 'map-choose' })).toBe(false);
  });
});

describe('shown finding, around the current fix', () => {
  const mixed = makeAnalysis({
    findings: [
      finding('duplicates', 'optional', 'Repeats.'),
      finding('extra-columns', 'necessary', 'Extra columns.'),
      finding('completion-leading-space', 'optional', 'Spaces.'),
    ],
  });
  const at = (index: number, extra: Partial<Loaded> = {}) =>
    on({ ...review(index, extra), analysis: mixed } as WizardState, 'review');

  it('a necessary fix is never counted again, even after an accepted one', () => {
    expect(shownFinding(at(1, { decisions: { duplicates: 'accept' } })).counting).toBe(false);
  });

  it('only accepted optional fixes before this one count, not later ones nor necessary ones', () => {
    expect(shownFinding(at(0, { decisions: { 'completion-leading-space': 'accept' } })).counting).toBe(false);
    expect(shownFinding(at(2, { decisions: { 'extra-columns': 'accept' } })).counting).toBe(false);
    expect(shownFinding(at(2, { decisions: { duplicates: 'accept' } })).counting).toBe(true);
  });

  it('a system message of the user counts only for the system-message fix', () => {
    expect(shownFinding(at(2, { systemMessage: 'Mine.' })).counting).toBe(false);
  });

  it('takes this fix from the recounted ones, not the first of them', () => {
    const state = at(2, { decisions: { duplicates: 'accept' } });
    const other = finding('duplicates', 'optional', 'Recounted repeats.');
    const mine = finding('completion-leading-space', 'optional', 'Recounted spaces.');
    const counted = { ...state, sequence: { key: sequenceKey(state), findings: [other, mine] } };
    expect(shownFinding(counted).finding).toBe(mine);
  });
});
