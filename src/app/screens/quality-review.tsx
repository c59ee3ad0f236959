import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { plural } from '../../core/numbers.js';
import { wrapLines } from '../../core/wrap.js';
import type { Engine } from '../engine.js';
import { useKeys } from '../hooks/use-keys.js';
import { useRowNeighbours } from '../hooks/use-row-neighbours.js';
import {
  aboveThreshold,
  choiceOf,
  reviewItems,
  THRESHOLD,
  type ItemChoice,
  type QualityRow,
} from '../state/quality-review.js';
import { reviewable, type WizardAction, type WizardState } from '../state/wizard-state.js';
import { ConflictGroup } from './conflict-group.js';

type ReviewState = Extract<WizardState, { screen: 'review' }>;

export interface QualityReviewProps {
  readonly state: ReviewState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly engine: Engine;
  readonly width: number;
  readonly height: number;
}

/** How a choice reads: "relabel to account", "keep billing", "drop the row" (labels without the
 * spaces around them, which a label of " sports" in the file has). */
export function choiceText(choice: ItemChoice, item: readonly QualityRow[]): string {
  const single = item.length === 1;
  switch (choice.kind) {
    case 'keep':
      return single ? `keep "${(item[0]?.label ?? '').trim()}"` : 'keep the rows as they are';
    case 'drop':
      return single ? 'drop the row' : 'drop the group';
    case 'relabel':
      return `relabel to "${choice.label.trim()}"`;
    case 'mixed':
      return 'some rows changed';
  }
}

/**
 * The likely-mislabelled and conflicting-labels findings, one example or group at a time (the keys of
 * `reviewMislabel` / `reviewConflict`): what it says, given → suggested label, the confidence, and why.
 */
export function QualityReviewScreen({ state, dispatch, engine, width, height }: QualityReviewProps) {
  const fixes = reviewable(state.analysis);
  const finding = fixes[state.index];
  const items = finding === undefined ? [] : reviewItems(finding);
  const cursor = Math.min(state.cursor ?? 0, Math.max(0, items.length - 1));
  const item = items[cursor] ?? [];
  const conflict = finding?.id === 'conflicting-labels';
  const threshold = state.threshold ?? THRESHOLD.start;
  useKeys(
    (input, key) => {
      const action = actionFor(conflict ? 'reviewConflict' : 'reviewMislabel', input, key);
      switch (action) {
        case 'relabel':
        case 'majority':
          return dispatch({ type: 'quality-choose', fate: 'suggested' });
        case 'keep':
          return dispatch({ type: 'quality-choose', fate: 'keep' });
        case 'drop':
          return dispatch({ type: 'quality-choose', fate: 'drop' });
        case 'label':
          return dispatch({ type: 'quality-label', index: Number(input) - 1 });
        case 'up':
          return dispatch({ type: 'quality-move', delta: -1 });
        case 'down':
          return dispatch({ type: 'quality-move', delta: 1 });
        case 'above':
          return dispatch({ type: 'overlay', overlay: 'threshold' });
        case 'done':
          return dispatch({ type: 'decide', decision: 'accept' });
        case 'back':
          return dispatch({ type: 'back' });
        case 'quit':
          return dispatch({ type: 'quit' });
        case undefined:
          return undefined;
      }
    },
    { isActive: state.overlay === 'none' },
  );
  useKeys(
    (input, key) => {
      switch (actionFor('threshold', input, key)) {
        case 'raise':
          return dispatch({ type: 'quality-threshold', delta: THRESHOLD.step });
        case 'lower':
          return dispatch({ type: 'quality-threshold', delta: -THRESHOLD.step });
        case 'apply':
          return dispatch({ type: 'quality-relabel-above' });
        case 'close':
          return dispatch({ type: 'overlay', overlay: 'none' });
        case 'quit':
          return dispatch({ type: 'quit' });
        case undefined:
          return undefined;
      }
    },
    { isActive: state.overlay === 'threshold' },
  );
  const flagged = item[0];
  const shown = useRowNeighbours(engine, state.analysis, {
    positions: item.map((d) => d.row),
    ...(conflict || flagged === undefined || flagged.suggested === null
      ? {}
      : { nearest: { position: flagged.row, labels: [flagged.label, flagged.suggested] } }),
  });
  if (finding === undefined) return null;
  const rowsOf = new Set((finding.details ?? []).map((d) => d.row));
  const relabelled = Object.keys(state.relabels ?? {}).filter((r) => rowsOf.has(Number(r))).length;
  const dropped = state.dropped.filter((p) => rowsOf.has(p)).length;
  const label = state.analysis.positionLabel;
  const heading = (
    <Box justifyContent="space-between" width={width}>
      <Text wrap="truncate-end">
        <Text bold>
          Fix {state.index + 1} of {fixes.length}
        </Text>
        <Text {...theme.accent}>
          {' '}
          · {conflict ? 'group' : 'example'} {cursor + 1} of {items.length}
        </Text>
      </Text>
      <Text {...theme.muted}>
        {relabelled} relabelled · {dropped} dropped
      </Text>
    </Box>
  );
  const choice = (
    <Text wrap="truncate-end">
      Your choice: <Text {...theme.accent}>{choiceText(choiceOf(item, state), item)}</Text>
    </Text>
  );
  const overlay =
    state.overlay === 'threshold' ? (
      <Box borderStyle="round" paddingX={1} flexShrink={0}>
        <Text wrap="truncate-end">
          Relabel all at confidence ≥ <Text bold>{threshold.toFixed(2)}</Text>:{' '}
          {aboveThreshold(finding, threshold).length} of {plural(items.length, 'example')}
        </Text>
      </Box>
    ) : null;
  const room = height - 2 - (overlay === null ? 0 : 3);
  if (conflict) {
    return (
      <Box flexDirection="column" height={height} overflow="hidden">
        {heading}
        <ConflictGroup item={item} shown={shown} label={label} width={width} height={room} />
        {choice}
      </Box>
    );
  }
  const d = flagged;
  if (d === undefined) return null;
  const nearest = shown.status === 'ready' ? shown.result.nearest : [];
  const perLabel = Math.max(0, ...nearest.map((n) => n.rows.length));
  // The prompt gets what the rest leaves, 1 to 4 lines.
  const promptRoom = Math.max(1, Math.min(4, room - 2 - 2 * (1 + Math.max(1, perLabel))));
  const text = shown.status === 'ready' ? shown.result.texts[0]?.prompt : undefined;
  const lines = text === undefined ? [] : wrapLines(text.replace(/\s+/g, ' ').trim(), width - 2);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {heading}
      <Text bold wrap="truncate-end">
        Likely mislabelled · {label} {d.row} · confidence {(d.confidence ?? 0).toFixed(2)}
      </Text>
      <Text wrap="truncate-end">
        <Text {...theme.removed}>{d.label.trim()}</Text> →{' '}
        <Text {...theme.added}>{(d.suggested ?? '').trim()}</Text>
        <Text {...theme.muted}> (a model that never saw it reads it so)</Text>
      </Text>
      {shown.status === 'failed' ? (
        <Text {...theme.error}>Could not read the rows: {shown.message}</Text>
      ) : shown.status === 'loading' ? (
        <Text {...theme.muted}>Reading the nearest rows…</Text>
      ) : (
        <Box flexDirection="column">
          {lines.slice(0, promptRoom).map((line, i) => (
            <Text key={i}>
              {'  '}
              {i === promptRoom - 1 && lines.length > promptRoom ? `${line.slice(0, -1)}…` : line}
            </Text>
          ))}
          {nearest.map((n) => (
            <Box key={n.label} flexDirection="column">
              <Text {...theme.muted} wrap="truncate-end">
                Nearest {label}s labelled &quot;{n.label.trim()}&quot;
                {n.label === d.label ? ' (given)' : ' (suggested)'}
                {n.rows.length === 0 ? ': none' : ''}
              </Text>
              {n.rows.map((r) => (
                <Text key={r.position} wrap="truncate-end">
                  {'  '}
                  {label} {r.position} · {Math.round(100 * r.similarity)} % alike ·{' '}
                  {r.prompt.replace(/\s+/g, ' ').trim()}
                </Text>
              ))}
            </Box>
          ))}
        </Box>
      )}
      {choice}
      {overlay}
    </Box>
  );
}
