import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicLineWriter, removeLeftovers } from '../../../src/core/prepare/atomic.js';

// The atomic writer alone: what it writes, that the target takes its name only once complete, and
// that a temp file is removed on abandon or left behind by a dead process.

const dirs: string[] = [];
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MB = 1 << 20;

describe('AtomicLineWriter', () => {
  it('writes to a hidden temp file beside the target and renames it only on commit', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    expect(w.path).toBe(target);
    expect(w.tempPath.startsWith(join(dir, `.fine-tune-${process.pid}-`))).toBe(true);
    expect(w.tempPath.endsWith('.out.jsonl.tmp')).toBe(true);
    w.write('{"a":1}');
    w.write('{"b":"é"}');
    expect(w.lines).toBe(2);
    expect(w.bytes).toBe(8 + 11);
    expect(existsSync(target)).toBe(false);
    await w.close();
    // Closed but not committed: the complete text is in the temp file, the target does not exist.
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(w.tempPath, 'utf8')).toBe('{"a":1}\n{"b":"é"}\n');
    await w.commit();
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}\n{"b":"é"}\n');
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('cuts a long target name in the temp name, so a name at the limit still gets a temp file', async () => {
    const dir = fresh();
    const long = `${'n'.repeat(230)}.jsonl`;
    const w = new AtomicLineWriter(join(dir, long));
    expect(w.tempPath.endsWith(`.${long.slice(0, 40)}.tmp`)).toBe(true);
    w.write('x');
    await w.commit();
    expect(readFileSync(join(dir, long), 'utf8')).toBe('x\n');
  });

  it('leaves nothing and keeps an old target when abandoned', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    writeFileSync(target, 'old\n');
    const w = new AtomicLineWriter(target);
    for (let i = 0; i < 50_000; i++) w.write(`line ${i} ${'x'.repeat(40)}`);
    await w.abandon();
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
    // Abandoning twice, or after close, is harmless.
    await w.abandon();
    const closed = new AtomicLineWriter(target);
    closed.write('y');
    await closed.close();
    await closed.abandon();
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('refuses a target in a folder that does not exist, naming the target', () => {
    const target = join(fresh(), 'missing', 'out.jsonl');
    expect(() => new AtomicLineWriter(target)).toThrow(/out\.jsonl/);
  });

  it('fails the commit, naming the target, when the target is a folder, and keeps the folder', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    mkdirSync(join(target, 'inside'), { recursive: true });
    const w = new AtomicLineWriter(target);
    w.write('x');
    await expect(w.commit()).rejects.toThrow(/out\.jsonl/);
    expect(existsSync(join(target, 'inside'))).toBe(true);
    await w.abandon();
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('keeps lines in order across blocks, lines longer than a block, and every way of adding them', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    const expected: string[] = [];
    const huge = 'h'.repeat(MB); // longer than a block on its own
    const wide = '€'.repeat(300_000); // 900,000 bytes: fits a block alone, not after other lines
    for (let i = 0; i < 3; i++) {
      w.write(`w${i}`);
      expected.push(`w${i}\n`);
      w.writeRow(`p${i}`, ' ->', true, `c${i}`, '\\n');
      expected.push(`{"prompt":"p${i} ->","completion":" c${i}\\n"}\n`);
      w.writeRow(`q${i}`, '', false, `d${i}`, '');
      expected.push(`{"prompt":"q${i}","completion":"d${i}"}\n`);
      const bytes = Buffer.from(`ignored[b${i}\nb${i}b\n]ignored`);
      w.writeBytes(bytes, 8, bytes.length - 8, 2);
      expected.push(`b${i}\nb${i}b\n`);
      w.write(wide);
      expected.push(`${wide}\n`);
      w.write(huge);
      expected.push(`${huge}\n`);
      const big = Buffer.from(`${'B'.repeat(MB + 10)}\n`);
      w.writeBytes(big);
      expected.push(big.toString());
      await w.writeWhole(Buffer.from(`whole${i}\nwhole${i}\n`), 2);
      expected.push(`whole${i}\nwhole${i}\n`);
    }
    const text = expected.join('');
    expect(w.bytes).toBe(Buffer.byteLength(text));
    expect(w.lines).toBe(3 * 10);
    await w.commit();
    expect(readFileSync(target, 'utf8') === text).toBe(true);
  });

  it('joins many rows before encoding them, across blocks, with multi-byte text', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    const rows: string[] = [];
    // About 5 MB of rows: many joined strings, several blocks.
    for (let i = 0; i < 12_000; i++) {
      const prompt = `prompt ${i} ${'é'.repeat(i % 50)}`;
      w.writeRow(prompt, '', i % 2 === 0, `c${i}`, '');
      rows.push(`{"prompt":"${prompt}","completion":"${i % 2 === 0 ? ' ' : ''}c${i}"}\n`);
      // Now and then a row longer than a block, written straight.
      if (i % 5_000 === 0) {
        const long = 'é'.repeat(400_000);
        w.writeRow(long, '', false, '', '');
        rows.push(`{"prompt":"${long}","completion":""}\n`);
      }
      await w.backpressure();
    }
    const text = rows.join('');
    expect(w.lines).toBe(rows.length);
    expect(w.bytes).toBe(Buffer.byteLength(text));
    await w.commit();
    expect(readFileSync(target, 'utf8') === text).toBe(true);
  });

  it('holds the reader back while writes are in flight, and lets it go once they settle', async () => {
    const dir = fresh();
    const w = new AtomicLineWriter(join(dir, 'out.jsonl'));
    expect(w.backpressure()).toBeUndefined();
    const line = 'x'.repeat(MB - 1);
    // Each line fills a block: every write after the first sends one.
    for (let i = 0; i < 6; i++) w.write(line);
    const waiting = w.backpressure();
    expect(waiting).toBeInstanceOf(Promise);
    await waiting;
    await w.close();
    expect(w.backpressure()).toBeUndefined();
    await w.abandon();
  });

  it('writes synchronously past twice the writes allowed in flight, in order', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    const lines = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(MB)}`);
    for (const line of lines) w.write(line);
    await w.commit();
    expect(readFileSync(target, 'utf8') === lines.map((l) => `${l}\n`).join('')).toBe(true);
  });
});

describe('removeLeftovers', () => {
  it("removes dead processes' temp files and keeps this process's, live ones' and other files", async () => {
    const dir = fresh();
    // Above Linux's largest process id (2^22), so never running.
    const dead = 99_999_999;
    const names = {
      dead: `.fine-tune-${dead}-abcd1234.out.jsonl.tmp`,
      parent: `.fine-tune-${process.ppid}-abcd1234.out.jsonl.tmp`,
      // Process 1 is always running; as another user, kill(1, 0) answers EPERM.
      init: '.fine-tune-1-abcd1234.out.jsonl.tmp',
      other: '.fine-tune-x-abcd.out.jsonl.tmp',
      notTemp: `.fine-tune-${dead}-abcd1234.out.jsonl`,
      plain: 'out.jsonl',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), '');
    const own = new AtomicLineWriter(join(dir, 'mine.jsonl'));
    removeLeftovers(dir);
    expect(readdirSync(dir).sort()).toEqual(
      [
        names.parent,
        names.init,
        names.other,
        names.notTemp,
        names.plain,
        own.tempPath.slice(dir.length + 1),
      ].sort(),
    );
    await own.abandon();
  });

  it('does nothing for a folder that cannot be read', () => {
    expect(() => removeLeftovers(join(fresh(), 'missing'))).not.toThrow();
  });
});
