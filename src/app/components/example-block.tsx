import { Box } from 'ink';
import { Text } from './text.js';
import type { ExampleView } from '../../core/findings.js';
import { theme } from '../theme.js';
import { wrapLines } from '../../core/wrap.js';
import { visibleTabs } from './text-diff.js';

/** An example as it will be written (samples, the row at fault): each field wrapped to the width. */
export function ExampleBlock({
  example,
  maxLines,
  width,
}: {
  readonly example: ExampleView;
  readonly maxLines: number;
  readonly width: number;
}) {
  const fields = example.fields.map((field) => ({
    label: field.label,
    lines: wrapLines(visibleTabs(field.text), width),
  }));
  // Each field gets its label line and a fair share of what is left; short fields give theirs away.
  let budget = Math.max(fields.length, maxLines - fields.length);
  const shares = fields.map(() => 0);
  for (let pass = 0; pass < 3 && budget > 0; pass += 1) {
    const open = fields.filter((f, i) => f.lines.length > (shares[i] ?? 0)).length;
    if (open === 0) break;
    const each = Math.max(1, Math.floor(budget / open));
    fields.forEach((f, i) => {
      const has = shares[i] ?? 0;
      const add = Math.min(each, f.lines.length - has, budget);
      if (add > 0) {
        shares[i] = has + add;
        budget -= add;
      }
    });
  }
  return (
    <Box flexDirection="column">
      {fields.map((field, i) => {
        const share = Math.max(1, shares[i] ?? 1);
        const cut = field.lines.length > share;
        const shown = field.lines.slice(0, cut ? share - 1 : share);
        return (
          <Box key={i} flexDirection="column">
            <Text bold {...theme.accent}>
              {field.label}
            </Text>
            {shown.map((line, j) => (
              <Text key={j}>{line === '' ? ' ' : line}</Text>
            ))}
            {cut ? <Text {...theme.muted}>… {field.lines.length - shown.length} more lines</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
