import type { Dispatch, ReactNode } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { Histogram, HISTOGRAM_ROWS } from '../components/histogram.js';
import { decimal, formatUsd, plural, withThousands } from '../../core/numbers.js';
import { reviewable, type WizardAction, type WizardState } from '../state/wizard-state.js';
import type { Analysis } from '../engine.js';
import { delimiterName } from '../../core/read/detect-delimiter.js';
import { useKeys } from '../hooks/use-keys.js';
import { PROFILES, type ProviderName } from '../../api/providers/index.js';
import { fitProblems } from '../../core/provider-fit.js';

const FORMAT_NAMES: Readonly<Record<Analysis['format'], string>> = {
  csv: 'CSV',
  tsv: 'TSV',
  xlsx: 'Excel (XLSX)',
  xls: 'Excel 97–2003 (XLS)',
  xlsb: 'Excel binary (XLSB)',
  ods: 'OpenDocument (ODS)',
  json: 'JSON',
  jsonl: 'JSON Lines',
  txt: 'plain text',
};

function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <Box>
      <Box width={12} flexShrink={0}>
        <Text {...theme.muted}>{label}</Text>
      </Box>
      <Box flexGrow={1}>
        <Text wrap="truncate-end">{children}</Text>
      </Box>
    </Box>
  );
}

/** What was read: format, size, columns, task type, tokens, cost, and what the review will ask. */
export function SummaryScreen({
  state,
  dispatch,
  width,
  height,
  provider = null,
}: {
  readonly state: Extract<WizardState, { screen: 'summary' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
  /** The provider the model step will use: the data is checked against its file rules here. */
  readonly provider?: ProviderName | null;
}) {
  useKeys((input, key) => {
    const action = actionFor('summary', input, key);
    if (action === 'next') dispatch({ type: 'next' });
    else if (action === 'back') dispatch({ type: 'other-file' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const { analysis } = state;
  const fixes = reviewable(analysis);
  const necessary = fixes.filter((f) => f.kind === 'necessary').length;
  const infos = analysis.findings.filter((f) => f.kind === 'info');
  const tokens = analysis.tokens;
  const estimate = analysis.estimate;
  const classes = analysis.classification?.nClasses;
  const histogramWidth = Math.min(40, width - 14);
  const profile = provider === null ? null : PROFILES[provider];
  const fit =
    profile === null
      ? []
      : fitProblems(profile.label, profile.files, {
          examples: analysis.examples,
          bytes: null,
          format: analysis.dataFormat,
        });
  // Notes get whatever height is left: every line above is one row (they truncate, never wrap), and
  // the frame must stay shorter than the terminal.
  const lines =
    2 + // format, examples
    (analysis.columns.length === 0 ? 0 : 1) +
    (analysis.taskType === null ? 0 : 1) +
    (tokens === null ? 0 : 1 + HISTOGRAM_ROWS) +
    (estimate === null ? 1 : 2) +
    (profile === null ? 0 : 1) +
    2; // the gap, then the fixes to review
  const noteRoom = Math.max(0, height - lines);
  return (
    <Box flexDirection="column" width={width}>
      <Field label="Format">
        {FORMAT_NAMES[analysis.format]}
        {analysis.delimiter === null ? '' : ` (${delimiterName(analysis.delimiter)}-separated)`} ·{' '}
        {analysis.dataFormat} data
      </Field>
      <Field label="Examples">
        {withThousands(analysis.examples)}
        {/* Chat lines that are not valid examples: the tokens below count only the valid ones. */}
        {analysis.validExamples !== undefined && analysis.validExamples < analysis.examples
          ? ` lines, ${withThousands(analysis.validExamples)} valid`
          : ''}
      </Field>
      {analysis.columns.length === 0 ? null : <Field label="Columns">{analysis.columns.join(', ')}</Field>}
      {analysis.taskType === null ? null : (
        <Field label="Task type">
          {analysis.taskType}
          {classes === undefined ? '' : ` (${plural(classes, 'class', 'classes')})`}
        </Field>
      )}
      {tokens === null ? null : (
        <>
          <Field label="Tokens">
            {count(tokens.sum)} in all · per example min {count(tokens.total.min)} · median{' '}
            {count(tokens.total.median)} · p90 {count(tokens.total.p90)} · max {count(tokens.total.max)}
          </Field>
          <Box marginLeft={12}>
            <Histogram
              edges={tokens.histogram.edges}
              counts={resample(tokens.histogram.counts, histogramWidth)}
            />
          </Box>
        </>
      )}
      <Field label="Est. cost">
        {estimate === null
          ? 'no estimate for this data'
          : `${estimate.usd === null ? 'price unknown' : formatUsd(estimate.usd)} to train ${estimate.model}`}
      </Field>
      {estimate === null ? null : (
        <Box marginLeft={12}>
          <Text {...theme.muted} wrap="truncate-end">
            {plural(estimate.epochs, 'epoch')} ×{' '}
            {decimal(estimate.billedTokens / Math.max(1, estimate.epochs), 0)} tokens · prices of{' '}
            {estimate.priceAsOf}
          </Text>
        </Box>
      )}
      {profile === null ? null : (
        <Field label="Provider">
          {fit.length === 0 ? (
            <Text>{profile.label}: fits its file rules</Text>
          ) : (
            <Text {...(fit.some((p) => p.level === 'blocker') ? theme.error : theme.warning)}>
              {fit[0]?.message}
            </Text>
          )}
        </Field>
      )}
      <Box marginTop={1} flexDirection="column">
        <Text>
          {fixes.length === 0
            ? 'No fixes to review.'
            : `${plural(fixes.length, 'fix', 'fixes')} to review (${necessary} necessary, ${fixes.length - necessary} optional).`}
        </Text>
        {infos.slice(0, noteRoom).map((f) => (
          <Text key={f.id} {...theme.muted} wrap="truncate-end">
            • {f.message}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/** Token counts; percentiles may interpolate between examples, one decimal is plenty. */
function count(n: number): string {
  return decimal(n, 1);
}

/** Stretches or squeezes histogram bins to the width available (sums adjacent bins). */
function resample(counts: readonly number[], width: number): readonly number[] {
  if (counts.length === 0) return counts;
  if (counts.length <= width) {
    // Few bins: widen each bar so the shape reads at a glance.
    const scale = Math.max(1, Math.min(3, Math.floor(width / counts.length)));
    return counts.flatMap((c) => new Array<number>(scale).fill(c));
  }
  const out = new Array<number>(width).fill(0);
  counts.forEach((c, i) => {
    const j = Math.min(width - 1, Math.floor((i * width) / counts.length));
    out[j] = (out[j] ?? 0) + c;
  });
  return out;
}

export function ResumeScreen({
  state,
  dispatch,
}: {
  readonly state: Extract<WizardState, { screen: 'resume' }>;
  readonly dispatch: Dispatch<WizardAction>;
}) {
  useKeys((input, key) => {
    const action = actionFor('resume', input, key);
    if (action === 'yes') dispatch({ type: 'resume', yes: true });
    else if (action === 'no') dispatch({ type: 'resume', yes: false });
    else if (action === 'back') dispatch({ type: 'back' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const decided = Object.keys(state.saved.decisions).length;
  const relabelled = Object.keys(state.saved.relabels ?? {}).length;
  const total = reviewable(state.analysis).length;
  return (
    <Box flexDirection="column">
      <Text bold>You reviewed this file before.</Text>
      <Text>
        {plural(decided, 'decision')} of {total} saved
        {state.saved.dropped.length > 0
          ? `, ${plural(state.saved.dropped.length, 'example')} marked to drop`
          : ''}
        {relabelled > 0 ? `, ${plural(relabelled, 'example')} relabelled` : ''}.
      </Text>
      <Text {...theme.muted}>Resume where you left off, or start the review over?</Text>
    </Box>
  );
}
