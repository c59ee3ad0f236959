import { useMemo } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { agreementWords, reportLines } from '../../rescue/report.js';
import { ErrorBox } from '../components/error-box.js';
import { AnswersProgress } from '../components/progress-bar.js';
import { wrapLines } from '../../core/wrap.js';
import { displayPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionAmong } from '../keys.js';
import { rescueKeyContext } from '../state/key-context.js';
import { theme } from '../theme.js';
import { quitRescue, type RescueProps } from '../rescue-props.js';

/** Answers shown side by side: visible whitespace, so " sports" and "sports\n" read apart. */
function shown(text: string): string {
  return JSON.stringify(text);
}

/**
 * The comparison: the new model asked the golden set's questions, then the report (agreement, per
 * class, confusion) and the examples that flipped, old and new answers side by side.
 */
export function CompareScreen(props: RescueProps<'rescue-compare'>) {
  const { state, dispatch, width, height, services } = props;
  const report = state.compared?.report ?? null;
  // Wrapped ahead, so the window counts the lines the terminal will show.
  const lines = useMemo(
    () => (report === null ? [] : reportLines(report).flatMap((line) => wrapLines(line, width))),
    [report, width],
  );
  const titleText = `${state.panel.job.fine_tuned_model ?? 'The new model'} against the golden set`;
  // Title, headline (two lines), blank, then the report; the report's path below it.
  const rows = Math.max(3, height - 4 - wrapLines(titleText, width).length);
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    const action = actionAmong(
      ['rescueCompareRunning', 'rescueCompareFailed', 'rescueReport', 'rescueReportLive', 'rescueFlips'],
      context,
      input,
      key,
    );
    if (action === 'up') dispatch({ type: 'rescue-move', delta: -1 });
    else if (action === 'down') {
      // The report scrolls no further than its last full window.
      if (state.view === 'flips' || state.cursor < Math.max(0, lines.length - rows))
        dispatch({ type: 'rescue-move', delta: 1 });
    } else if (action === 'view') dispatch({ type: 'rescue-view' });
    else if (action === 'live') dispatch({ type: 'rescue-live' });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back') dispatch({ type: 'rescue-back' });
    else if (action === 'quit') quitRescue(props);
  });
  const title = <Para bold>{titleText}</Para>;
  if (state.phase === 'running') {
    const p = state.progress;
    return (
      <Box flexDirection="column">
        {title}
        <Para {...theme.muted}>
          {state.live
            ? 'The old model is asked the golden questions again: how often it agrees with its own recording is the bar to reach.'
            : 'The new model is asked each golden question in its own format; answers are kept beside the golden set.'}
        </Para>
        <Box flexDirection="column" marginTop={1}>
          <AnswersProgress progress={p} width={width} hideClock={services.hideClock ?? false} />
        </Box>
      </Box>
    );
  }
  if (state.phase === 'failed' || report === null || state.compared === null) {
    return (
      <Box flexDirection="column">
        {title}
        {state.error === null ? null : <ErrorBox error={state.error} title="The comparison stopped" />}
      </Box>
    );
  }
  const top = wrapLines(`Agrees on ${agreementWords(report)} with ${report.source}`, width).slice(0, 2);
  if (state.view === 'report') {
    const start = Math.min(state.cursor, Math.max(0, lines.length - rows));
    return (
      <Box flexDirection="column">
        {title}
        {top.map((line) => (
          <Text key={line} bold {...(report.agreement.agreement >= 0.95 ? theme.success : theme.warning)}>
            {line}
          </Text>
        ))}
        <Box flexDirection="column" marginTop={1}>
          {lines.slice(start, start + rows).map((line, i) => (
            <Text key={start + i} wrap="truncate">
              {line === '' ? ' ' : line}
            </Text>
          ))}
        </Box>
        <Text {...theme.muted} wrap="truncate-middle">
          Report: {displayPath(state.compared.paths.markdown, services.cwd)} (and .json)
        </Text>
      </Box>
    );
  }
  const flips = report.flips;
  const flip = flips[state.cursor];
  const half = Math.max(10, Math.floor((width - 3) / 2));
  const inputRows = Math.max(1, Math.min(4, height - 12));
  const listRows = Math.max(1, height - 9 - inputRows);
  const start = Math.min(
    Math.max(0, state.cursor - Math.floor(listRows / 2)),
    Math.max(0, flips.length - listRows),
  );
  return (
    <Box flexDirection="column">
      {title}
      {flip === undefined ? (
        <Text {...theme.success}>No example flipped: the new model gave every golden answer.</Text>
      ) : (
        <>
          <Text {...theme.muted}>
            Flipped {state.cursor + 1} of {flips.length} · input #{flip.i}
            {flip.expected === null ? '' : ` · the data says ${shown(flip.expected)}`}
          </Text>
          <Box flexDirection="column" marginTop={1}>
            {wrapLines(flip.input, width)
              .slice(0, inputRows)
              .map((line, i) => (
                <Text key={i}>{line === '' ? ' ' : line}</Text>
              ))}
          </Box>
          <Box marginTop={1}>
            <Box width={half} flexDirection="column">
              <Text bold>old model</Text>
              <Text wrap="truncate">{shown(flip.golden)}</Text>
            </Box>
            <Text {...theme.muted}> │ </Text>
            <Box width={half} flexDirection="column">
              <Text bold {...theme.warning}>
                new model
              </Text>
              <Text wrap="truncate">{shown(flip.candidate)}</Text>
            </Box>
          </Box>
          <Box flexDirection="column" marginTop={1}>
            {flips.slice(start, start + listRows).map((f, i) => {
              const selected = start + i === state.cursor;
              return (
                <Text key={f.i} wrap="truncate" {...(selected ? theme.accent : theme.muted)}>
                  {selected ? '› ' : '  '}#{f.i} {shown(f.golden)} → {shown(f.candidate)}
                </Text>
              );
            })}
          </Box>
        </>
      )}
    </Box>
  );
}
