import type { Dispatch } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Finding } from '../../core/findings.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { ExampleDiff } from '../components/example-diff.js';
import { useAffectedRows } from '../hooks/use-affected-rows.js';
import type { Analysis, Engine } from '../engine.js';
import type { WizardAction } from '../state/wizard-state.js';

/** Every row a fix touches, a window at a time, with its source line/row number. */
export function AffectedRows({
  engine,
  analysis,
  finding,
  offset,
  dispatch,
  width,
  height,
}: {
  readonly engine: Engine;
  readonly analysis: Analysis;
  readonly finding: Finding;
  readonly offset: number;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
}) {
  const fieldCount = Math.max(2, finding.preview[0]?.before.fields.length ?? 2);
  // Worst case a row takes its position line plus a -/+ pair per field.
  const limit = Math.max(1, Math.floor((height - 2) / (1 + 2 * fieldCount)));
  const page = useAffectedRows(engine, analysis, finding.id, offset, limit);
  const total = page.status === 'ready' ? page.total : finding.rows.count;
  const lastOffset = Math.max(0, total - limit);
  useInput((input, key) => {
    const action = actionFor('rows', input, key);
    const go = (to: number): void =>
      dispatch({ type: 'rows-offset', offset: Math.min(lastOffset, Math.max(0, to)) });
    if (action === 'up') go(offset - 1);
    else if (action === 'down') go(offset + 1);
    else if (action === 'pageUp') go(offset - limit);
    else if (action === 'pageDown') go(offset + limit);
    else if (action === 'close') dispatch({ type: 'overlay', overlay: 'none' });
  });
  const label = analysis.positionLabel;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text>
        <Text bold>{finding.message}</Text>
        <Text {...theme.muted}>
          {'  '}
          {total === 0 ? 'no rows' : `rows ${offset + 1}–${Math.min(total, offset + limit)} of ${total}`}
        </Text>
      </Text>
      {page.status === 'loading' ? <Text {...theme.muted}>Loading rows…</Text> : null}
      {page.status === 'failed' ? <Text {...theme.error}>{page.message}</Text> : null}
      {page.status === 'ready'
        ? page.rows.map((row) => (
            <ExampleDiff key={row.position} row={row} positionLabel={label} width={width} />
          ))
        : null}
    </Box>
  );
}
