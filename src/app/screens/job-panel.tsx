import { Box } from 'ink';
import { smoothedPoints } from '../../core/smoothing.js';
import { classificationLine } from '../../api/jobs.js';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import type { StepMetrics } from '../../api/metrics.js';
import { PROFILES } from '../../api/providers/index.js';
import { monochrome as noColour, theme } from '../theme.js';
import { chartMarks } from '../../core/chart-grid.js';
import { plural, withThousands } from '../../core/numbers.js';
import { ErrorBox } from '../components/error-box.js';
import { LineChart, type ChartSeries } from '../components/line-chart.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ProviderBadge } from '../components/provider-badge.js';
import { Timeline } from '../components/job-timeline.js';
import { etaSeconds, progressOf, type Panel } from '../state/panel.js';
import { failureAdvice } from './failure-advice.js';

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(s).padStart(2, '0')}`;
}

/** The chart's points: the steps that have the value, smoothed (core/smoothing.ts). */
function points(metrics: readonly StepMetrics[], pick: (m: StepMetrics) => number | null) {
  return smoothedPoints(
    metrics.flatMap((m) => {
      const value = pick(m);
      return value === null ? [] : [{ step: m.step, value }];
    }),
  );
}

function latest(metrics: readonly StepMetrics[], pick: (m: StepMetrics) => number | null): string {
  const value = metrics.findLast((m) => pick(m) !== null);
  const v = value === undefined ? null : pick(value);
  return v === null ? '–' : v.toFixed(3);
}

/** Status line, timeline, progress, chart, tokens and checkpoints, events: fits the given height. */
export function JobPanel({
  panel,
  width,
  height,
  hideClock,
  monochrome = noColour,
}: {
  readonly panel: Panel;
  readonly width: number;
  readonly height: number;
  readonly hideClock: boolean;
  /** No colours (NO_COLOR): the chart's series are told apart by their glyphs. */
  readonly monochrome?: boolean;
}) {
  const { job, follow, metrics } = panel;
  const progress = progressOf(panel);
  const eta = hideClock ? null : etaSeconds(panel);
  const accuracy = panel.chart === 'accuracy';
  const train = accuracy ? (m: StepMetrics) => m.trainAccuracy : (m: StepMetrics) => m.trainLoss;
  const valid = accuracy
    ? (m: StepMetrics) => m.fullValidAccuracy ?? m.validAccuracy
    : (m: StepMetrics) => m.fullValidLoss ?? m.validLoss;
  const marks = chartMarks(monochrome);
  const series: ChartSeries[] = [
    { label: 'train', points: points(metrics, train), tone: theme.accent, glyph: marks.train.glyph },
    {
      label: 'validation',
      points: points(metrics, valid),
      tone: theme.warning,
      glyph: marks.validation.glyph,
    },
  ];
  const failed = job.status === 'failed';
  // Status 1, timeline 1, progress 1, chart title 1, facts 1, events title 1 (+ margins 2).
  const chartHeight = Math.max(3, Math.min(8, height - 14));
  // Succeeded without a model name: the row says what to do before it answers (Nebius deploys first).
  const servingNote = job.status === 'succeeded' ? PROFILES[panel.record.provider].servingNote : null;
  const extra =
    (job.fine_tuned_model ? 1 : 0) +
    (panel.classification === null ? 0 : 1) +
    (servingNote !== null ? 1 : 0) +
    (panel.notice === null ? 0 : 1) +
    (follow.state === 'reconnecting' ? 1 : 0);
  const eventRows = Math.max(1, height - chartHeight - 9 - extra);
  const end = panel.events.length - panel.scroll;
  const events = panel.events.slice(Math.max(0, end - eventRows), end);
  const status =
    follow.state === 'reconnecting' ? 'reconnecting…' : follow.state === 'connecting' ? 'connecting…' : '';
  const trouble =
    follow.state === 'reconnecting'
      ? `Reconnecting (attempt ${follow.attempt}, next try in ${Math.ceil(follow.retryInMs / 1000)} s): ${follow.error.message}`
      : null;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" width={width}>
        <Text wrap="truncate">
          <Text bold>Job {job.id}</Text> <Text {...theme.muted}>{job.model}</Text>
          {status === '' ? null : <Text {...theme.warning}> {status}</Text>}
        </Text>
        <ProviderBadge provider={panel.record.provider} />
      </Box>
      <Timeline job={job} />
      <Box>
        <ProgressBar
          fraction={job.status === 'succeeded' ? 1 : progress?.total ? progress.step / progress.total : 0}
          width={Math.max(10, width - 28)}
        />
        <Text>
          {' '}
          {progress === null
            ? 'step –'
            : `step ${withThousands(progress.step)}/${progress.total === null ? '?' : withThousands(progress.total)}`}
          {eta === null ? '' : ` · ETA ${clock(eta)}`}
        </Text>
      </Box>
      {failed ? (
        <Box marginTop={1}>
          <ErrorBox
            error={failureAdvice(job)}
            title={`The job failed${job.error?.code ? ` (${job.error.code})` : ''}`}
          />
        </Box>
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="truncate">
            <Text bold>{accuracy ? 'Accuracy' : 'Loss'}</Text>
            <Text {...theme.accent}>
              {' '}
              {marks.train.legend} train {latest(metrics, train)}
            </Text>
            <Text {...theme.warning}>
              {' '}
              {marks.validation.legend} validation {latest(metrics, valid)}
            </Text>
            <Text {...theme.muted}> (smoothed · a: {accuracy ? 'loss' : 'accuracy'})</Text>
          </Text>
          <LineChart
            series={series}
            width={width}
            height={chartHeight}
            lastStep={progress?.total ?? progress?.step ?? 1}
          />
        </Box>
      )}
      <Text wrap="truncate">
        Trained tokens {job.trained_tokens === null ? '–' : withThousands(job.trained_tokens)}
        {' · '}
        {panel.checkpoints.length === 0
          ? 'no checkpoints yet'
          : `${plural(panel.checkpoints.length, 'checkpoint')} (step ${panel.checkpoints.join(', ')})`}
      </Text>
      {job.fine_tuned_model ? (
        <Text wrap="truncate" {...theme.success}>
          Model {job.fine_tuned_model}
        </Text>
      ) : null}
      {panel.classification === null ? null : (
        <Text wrap="truncate">
          <Text bold>Classification</Text>
          <Text {...theme.muted}> (step {panel.classification.step}) </Text>
          {classificationLine(panel.classification)}
        </Text>
      )}
      {servingNote === null ? null : (
        <Text wrap="truncate" {...theme.warning}>
          {servingNote}
        </Text>
      )}
      {trouble === null ? null : (
        <Text wrap="truncate" {...theme.warning}>
          {trouble}
        </Text>
      )}
      {panel.notice === null ? null : (
        <Text wrap="truncate" {...theme.error}>
          {panel.notice.message} {panel.notice.hint}
        </Text>
      )}
      {panel.overlay === 'cancel' ? (
        <Box marginTop={1}>
          <Para bold {...theme.warning}>
            Cancel job {job.id}? Training stops and cannot be resumed. y cancels it, n keeps it running.
          </Para>
        </Box>
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>
            Events{' '}
            <Text {...theme.muted}>
              {panel.scroll > 0 ? `(${panel.scroll} newer below)` : `(${panel.events.length})`}
              {panel.pending === null ? '' : ` · ${panel.pending} requested…`}
            </Text>
          </Text>
          {events.map((event) => (
            <Text key={event.id} wrap="truncate" {...(event.level === 'error' ? theme.error : {})}>
              <Text {...theme.muted}>{event.level === 'warn' ? '! ' : '· '}</Text>
              {event.message}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}
