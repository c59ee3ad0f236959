import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { drawFirstFrame } from '../../src/app/first-frame.js';
import { fakeEngine, makeAnalysis, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** A terminal that keeps what is written to it. */
function terminal(columns: number, isTTY = true): NodeJS.WriteStream & { written: string } {
  const out = { isTTY, columns, written: '', write: (text: string) => ((out.written += text), true) };
  return out as unknown as NodeJS.WriteStream & { written: string };
}

describe('the first frame drawn before Ink loads', () => {
  for (const [file, columns] of [
    ['/data/tickets.csv', 100],
    ['/data/some-folder/tickets-of-march.csv', 60],
  ] as const) {
    it(`is Ink's first frame, header and body (${columns} columns)`, async () => {
      const out = terminal(columns);
      drawFirstFrame(out, file, '/elsewhere');
      // An engine still reading: the frame stays the first one.
      const engine = {
        ...fakeEngine(() => makeAnalysis()),
        analyzeFile: () => new Promise<never>(() => undefined),
      };
      const ui = render(<App file={file} services={{ ...services(engine, tempDir()), cwd: '/elsewhere' }} />);
      Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
      ui.stdout.emit('resize');
      await waitFor(() => expect(ui.lastFrame()?.split('\n')[0]?.length).toBeLessThanOrEqual(columns));
      const ink = plain(ui.lastFrame() ?? '').split('\n');
      const drawn = plain(out.written).split('\n');
      expect(drawn).toEqual(ink.slice(0, drawn.length).map((line) => line.trimEnd()));
    });
  }

  it('erases itself once, back to where it began', () => {
    const out = terminal(80);
    const frame = drawFirstFrame(out, 'tickets.csv', '/');
    const lines = out.written.split('\n').length;
    out.written = '';
    frame?.erase();
    frame?.erase();
    expect(out.written).toBe(`\r\x1b[${lines - 1}A\x1b[J`);
  });

  it('erases the rows a long line wrapped onto', () => {
    const out = terminal(40);
    const file = `/data/${'x'.repeat(60)}.csv`;
    // At 40 columns the header is the compact one (`Load 1/6`, the file cut to fit): one row; the
    // blank line; "Reading …" (75 columns) wraps once. The cursor is on the last of 4 rows.
    drawFirstFrame(out, file, '/')?.erase();
    expect(plain(out.written).split('\n')[0]).toMatch(/^fine-tune …x+\.csv +Load 1\/6$/);
    expect(plain(out.written).split('\n')[0]).toHaveLength(40);
    expect(out.written.endsWith('\r\x1b[3A\x1b[J')).toBe(true);
  });

  it("escapes control characters in the file name, as Ink's frame does", () => {
    const out = terminal(100);
    drawFirstFrame(out, '/data/\x1b[2Jtickets.csv', '/');
    expect(out.written).not.toContain('\x1b[2J');
    expect(plain(out.written)).toContain('Reading /data/\\x1b[2Jtickets.csv…');
  });

  it('draws nothing without a file or a terminal', () => {
    const out = terminal(80, false);
    expect(drawFirstFrame(out, 'tickets.csv', '/')).toBe(null);
    expect(drawFirstFrame(terminal(80), undefined, '/')).toBe(null);
    expect(out.written).toBe('');
  });
});
