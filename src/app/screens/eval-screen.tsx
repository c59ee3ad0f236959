import { useMemo, useState, type Dispatch } from 'react';
import { MissesView } from './eval-misses.js';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { checkpointTable, compactEvalReport, type ModelReport } from '../../core/eval-report.js';
import { bestReport } from '../../core/eval-metrics.js';
import { wrapLines } from '../../core/wrap.js';
import { Para } from '../components/para.js';
import { actionAmong } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { plural, withThousands } from '../../core/numbers.js';
import { ErrorBox } from '../components/error-box.js';
import { ProgressBar } from '../components/progress-bar.js';
import { keyContext } from '../state/key-context.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { jobFarewell } from '../farewells.js';
import { useKeys } from '../hooks/use-keys.js';

type EvalState = Extract<WizardState, { screen: 'eval' }>;

/** Title, file line, blank line and kind line above the report; the scroll line below it. */
const CHROME = 5;

function FileLine({ state, cwd }: { readonly state: EvalState; readonly cwd: string }) {
  const path = displayPath(state.target.file, cwd);
  return state.target.onTraining ? (
    <>
      <Text {...theme.warning} wrap="truncate">
        No validation file: scored on the training file, so expect an optimistic score.
      </Text>
      <Text {...theme.muted} wrap="truncate-middle">
        {path}
      </Text>
    </>
  ) : (
    <Text {...theme.muted} wrap="truncate-middle">
      On the validation file {path}
    </Text>
  );
}

/**
 * The report's lines; when model ids make its tables wider than the terminal, its columns are named
 * `fine-tuned` and `base` (the title names both models) so no figure is cut.
 */
function reportLines(reports: readonly ModelReport[], width: number): readonly string[] {
  const lines = compactEvalReport(reports);
  if (lines.every((line) => line.length <= width)) return lines;
  return compactEvalReport(
    reports.map((r, i) => ({ ...r, model: i === 0 ? 'fine-tuned' : i === 1 ? 'base' : `#${i + 1}` })),
  );
}

/** The report, windowed: a frame taller than the terminal would flicker and lose scrollback. */
function Report({
  lines,
  scroll,
  rows,
}: {
  readonly lines: readonly string[];
  readonly scroll: number;
  readonly rows: number;
}) {
  const shown = lines.slice(scroll, scroll + rows);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={scroll + i} wrap="truncate">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {lines.length > rows ? (
        <Text {...theme.muted}>
          lines {scroll + 1}–{scroll + shown.length} of {lines.length}
        </Text>
      ) : null}
    </Box>
  );
}

/** The evaluation of the new model against its base: progress, then the report; Esc goes back. */
export function EvalScreen({
  state,
  dispatch,
  width,
  height,
  cwd,
}: {
  readonly state: EvalState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
  readonly cwd: string;
}) {
  const { run, target } = state;
  const checkpoints = target.checkpointsOf !== undefined;
  const lines = useMemo(() => {
    if (run.phase !== 'done') return [];
    if (!checkpoints) return reportLines(run.reports, width);
    return checkpointTable(run.reports, bestReport(run.reports.map((r) => r.report)));
  }, [run, width, checkpoints]);
  const [model = '', base] = target.models;
  const title = checkpoints
    ? `Scoring every checkpoint of ${target.checkpointsOf ?? ''} (★ best)`
    : `Evaluating ${model}${base === undefined ? '' : ` against ${base}`}`;
  const titleLines = wrapLines(title, width).length;
  const rows = Math.max(3, height - CHROME - (titleLines - 1) - (target.onTraining ? 1 : 0));
  const maxScroll = Math.max(0, lines.length - rows);
  const [writeError, setWriteError] = useState<string | null>(null);
  const inReport = run.phase !== 'done' || run.view.mode === 'report';
  useKeys(
    (input, key) => {
      const context = keyContext(state);
      const action = actionAmong(
        ['evalRunning', 'evalDone', 'evalDoneMisses', 'evalFailed'],
        context,
        input,
        key,
      );
      const scroll = (delta: number) => dispatch({ type: 'eval-scroll', delta, max: maxScroll });
      switch (action) {
        case 'up':
          return scroll(-1);
        case 'down':
          return scroll(1);
        case 'pageUp':
          return scroll(-rows);
        case 'pageDown':
          return scroll(rows);
        case 'misses':
          setWriteError(null);
          return dispatch({ type: 'eval-misses', open: true });
        case 'back':
          return dispatch({ type: 'eval-close' });
        case 'quit':
          return dispatch({ type: 'quit', farewell: jobFarewell(state.panel) });
        case undefined:
          return;
      }
    },
    { isActive: inReport },
  );
  const kind = run.phase === 'done' ? run.reports[0]?.report : undefined;
  return (
    <Box flexDirection="column">
      <Para bold>{title}</Para>
      <FileLine state={state} cwd={cwd} />
      <Box marginTop={1} flexDirection="column">
        {run.phase === 'running' ? (
          <>
            <ProgressBar fraction={run.total === 0 ? 0 : run.done / run.total} width={Math.min(60, width)} />
            <Text {...theme.muted}>
              {run.total === 0
                ? 'Reading the examples…'
                : `${withThousands(run.done)} of ${plural(run.total, 'answer')}`}
            </Text>
            {run.note === null ? null : <Text {...theme.warning}>{run.note}</Text>}
          </>
        ) : run.phase === 'failed' ? (
          <ErrorBox error={run.error} title="The evaluation stopped" />
        ) : run.view.mode !== 'report' ? (
          <>
            <MissesView state={state} run={run} dispatch={dispatch} rows={rows - 1} onError={setWriteError} />
            {writeError === null ? null : (
              <Text {...theme.error}>could not save the correction: {writeError}</Text>
            )}
          </>
        ) : (
          <>
            <Text {...theme.accent}>
              {kind?.kind} · {kind?.n} examples
            </Text>
            <Report lines={lines} scroll={Math.min(run.scroll, maxScroll)} rows={rows} />
          </>
        )}
      </Box>
    </Box>
  );
}
