import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Box, Text } from 'ink';
import { dropWrapSpaces, Para } from '../../src/app/components/para.js';
import { ExampleBlock } from '../../src/app/components/example-block.js';

afterEach(cleanup);

describe('wrapped paragraphs', () => {
  it('start every wrapped line flush left, where Ink would leave the space it broke at', () => {
    const text = 'Every prompt ends with "x",  which serves  as the separator.';
    for (const width of [18, 19, 20, 21, 22, 23]) {
      const frame = render(
        <Box width={width}>
          <Para>
            Affects 3 rows.<Text> Press v to see them all.</Text> {text}
          </Para>
        </Box>,
      ).lastFrame();
      const lines = (frame ?? '').split('\n');
      expect(lines.length, `${width}`).toBeGreaterThan(2);
      for (const line of lines) expect(line, `${width}: ${JSON.stringify(frame)}`).not.toMatch(/^ /);
    }
  });

  it('keeps the first line as it is, and steps over colour codes', () => {
    expect(dropWrapSpaces('  indented', 0)).toBe('  indented');
    expect(dropWrapSpaces(' all.', 1)).toBe('all.');
    expect(dropWrapSpaces('\u001b[90m  all.', 2)).toBe('\u001b[90mall.');
    expect(dropWrapSpaces('all.', 1)).toBe('all.');
  });
});

describe('example blocks', () => {
  it('show a tab as → rather than let it jump to the next tab stop', () => {
    const example = { fields: [{ label: 'prompt', text: 'name\tvalue\nnext' }] };
    const frame = render(<ExampleBlock example={example} maxLines={6} width={40} />).lastFrame() ?? '';
    expect(frame).toContain('name→value');
    expect(frame).toContain('next');
    expect(frame).not.toContain('\t');
  });
});
