import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { ExampleDiff, previewRowHeight } from '../components/example-diff.js';
import { plural } from '../../core/numbers.js';
import { wrapLines } from '../../core/wrap.js';
import type { Engine } from '../engine.js';
import {
  acceptedIds,
  reviewable,
  sequenceKey,
  shownFinding,
  type WizardAction,
  type WizardState,
} from '../state/wizard-state.js';
import { chosenSystemMessage, proposedSystemMessage } from '../state/system-message.js';
import { SystemMessageField } from './system-message-field.js';
import { AffectedRows } from './affected-rows.js';
import { ReviewHelp } from './review-help.js';
import { useKeys } from '../hooks/use-keys.js';
import { isRowReviewed } from '../state/quality-review.js';
import { QualityReviewScreen } from './quality-review.js';

type ReviewState = Extract<WizardState, { screen: 'review' }>;

/** Rows the text above the preview takes, given the width (wrapped detail included). */
function textHeight(message: string, detail: string, affects: string, width: number): number {
  const lines = (text: string): number => wrapLines(text, width).length;
  return 1 + lines(message) + (detail === '' ? 0 : lines(detail)) + lines(affects) + 1;
}

/** One finding per screen: what, why, how many rows, a before/after preview; accept or reject. */
export function ReviewScreen({
  state,
  dispatch,
  engine,
  width,
  height,
}: {
  readonly state: ReviewState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly engine: Engine;
  readonly width: number;
  readonly height: number;
}) {
  const fixes = reviewable(state.analysis);
  const { finding, counting } = shownFinding(state);
  const necessary = finding?.kind === 'necessary';
  const system = finding?.id === 'add-system-message' ? chosenSystemMessage(state) : null;
  // Mislabels and conflicting labels are reviewed row by row, on a screen with keys of its own.
  const byRow = isRowReviewed(finding);
  useKeys(
    (input, key) => {
      const action = actionFor(
        necessary ? 'reviewNecessary' : system !== null ? 'reviewSystem' : 'reviewOptional',
        input,
        key,
      );
      switch (action) {
        case 'edit':
          return dispatch({ type: 'overlay', overlay: 'system' });
        case 'accept':
          return dispatch({ type: 'decide', decision: 'accept' });
        case 'reject':
          return dispatch({ type: 'decide', decision: 'reject' });
        case 'back':
          return dispatch({ type: 'back' });
        case 'rows':
          return dispatch({ type: 'overlay', overlay: 'rows' });
        case 'acceptRest':
          return dispatch({ type: 'accept-rest' });
        case 'help':
          return dispatch({ type: 'overlay', overlay: 'help' });
        case 'quit':
          return dispatch({ type: 'quit' });
        case undefined:
          return undefined;
      }
    },
    { isActive: state.overlay === 'none' && !byRow },
  );
  useKeys(
    (input, key) => {
      const action = actionFor('decline', input, key);
      if (action === 'yes') {
        const farewell = `Nothing was written: a necessary fix was declined (${finding?.id ?? 'unknown'}).`;
        dispatch({ type: 'quit', farewell });
      } else if (action === 'no') dispatch({ type: 'overlay', overlay: 'none' });
    },
    { isActive: state.overlay === 'decline' },
  );
  if (finding === undefined) return null;
  if (byRow && (state.overlay === 'none' || state.overlay === 'threshold'))
    return (
      <QualityReviewScreen state={state} dispatch={dispatch} engine={engine} width={width} height={height} />
    );
  if (state.overlay === 'rows') {
    return (
      <AffectedRows
        engine={engine}
        analysis={state.analysis}
        finding={finding}
        offset={state.rowsOffset}
        scope={{
          key: sequenceKey(state),
          accepted: acceptedIds(state.analysis, state.decisions),
          systemMessage: state.systemMessage,
        }}
        dispatch={dispatch}
        width={width}
        height={height}
      />
    );
  }
  if (state.overlay === 'help')
    return (
      <ReviewHelp
        onClose={() => dispatch({ type: 'overlay', overlay: 'none' })}
        onQuit={() => dispatch({ type: 'quit' })}
        width={width}
        height={height}
      />
    );

  const decided = Object.values(state.decisions);
  const previous = state.decisions[finding.id];
  // The "Affects" line at its longest, to budget the height it wraps to.
  const affects = `Affects ${plural(finding.rows.count, state.analysis.positionLabel)}. You chose: reject. Press v to see them all.`;
  let room =
    height -
    textHeight(finding.message, finding.detail, affects, width) -
    (state.overlay === 'decline' ? 4 : 0);
  if (state.overlay === 'system' && system !== null) {
    room -= 5;
  }
  if (system !== null) room -= 1;
  const rows = finding.preview.filter((row) => {
    room -= previewRowHeight(row);
    return room >= 0;
  });
  const label = state.analysis.positionLabel;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Box justifyContent="space-between" width={width}>
        <Text>
          <Text bold>
            Fix {state.index + 1} of {fixes.length}
          </Text>
          <Text {...(necessary ? theme.warning : theme.accent)}>
            {necessary ? ' · necessary, applied' : ' · optional'}
          </Text>
        </Text>
        <Text {...theme.muted}>
          {decided.filter((d) => d === 'accept').length} accepted ·{' '}
          {decided.filter((d) => d === 'reject').length} rejected
        </Text>
      </Box>
      <Para bold>{finding.message}</Para>
      {finding.detail === '' ? null : <Para {...theme.muted}>{finding.detail}</Para>}
      <Para>
        Affects {plural(finding.rows.count, label)}
        {counting ? <Text {...theme.muted}> (counting again…)</Text> : '.'}
        {previous === undefined ? '' : ` You chose: ${previous === 'accept' ? 'accept' : 'reject'}.`}
        {finding.rows.count > rows.length && !counting ? (
          <Text {...theme.muted}> Press v to see them all.</Text>
        ) : null}
      </Para>
      {system === null ? null : (
        <Text wrap="truncate-end">
          System message{state.systemMessage === undefined ? '' : ' (yours)'}:{' '}
          <Text {...theme.accent}>&quot;{system}&quot;</Text>
        </Text>
      )}
      {state.overlay === 'system' && system !== null ? (
        <SystemMessageField
          initial={system}
          proposed={proposedSystemMessage(state.analysis) ?? ''}
          onSave={(text) => dispatch({ type: 'system-message', text })}
          onCancel={() => dispatch({ type: 'overlay', overlay: 'none' })}
        />
      ) : null}
      {state.overlay === 'decline' ? (
        <Box
          flexDirection="column"
          borderStyle="round"
          paddingX={1}
          {...(theme.warning.color ? { borderColor: theme.warning.color } : {})}
        >
          <Text bold>
            This fix is necessary: without it the data cannot be used. Quit without writing anything?
          </Text>
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        {rows.map((row) => (
          <ExampleDiff key={row.position} row={row} positionLabel={label} width={width} />
        ))}
      </Box>
    </Box>
  );
}
