import { Box, Text } from 'ink';
import type { ExampleView, PreviewRow } from '../../core/findings.js';
import { theme, type Tone } from '../theme.js';
import { diff, fitSegments, visible, visibleChange, type Segments } from './text-diff.js';

function FieldLine({
  marker,
  label,
  segments,
  tone,
  width,
  strike = false,
}: {
  readonly marker: string;
  readonly label: string;
  readonly segments: Segments;
  readonly tone: Tone;
  readonly width: number;
  readonly strike?: boolean;
}) {
  const head = `${marker} ${label}: `;
  const fitted = fitSegments(segments, Math.max(10, width - head.length));
  return (
    <Text wrap="truncate-end">
      <Text {...tone}>{head}</Text>
      <Text {...tone} strikethrough={strike}>
        {visible(fitted.before)}
      </Text>
      <Text {...tone} bold inverse={fitted.changed !== ''} strikethrough={strike}>
        {visibleChange(fitted.changed)}
      </Text>
      <Text {...tone} strikethrough={strike}>
        {visible(fitted.after)}
      </Text>
    </Text>
  );
}

function whole(text: string): Segments {
  return { before: text, changed: '', after: '' };
}

/** Lines one preview row takes: the position line plus one or two lines per field. */
export function previewRowHeight(row: PreviewRow): number {
  if (row.after === null) return 1 + row.before.fields.length;
  const changed = row.before.fields.filter((f, i) => row.after?.fields[i]?.text !== f.text).length;
  return 1 + row.before.fields.length + changed;
}

/**
 * One affected row, before and after the fix: unchanged fields once, changed fields as a `-`/`+` pair
 * with the change highlighted; a row the fix removes is shown struck through and marked removed.
 */
export function ExampleDiff({
  row,
  positionLabel,
  width,
}: {
  readonly row: PreviewRow;
  readonly positionLabel: string;
  readonly width: number;
}) {
  const after = row.after;
  return (
    <Box flexDirection="column">
      <Text {...theme.muted}>
        {positionLabel} {row.position}
        {after === null ? <Text {...theme.removed}> · removed</Text> : null}
      </Text>
      {row.before.fields.map((field, i) => {
        const next = after?.fields[i];
        if (after === null) {
          return (
            <FieldLine
              key={i}
              marker="-"
              label={field.label}
              segments={whole(field.text)}
              tone={theme.removed}
              width={width}
              strike
            />
          );
        }
        if (next === undefined || next.text === field.text) {
          return (
            <FieldLine
              key={i}
              marker=" "
              label={field.label}
              segments={whole(field.text)}
              tone={{}}
              width={width}
            />
          );
        }
        const d = diff(field.text, next.text);
        return (
          <Box key={i} flexDirection="column">
            <FieldLine marker="-" label={field.label} segments={d.a} tone={theme.removed} width={width} />
            <FieldLine marker="+" label={next.label} segments={d.b} tone={theme.added} width={width} />
          </Box>
        );
      })}
    </Box>
  );
}

/** An example as it will be written (samples screen): each field on its own wrapped lines. */
export function ExampleBlock({
  example,
  maxLines,
  width,
}: {
  readonly example: ExampleView;
  readonly maxLines: number;
  readonly width: number;
}) {
  const perField = Math.max(1, Math.floor(maxLines / Math.max(1, example.fields.length)) - 1);
  return (
    <Box flexDirection="column">
      {example.fields.map((field, i) => {
        const lines = field.text.split(/\r\n|\r|\n/);
        const shown = lines
          .slice(0, perField)
          .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
        return (
          <Box key={i} flexDirection="column">
            <Text bold {...theme.accent}>
              {field.label}
            </Text>
            {shown.map((line, j) => (
              <Text key={j} wrap="truncate-end">
                {line === '' ? ' ' : line}
              </Text>
            ))}
            {lines.length > perField ? (
              <Text {...theme.muted}>… {lines.length - perField} more lines</Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
