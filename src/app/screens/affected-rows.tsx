import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { Finding } from '../../core/findings.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { ExampleDiff, previewRowHeight } from '../components/example-diff.js';
import { useAffectedRows, type RowsScope } from '../hooks/use-affected-rows.js';
import type { Analysis, Engine } from '../engine.js';
import type { WizardAction } from '../state/wizard-state.js';
import { useKeys } from '../hooks/use-keys.js';

/** Every row a fix touches, a window at a time, with its source line/row number. */
export function AffectedRows({
  engine,
  analysis,
  finding,
  offset,
  scope,
  dispatch,
  width,
  height,
}: {
  readonly engine: Engine;
  readonly analysis: Analysis;
  readonly finding: Finding;
  readonly offset: number;
  readonly scope: RowsScope;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
}) {
  // Fetch as many rows as could fit (a row takes at least 3 lines), then show those that do.
  const limit = Math.max(1, Math.floor((height - 1) / 3));
  const page = useAffectedRows(engine, analysis, finding.id, offset, limit, scope);
  const total = page.status === 'ready' ? page.total : finding.rows.count;
  let room = height - 1;
  const rows =
    page.status === 'ready'
      ? page.rows.filter((row, i) => {
          room -= previewRowHeight(row);
          return i === 0 || room >= 0;
        })
      : [];
  const step = Math.max(1, rows.length);
  useKeys((input, key) => {
    const action = actionFor('rows', input, key);
    const go = (to: number): void => {
      if (to >= 0 && to < total && to !== offset) dispatch({ type: 'rows-offset', offset: to });
    };
    if (action === 'up') go(offset - 1);
    else if (action === 'down' && offset + step < total) go(offset + 1);
    else if (action === 'pageUp') go(Math.max(0, offset - step));
    else if (action === 'pageDown') go(offset + step);
    else if (action === 'close') dispatch({ type: 'overlay', overlay: 'none' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const label = analysis.positionLabel;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text>
        <Text bold>{finding.message}</Text>
        <Text {...theme.muted}>
          {'  '}
          {total === 0 ? 'no rows' : `${offset + 1}–${offset + step} of ${total} affected`}
        </Text>
      </Text>
      {page.status === 'loading' ? <Text {...theme.muted}>Loading rows…</Text> : null}
      {page.status === 'failed' ? <Text {...theme.error}>{page.message}</Text> : null}
      {rows.map((row) => (
        <ExampleDiff key={row.position} row={row} positionLabel={label} width={width} />
      ))}
    </Box>
  );
}
