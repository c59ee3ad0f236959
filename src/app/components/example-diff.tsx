import { Box } from 'ink';
import { Text } from './text.js';
import type { PreviewRow } from '../../core/findings.js';
import { theme, type Tone } from '../theme.js';
import {
  diff,
  fitSegments,
  pairFields,
  visible,
  visibleChange,
  type FieldChange,
  type Segments,
} from './text-diff.js';

function FieldLine({
  marker,
  label,
  labelChanged = false,
  changeWidth = 0,
  segments,
  tone,
  width,
  strike = false,
}: {
  readonly marker: string;
  readonly label: string;
  readonly labelChanged?: boolean;
  readonly changeWidth?: number;
  readonly segments: Segments;
  readonly tone: Tone;
  readonly width: number;
  readonly strike?: boolean;
}) {
  const head = `${marker} ${label}: `;
  const fitted = fitSegments(segments, Math.max(10, width - head.length), changeWidth);
  return (
    <Text wrap="truncate-end">
      <Text {...tone}>{`${marker} `}</Text>
      <Text {...tone} bold={labelChanged} inverse={labelChanged}>
        {label}
      </Text>
      <Text {...tone}>{': '}</Text>
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

/** A field shown without a change: when too long, its start is kept. */
function whole(text: string): Segments {
  return { before: '', changed: '', after: text };
}

/** Lines one preview row takes: the position line plus one line per field, two per changed field. */
export function previewRowHeight(row: PreviewRow): number {
  if (row.after === null) return 1 + row.before.fields.length;
  const changes = pairFields(row.before.fields, row.after.fields);
  return 1 + changes.reduce((n, c) => n + (c.kind === 'changed' ? 2 : 1), 0);
}

function ChangeLines({ change, width }: { readonly change: FieldChange; readonly width: number }) {
  switch (change.kind) {
    case 'same':
      return (
        <FieldLine
          marker=" "
          label={change.field.label}
          segments={whole(change.field.text)}
          tone={{}}
          width={width}
        />
      );
    case 'removed':
      return (
        <FieldLine
          marker="-"
          label={change.field.label}
          segments={whole(change.field.text)}
          tone={theme.removed}
          width={width}
          strike
        />
      );
    case 'added':
      return (
        <FieldLine
          marker="+"
          label={change.field.label}
          segments={whole(change.field.text)}
          tone={theme.added}
          width={width}
        />
      );
    case 'changed': {
      const d = diff(change.before.text, change.after.text);
      const labelChanged = change.before.label !== change.after.label;
      const changeWidth = Math.max(Array.from(d.a.changed).length, Array.from(d.b.changed).length);
      return (
        <Box flexDirection="column">
          <FieldLine
            marker="-"
            label={change.before.label}
            labelChanged={labelChanged}
            changeWidth={changeWidth}
            segments={d.a}
            tone={theme.removed}
            width={width}
          />
          <FieldLine
            marker="+"
            label={change.after.label}
            labelChanged={labelChanged}
            changeWidth={changeWidth}
            segments={d.b}
            tone={theme.added}
            width={width}
          />
        </Box>
      );
    }
  }
}

/**
 * One affected row, before and after the fix: unchanged fields once, changed fields as a `-`/`+` pair
 * with the change highlighted, dropped fields struck through; a row the fix removes is shown struck
 * through and marked removed.
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
  const changes: readonly FieldChange[] =
    row.after === null
      ? row.before.fields.map((field) => ({ kind: 'removed', field }))
      : pairFields(row.before.fields, row.after.fields);
  return (
    <Box flexDirection="column">
      <Text {...theme.muted}>
        {positionLabel} {row.position}
        {row.after === null ? <Text {...theme.removed}> · removed</Text> : null}
      </Text>
      {changes.map((change, i) => (
        <ChangeLines key={i} change={change} width={width} />
      ))}
    </Box>
  );
}
