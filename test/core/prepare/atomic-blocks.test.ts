import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicLineWriter } from '../../../src/core/prepare/atomic.js';

// The atomic writer at the edges of its 1 MiB blocks, with text of three bytes a unit (UTF-8 "€"),
// where a line that is said to fit but does not would lose its end; and the point where the reader
// is held back.

const dirs: string[] = [];
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-blocks-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MB = 1 << 20;

describe('AtomicLineWriter at the edge of a block', () => {
  it('keeps a line whose bytes end exactly at the end of the block, newline included', async () => {
    const target = join(fresh(), 'out.jsonl');
    const w = new AtomicLineWriter(target);
    // One byte used (an empty line), then 349,525 × 3 bytes: the block minus one, and the newline.
    const euros = '€'.repeat((MB - 1) / 3);
    w.write('');
    w.write(euros);
    w.write('after');
    await w.commit();
    expect(readFileSync(target, 'utf8') === `\n${euros}\nafter\n`).toBe(true);
  });

  it('writes a row joined by writeRow that is longer than a block on its own, after what came before', async () => {
    const target = join(fresh(), 'out.jsonl');
    const w = new AtomicLineWriter(target);
    const long = '€'.repeat(400_000);
    w.writeRow('short', '', true, 'a', '');
    w.writeRow(long, ' ->', true, 'b', '\\n');
    w.writeRow('last', '', false, 'c', '');
    await w.commit();
    const expected =
      '{"prompt":"short","completion":" a"}\n' +
      `{"prompt":"${long} ->","completion":" b\\n"}\n` +
      '{"prompt":"last","completion":"c"}\n';
    expect(readFileSync(target, 'utf8') === expected).toBe(true);
    expect(w.lines).toBe(3);
  });
});

describe('AtomicLineWriter holding the reader back', () => {
  it('lets the reader go with three writes in flight and holds it with four', async () => {
    const w = new AtomicLineWriter(join(fresh(), 'out.jsonl'));
    // A line over a third of a block may take three bytes a unit: it is sent alone at once. The
    // writes complete on the event loop, which this synchronous code does not yield to.
    const line = 'x'.repeat(MB / 2);
    for (let i = 0; i < 3; i++) w.write(line);
    expect(w.backpressure()).toBeUndefined();
    w.write(line);
    const held = w.backpressure();
    expect(held).toBeInstanceOf(Promise);
    await held;
    await w.abandon();
  });
});

describe('AtomicLineWriter refusing a target', () => {
  it('says it cannot write the target, and why', () => {
    const target = join(fresh(), 'missing', 'out.jsonl');
    expect(() => new AtomicLineWriter(target)).toThrow(`cannot write ${target}: no such file or directory`);
  });
});
