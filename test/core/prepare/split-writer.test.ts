import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIndices } from '../../../src/core/prepare/split.js';
import { writeSplit } from '../../../src/core/prepare/split-writer.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'split-writer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the split writer', () => {
  it('writes training rows in permutation order and validation rows in file order, whatever the size of the parts it is built in', async () => {
    // Rows of different lengths, some longer than a part.
    const rows = Array.from({ length: 1300 }, (_, i) =>
      JSON.stringify({
        prompt: `row ${i} ${'x'.repeat(i % 37 === 0 ? 900 : i % 13)}`,
        completion: ` ${i % 3}`,
      }),
    );
    const text = rows.map((r) => `${r}\n`).join('');
    const all = join(dir, 'all.jsonl');
    await writeFile(all, text);
    const { train, valid } = splitIndices(rows.length);
    const expected = {
      train: [...train].map((i) => `${rows[i]}\n`).join(''),
      valid: [...valid].map((i) => `${rows[i]}\n`).join(''),
    };
    for (const parts of [undefined, { bytes: 4096, most: 1000 }, { bytes: 100, most: 1e9 }]) {
      const out = join(dir, String(parts?.bytes));
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      const outputs = await writeSplit(
        all,
        rows.length,
        { train, valid },
        join(out, 't.jsonl'),
        join(out, 'v.jsonl'),
        parts,
      );
      expect(outputs.map((o) => o.examples)).toEqual([train.length, valid.length]);
      expect(await readFile(join(out, 't.jsonl'), 'utf8')).toBe(expected.train);
      expect(await readFile(join(out, 'v.jsonl'), 'utf8')).toBe(expected.valid);
      // Nothing else is left.
      expect((await readdir(out)).sort()).toEqual(['t.jsonl', 'v.jsonl']);
    }
  });

  it('moves rows longer than its read buffer (1 MiB) to their place as the short ones', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        prompt: `row ${i} ${'y'.repeat(i % 9 === 4 ? 1_300_000 + i : i)}`,
        completion: ` ${i}`,
      }),
    );
    const all = join(dir, 'long.jsonl');
    await writeFile(all, rows.map((r) => `${r}\n`).join(''));
    const { train, valid } = splitIndices(rows.length);
    const out = join(dir, 'long');
    await mkdir(out, { recursive: true });
    await writeSplit(all, rows.length, { train, valid }, join(out, 't.jsonl'), join(out, 'v.jsonl'));
    const lines = (name: string) => readFile(join(out, name), 'utf8').then((t) => t.split('\n').slice(0, -1));
    expect(await lines('t.jsonl')).toEqual([...train].map((i) => rows[i]));
    expect(await lines('v.jsonl')).toEqual([...valid].map((i) => rows[i]));
  });
});
