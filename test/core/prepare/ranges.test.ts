import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';
import { FlatLine } from '../../../src/core/prepare/flat-line.js';
import { parseJsonLine } from '../../../src/core/read/jsonl.js';

/**
 * The fast path scans lines as ranges of the chunk they were read in and hashes and counts values in
 * place. These tests hold it to the full parser: the same rows written once so that every line takes
 * the fast path and once so that every line takes the full parser must give the same analysis and the
 * same bytes.
 */

function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

describe('flat lines as ranges of a longer text', () => {
  it('scan each line of a chunk as they scan alone', () => {
    const random = seeded(5);
    const pieces = ['a', 'É', '😀', '\\"', '\\\\', '\\n', '\\u00e9', '"', '\\', ' ', '\t', ':', ',', '}'];
    const text = (): string =>
      Array.from({ length: random(5) }, () => pieces[random(pieces.length)]).join('');
    const lines = Array.from({ length: 2000 }, () => {
      const keys = ['prompt', 'completion', 'id'].slice(0, 1 + random(3));
      return `${random(4) === 0 ? ' ' : ''}{${keys.map((k) => `"${k}": "${text()}"`).join(', ')}}`;
    });
    const chunk = lines.join('\n');
    const inChunk = new FlatLine();
    inChunk.reset(chunk);
    const alone = new FlatLine();
    let start = 0;
    let accepted = 0;
    for (const line of lines) {
      alone.reset(line);
      const n = alone.scan();
      for (const trusted of [false, true]) {
        if (trusted && n < 0) continue;
        expect(inChunk.scan(start, start + line.length, trusted), line).toBe(n);
        expect(inChunk.lineText()).toBe(line);
        for (let k = 0; k < n; k++) {
          expect(inChunk.value(k)).toBe(alone.value(k));
          const range = inChunk.fieldText(k).slice(inChunk.fieldStart(k), inChunk.fieldEnd(k));
          expect(range).toBe(alone.value(k));
        }
      }
      if (n >= 0) accepted++;
      start += line.length + 1;
    }
    expect(accepted).toBeGreaterThan(200);
  });
});

const WORDS = [
  'Order',
  'REFUND',
  'é',
  'Ünïcode',
  '😀',
  '𝐀𝐁',
  '𐐀𐐨',
  'tab\there',
  'say "hi"',
  'a\\b',
  'new\nline',
];

/** Rows of the given kind: varied text full of escapes, non-ASCII and astral letters, and duplicates. */
function rows(
  kind: 'mixed' | 'shouting' | 'classes',
  count: number,
): Array<{ prompt: string; completion: string }> {
  const random = seeded(kind.length);
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[random(WORDS.length)]).join(' ');
  const out: Array<{ prompt: string; completion: string }> = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && random(9) === 0) {
      out.push(out[random(i)] as { prompt: string; completion: string });
      continue;
    }
    // One prompt longer than a read chunk, so that a line is joined across chunks.
    const prompt = i === 300 ? words(12_000) : `Ticket ${i}: ${words(2 + random(8))}`;
    const completion =
      kind === 'classes' ? (['yes', 'no', 'Maybe'][random(3)] ?? '') : ` ${words(1 + random(6))}`;
    out.push(
      kind === 'shouting'
        ? { prompt: prompt.toUpperCase(), completion: completion.toUpperCase() }
        : { prompt, completion },
    );
  }
  return out;
}

/** The rows as JSON Lines with a BOM, CRLF line ends and blank lines; `slow`: an escaped key on every
 * line, which JSON.parse reads as "prompt" but the fast path leaves to the full parser. */
function jsonl(data: ReadonlyArray<{ prompt: string; completion: string }>, slow: boolean): string {
  const key = slow ? '"pro\\u006dpt"' : '"prompt"';
  const lines = data.map((r, i) => {
    const line = `{${key}: ${JSON.stringify(r.prompt)}, "completion": ${JSON.stringify(r.completion)}}`;
    return i % 50 === 7 ? `${line}\r\n  \t` : line;
  });
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

async function prepared(
  dir: string,
  text: string,
  split: boolean,
): Promise<{ analysis: string; files: string[] }> {
  await mkdir(dir);
  const path = join(dir, 'data.jsonl');
  await writeFile(path, text);
  const analysis = await analyzeFile(path);
  expect(analysis.error).toBeNull();
  const accepted = new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));
  await writePrepared(analysis, { accepted, split });
  const names = (await readdir(dir)).filter((name) => name !== 'data.jsonl').sort();
  const files = await Promise.all(
    names.map(async (name) => `${name}\n${await readFile(join(dir, name), 'utf8')}`),
  );
  return { analysis: JSON.stringify({ ...analysis, input: '', plan: { ...analysis.plan } }), files };
}

describe('fast path and full parser', () => {
  it.each(['mixed', 'shouting', 'classes'] as const)(
    'give the same analysis and bytes on %s rows',
    async (kind) => {
      const data = rows(kind, 1500);
      const root = await mkdtemp(join(tmpdir(), 'ranges-'));
      const fast = await prepared(join(root, 'fast'), jsonl(data, false), kind === 'classes');
      const slow = await prepared(join(root, 'slow'), jsonl(data, true), kind === 'classes');
      expect(fast.analysis).toBe(slow.analysis);
      expect(fast.files).toEqual(slow.files);
      expect(fast.files.length).toBeGreaterThan(0);
      // The rows really differ in what the checks see: duplicates, and (shouting) the uppercase fix.
      expect(fast.analysis).toContain('"duplicates"');
      if (kind === 'shouting') expect(fast.analysis).toContain('uppercase-prompts');
    },
  );
});

describe('raw control characters', () => {
  it.each([
    ['in a prompt', '{"prompt": "a\tb", "completion": " c"}'],
    ['in a completion', '{"prompt": "a", "completion": " c\u0001"}'],
    ['in a row with an empty completion', '{"prompt": "\u001f", "completion": ""}'],
    ['in another field', '{"prompt": "a", "id": "x\ry", "completion": " c"}'],
    ['in a key', '{"prompt": "a", "i\u0002d": "x", "completion": " c"}'],
    ['in an escaped value', '{"prompt": "a\\n\t", "completion": " c"}'],
  ])('%s fail the line as the full parser does', async (_name, bad) => {
    const good = (i: number): string => JSON.stringify({ prompt: `p${i}`, completion: ` c${i}` });
    const root = await mkdtemp(join(tmpdir(), 'controls-'));
    const path = join(root, 'data.jsonl');
    await writeFile(path, [good(1), good(2), good(3), bad, good(5)].join('\n'));
    const analysis = await analyzeFile(path);
    expect(() => parseJsonLine(bad, 4, path)).toThrow();
    let expected = '';
    try {
      parseJsonLine(bad, 4, path);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(analysis.error?.message).toBe(expected);
  });

  it('between tokens are whitespace, on both paths', async () => {
    const root = await mkdtemp(join(tmpdir(), 'controls-'));
    const lines = ['{"prompt":\t"a",\r "completion": " b"}', '{"prompt": "c", "completion": " d"}'];
    const fast = await prepared(join(root, 'fast'), lines.join('\n'), false);
    const slow = await prepared(
      join(root, 'slow'),
      lines.map((l) => l.replace('"prompt"', '"pro\\u006dpt"')).join('\n'),
      false,
    );
    expect(fast).toEqual(slow);
  });
});
