import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings.js';
import type { Loaded, WizardState } from '../../src/app/state/wizard-state.js';
import {
  aboveThreshold,
  acceptSuggestions,
  choiceOf,
  groupLabels,
  isQualityAction,
  isRowReviewed,
  qualityReducer,
  relabelMap,
  reviewItems,
  THRESHOLD,
  type QualityAction,
} from '../../src/app/state/quality-review.js';
import { CONFLICTING, qualityAnalysis } from './quality-fixtures.js';
import { finding } from './helpers.js';

// The quality review row by row, as pure functions: which rows make an item, what the user chose,
// and what each key does to `relabels` and `dropped`. States are built inside each test.

type Review = Extract<WizardState, { screen: 'review' }>;
const analysis = () => qualityAnalysis();
const mislabelled = (): Finding => analysis().findings[0]!;
const conflicting = (): Finding => analysis().findings[1]!;
const loaded = (over: Partial<Loaded> = {}): Loaded => ({
  analysis: analysis(),
  columnMap: undefined,
  decisions: {},
  dropped: [],
  ...over,
});
const review = (over: Partial<Review> = {}): Review => ({
  screen: 'review',
  index: 0,
  overlay: 'none',
  rowsOffset: 0,
  sequence: null,
  ...loaded(),
  ...over,
});
const act = (state: WizardState, f: Finding, ...actions: QualityAction[]) =>
  actions.reduce((s, a) => qualityReducer(s, a, f), state) as Review;

describe('items', () => {
  it('only the two row-reviewed findings with rows are reviewed row by row', () => {
    expect(isRowReviewed(mislabelled())).toBe(true);
    expect(isRowReviewed(conflicting())).toBe(true);
    expect(isRowReviewed({ ...mislabelled(), details: [] })).toBe(false);
    expect(isRowReviewed({ ...mislabelled(), details: undefined } as never)).toBe(false);
    expect(isRowReviewed(finding('duplicates', 'optional', 'x'))).toBe(false);
    expect(isRowReviewed(undefined)).toBe(false);
  });

  it('one item per flagged row; conflicting labels by group, a row without group alone', () => {
    expect(reviewItems(mislabelled()).map((i) => i.map((d) => d.row))).toEqual([[4], [9], [15]]);
    expect(reviewItems(conflicting()).map((i) => i.map((d) => d.row))).toEqual([
      [20, 21, 22],
      [30, 31],
    ]);
    const loose = {
      ...conflicting(),
      details: [...CONFLICTING, { ...CONFLICTING[0]!, row: 1, group: null }],
    };
    expect(reviewItems(loose).map((i) => i.map((d) => d.row))).toContainEqual([1]);
    expect(reviewItems({ ...mislabelled(), details: undefined } as never)).toEqual([]);
  });

  it("a group's labels, the most common first, ties in the order seen", () => {
    const [three, pair] = reviewItems(conflicting());
    expect(groupLabels(three!)).toEqual([
      { label: 'account', rows: 2 },
      { label: 'billing', rows: 1 },
    ]);
    expect(groupLabels(pair!)).toEqual([
      { label: 'hardware', rows: 1 },
      { label: 'account', rows: 1 },
    ]);
  });

  it('labels are counted whatever their order in the group', () => {
    const [three] = reviewItems(conflicting());
    const reversed = [three![1]!, three![0]!, three![2]!];
    expect(groupLabels(reversed)).toEqual([
      { label: 'account', rows: 2 },
      { label: 'billing', rows: 1 },
    ]);
  });

  it('rows at or above the threshold, 0.9 reached by steps included', () => {
    expect(aboveThreshold(mislabelled(), 0.9).map((d) => d.row)).toEqual([4, 9]);
    expect(aboveThreshold(mislabelled(), 0.95 - 0.05).map((d) => d.row)).toEqual([4, 9]);
    expect(aboveThreshold(mislabelled(), 0.96)).toEqual([]);
    expect(aboveThreshold(conflicting(), 0)).toHaveLength(5);
    expect(aboveThreshold(conflicting(), 0.01)).toEqual([]);
    expect(THRESHOLD).toEqual({ start: 0.9, step: 0.05 });
  });

  it('tells its actions from the others', () => {
    for (const type of [
      'quality-move',
      'quality-choose',
      'quality-label',
      'quality-threshold',
      'quality-relabel-above',
    ])
      expect(isQualityAction({ type })).toBe(true);
    expect(isQualityAction({ type: 'move' })).toBe(false);
    expect(isQualityAction({ type: 'toString' })).toBe(false);
  });
});

describe('choices', () => {
  it("keep until chosen; drop, mixed and relabel from the rows' fates", () => {
    const [three] = reviewItems(conflicting());
    expect(choiceOf(three!, loaded())).toEqual({ kind: 'keep' });
    expect(choiceOf(three!, loaded({ dropped: [20, 21, 22] }))).toEqual({ kind: 'drop' });
    expect(choiceOf(three!, loaded({ dropped: [21] }))).toEqual({ kind: 'mixed' });
    expect(choiceOf(three!, loaded({ relabels: { 21: 'account' } }))).toEqual({
      kind: 'relabel',
      label: 'account',
    });
    expect(choiceOf(three!, loaded({ relabels: { 20: 'billing' } }))).toEqual({ kind: 'mixed' });
  });

  it('accept rest gives each item not chosen its suggestion and leaves the chosen ones', () => {
    const start = loaded({ dropped: [4] });
    const next = acceptSuggestions(start, analysis().findings);
    expect(next.dropped).toEqual([4]);
    expect(next.relabels).toEqual({ 9: 'billing', 15: 'hardware', 21: 'account', 31: 'hardware' });
    expect(relabelMap(next)).toEqual(
      new Map([
        [9, 'billing'],
        [15, 'hardware'],
        [21, 'account'],
        [31, 'hardware'],
      ]),
    );
    expect(relabelMap(loaded()).size).toBe(0);
    // A finding not reviewed row by row is accepted as a whole elsewhere: its rows are not relabelled.
    const other = {
      ...finding('duplicates', 'optional', 'x'),
      details: [{ row: 2, label: 'a', suggested: 'b', confidence: null, group: null }],
    };
    expect(acceptSuggestions(loaded(), [other]).relabels ?? {}).toEqual({});
  });
});

describe('keys of the review', () => {
  it('moves within the items, never past either end', () => {
    expect(act(review(), mislabelled(), { type: 'quality-move', delta: 1 }).cursor).toBe(1);
    expect(act(review(), mislabelled(), { type: 'quality-move', delta: 5 }).cursor).toBe(2);
    expect(act(review({ cursor: 1 }), mislabelled(), { type: 'quality-move', delta: -5 }).cursor).toBe(0);
    // A cursor past the end (the finding shrank) is brought back.
    expect(act(review({ cursor: 9 }), mislabelled(), { type: 'quality-move', delta: 0 }).cursor).toBe(2);
  });

  it('drop, keep and the suggestion act on the item under the cursor, then go to the next', () => {
    const dropped = act(review({ cursor: 1 }), mislabelled(), { type: 'quality-choose', fate: 'drop' });
    expect(dropped).toMatchObject({ dropped: [9], cursor: 2, relabels: {} });
    const suggested = act(dropped, mislabelled(), { type: 'quality-choose', fate: 'suggested' });
    expect(suggested).toMatchObject({ dropped: [9], relabels: { 15: 'hardware' }, cursor: 2 });
    // Choosing again replaces the earlier fate: keep undoes both.
    const back = act({ ...suggested, cursor: 1 }, mislabelled(), { type: 'quality-choose', fate: 'keep' });
    expect(back).toMatchObject({ dropped: [], relabels: { 15: 'hardware' } });
    // A cursor past the end (the finding shrank) acts on the last item.
    expect(
      act(review({ cursor: 9 }), mislabelled(), { type: 'quality-choose', fate: 'drop' }).dropped,
    ).toEqual([15]);
    // On the last item the cursor stays there.
    expect(act(review({ cursor: 2 }), mislabelled(), { type: 'quality-choose', fate: 'drop' }).cursor).toBe(
      2,
    );
    const kept = act({ ...suggested, cursor: 2 }, mislabelled(), { type: 'quality-choose', fate: 'keep' });
    expect(kept.relabels).toEqual({});
  });

  it('a group takes one of its labels; a number past its labels does nothing', () => {
    const chose = act(review(), conflicting(), { type: 'quality-label', index: 1 });
    expect(chose).toMatchObject({ relabels: { 20: 'billing', 22: 'billing' }, cursor: 1 });
    const none = review();
    expect(act(none, conflicting(), { type: 'quality-label', index: 2 })).toBe(none);
  });

  it('the threshold moves by its step within 0 and 1, from 0.9', () => {
    expect(act(review(), mislabelled(), { type: 'quality-threshold', delta: 0.05 }).threshold).toBe(0.95);
    expect(act(review(), mislabelled(), { type: 'quality-threshold', delta: -0.05 }).threshold).toBe(0.85);
    expect(
      act(review({ threshold: 0.98 }), mislabelled(), { type: 'quality-threshold', delta: 0.05 }).threshold,
    ).toBe(1);
    expect(
      act(review({ threshold: 0.02 }), mislabelled(), { type: 'quality-threshold', delta: -0.05 }).threshold,
    ).toBe(0);
  });

  it('relabel every one above takes the suggestions at or above the threshold and closes the overlay', () => {
    const open = review({ overlay: 'threshold' as never });
    const next = act(open, mislabelled(), { type: 'quality-relabel-above' });
    expect(next).toMatchObject({ relabels: { 4: 'account', 9: 'billing' }, overlay: 'none' });
    const lower = act(review({ threshold: 0.85 }), mislabelled(), { type: 'quality-relabel-above' });
    expect(Object.keys(lower.relabels ?? {})).toEqual(['4', '9', '15']);
  });

  it('does nothing off the review or on a finding not reviewed row by row', () => {
    const state = review();
    expect(
      qualityReducer(state, { type: 'quality-move', delta: 1 }, finding('duplicates', 'optional', 'x')),
    ).toBe(state);
    expect(qualityReducer(state, { type: 'quality-move', delta: 1 }, undefined)).toBe(state);
    const other = { ...state, screen: 'samples', samples: null, page: 0 } as WizardState;
    expect(qualityReducer(other, { type: 'quality-move', delta: 1 }, mislabelled())).toBe(other);
  });
});
