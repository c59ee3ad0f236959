import type { Finding } from '../../core/findings.js';
import { assertNever } from '../../core/errors.js';
import type { Loaded, WizardState } from './wizard-state.js';
import {
  aboveThreshold,
  groupLabels,
  isRowReviewed,
  reviewItems,
  THRESHOLD,
  type QualityAction,
  type QualityRow,
} from './quality-items.js';

export {
  aboveThreshold,
  groupLabels,
  isQualityAction,
  isRowReviewed,
  reviewItems,
  THRESHOLD,
  type QualityAction,
  type QualityRow,
} from './quality-items.js';

export type ItemChoice =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'relabel'; readonly label: string }
  | { readonly kind: 'mixed' };

/** What the user has chosen for an item so far (keep, until they choose). */
export function choiceOf(item: readonly QualityRow[], loaded: Loaded): ItemChoice {
  const dropped = new Set(loaded.dropped);
  if (item.every((d) => dropped.has(d.row))) return { kind: 'drop' };
  if (item.some((d) => dropped.has(d.row))) return { kind: 'mixed' };
  const relabels = loaded.relabels ?? {};
  if (item.every((d) => relabels[d.row] === undefined)) return { kind: 'keep' };
  const labels = new Set(item.map((d) => relabels[d.row] ?? d.label));
  const [only] = labels;
  return labels.size === 1 && only !== undefined ? { kind: 'relabel', label: only } : { kind: 'mixed' };
}

type Choice = Exclude<ItemChoice, { kind: 'mixed' }> | { readonly kind: 'suggested' };

/** The item's rows given one fate: kept as they are, dropped, or relabelled (each to its suggestion). */
function choose(loaded: Loaded, item: readonly QualityRow[], choice: Choice): Loaded {
  const rows = new Set(item.map((d) => d.row));
  const relabels: Record<string, string> = {};
  for (const [row, label] of Object.entries(loaded.relabels ?? {}))
    if (!rows.has(Number(row))) relabels[row] = label;
  const dropped = loaded.dropped.filter((p) => !rows.has(p));
  if (choice.kind === 'drop') dropped.push(...rows);
  for (const d of item) {
    const label = choice.kind === 'relabel' ? choice.label : choice.kind === 'suggested' ? d.suggested : null;
    if (label !== null && label !== d.label) relabels[d.row] = label;
  }
  return { ...loaded, relabels, dropped };
}

/** Accept rest: every item not chosen yet takes its suggestion, as accepting the whole fix would. */
export function acceptSuggestions(loaded: Loaded, findings: readonly Finding[]): Loaded {
  let next = loaded;
  for (const finding of findings.filter(isRowReviewed))
    for (const item of reviewItems(finding))
      if (choiceOf(item, next).kind === 'keep') next = choose(next, item, { kind: 'suggested' });
  return next;
}

/** Labels the user chose, as the engine takes them (source position → label). */
export function relabelMap(loaded: Loaded): ReadonlyMap<number, string> {
  return new Map(Object.entries(loaded.relabels ?? {}).map(([row, label]) => [Number(row), label]));
}

type Review = Extract<WizardState, { screen: 'review' }>;

/** The row-by-row review of a quality finding: moves, choices and "relabel every one above". */
export function qualityReducer(
  state: WizardState,
  action: QualityAction,
  finding: Finding | undefined,
): WizardState {
  if (state.screen !== 'review' || !isRowReviewed(finding)) return state;
  const items = reviewItems(finding);
  const cursor = Math.min(state.cursor ?? 0, items.length - 1);
  const item = items[cursor] ?? [];
  const advance = (next: Review): Review => ({ ...next, cursor: Math.min(items.length - 1, cursor + 1) });
  switch (action.type) {
    case 'quality-move':
      return { ...state, cursor: Math.max(0, Math.min(items.length - 1, cursor + action.delta)) };
    case 'quality-choose':
      return advance({ ...state, ...choose(state, item, { kind: action.fate }) });
    case 'quality-label': {
      const label = groupLabels(item)[action.index]?.label;
      if (label === undefined) return state;
      return advance({ ...state, ...choose(state, item, { kind: 'relabel', label }) });
    }
    case 'quality-threshold': {
      const value = (state.threshold ?? THRESHOLD.start) + action.delta;
      return { ...state, threshold: Math.max(0, Math.min(1, Math.round(value * 100) / 100)) };
    }
    case 'quality-relabel-above': {
      let next: Loaded = state;
      for (const d of aboveThreshold(finding, state.threshold ?? THRESHOLD.start))
        next = choose(next, [d], { kind: 'suggested' });
      return { ...state, ...next, overlay: 'none' };
    }
    default:
      return assertNever(action);
  }
}
