import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';
import { FlatLine } from '../../../src/core/prepare/flat-line.js';
import { wantedRecords } from '../../../src/core/prepare/records.js';
import { openSource } from '../../../src/core/read/open.js';
import { jsonSafe } from '../../../src/core/prepare/text.js';
import { writeRows } from './helpers.js';

async function prepareAll(path: string): Promise<unknown[]> {
  const analysis = await analyzeFile(path);
  expect(analysis.error).toBeNull();
  const accepted = new Set(analysis.findings.map((f) => f.id));
  const result = await writePrepared(analysis, { accepted, split: false });
  const text = await readFile(result.outputs[0]?.path ?? '', 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('flat JSON lines fast path', () => {
  it('finds string fields and decodes only escaped ones', () => {
    const line = new FlatLine();
    line.reset('{"completion": "a \\"b\\" \\u00e9", "prompt":"x"}');
    expect(line.scan()).toBe(2);
    expect(line.keys).toEqual(['completion', 'prompt']);
    expect(line.value(0)).toBe('a "b" é');
    expect(line.value(1)).toBe('x');
    expect(line.escaped[1]).toBe(0);
  });

  it('agrees with JSON.parse on generated lines full of quotes and backslashes', () => {
    // A seeded mix of the pieces the scan must tell apart: escaped quotes, runs of backslashes before a
    // quote, escaped keys, keys seen on the line before. Every line it accepts must decode as JSON.parse
    // decodes it, and every line it refuses must be one JSON.parse refuses or the full parser handles.
    let seed = 99;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pieces = ['a', 'É', '\\"', '\\\\', '\\\\\\"', '\\n', '\\u00e9', '"', '\\', ' ', '{', ':', ','];
    const text = (): string =>
      Array.from({ length: random(6) }, () => pieces[random(pieces.length)]).join('');
    const keys = ['prompt', 'completion', 'id', 'pro\\u006dpt'];
    const line = new FlatLine();
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const fields = Array.from(
        { length: 1 + random(3) },
        () => `"${keys[random(keys.length)]}": "${text()}"`,
      );
      const json = `{${fields.join(', ')}}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        parsed = undefined;
      }
      line.reset(json);
      const n = line.scan();
      if (n < 0) continue;
      accepted++;
      const decoded: Record<string, string> = {};
      for (let k = 0; k < n; k++) decoded[line.keys[k] as string] = line.value(k);
      expect(decoded, json).toEqual(parsed);
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it.each([
    '{"prompt": 1, "completion": "x"}',
    '{"prompt": {"a": 1}, "completion": "x"}',
    '{"prompt": "a", "prompt": "b"}',
    '{"prompt": "a"} trailing',
    '{"pro\\u006dpt": "a"}',
    '{"prompt": "a bad \\q escape", "completion": "x"}',
    '[1, 2]',
  ])('leaves %s to the full parser', (text) => {
    const line = new FlatLine();
    line.reset(text);
    expect(line.scan()).toBe(-1);
  });

  it('leaves raw control characters in values to the caller, and refuses them in keys', () => {
    const line = new FlatLine();
    line.reset('{"prompt": "tab\tinside", "id": "ok", "completion": "esc\\t"}');
    expect(line.scan()).toBe(3);
    expect([0, 1, 2].map((k) => line.hasControl(k))).toEqual([true, false, false]);
    line.reset('{"pro\u0001mpt": "x"}');
    expect(line.scan()).toBe(-1);
  });

  it('gives the same prepared rows whichever path a line takes', async () => {
    const lines = [
      '{"prompt": "FIRST \\u00c9T\\u00c9", "completion": "Line\\none", "id": 1}',
      '{"completion": "say \\"hi\\"", "prompt": "SECOND \\\\ SLASH"}',
      '{"prompt": "THIRD", "completion": 3.5}',
      '{"prompt": "FOURTH PLAIN", "completion": "plain text"}',
    ];
    const path = await writeRows([]);
    await writeFile(path, lines.join('\n') + '\n');
    expect(await prepareAll(path)).toEqual([
      { prompt: 'first été ->', completion: ' Line\none END' },
      { prompt: 'second \\ slash ->', completion: ' say "hi" END' },
      { prompt: 'third ->', completion: ' 3.5 END' },
      { prompt: 'fourth plain ->', completion: ' plain text END' },
    ]);
  });
});

describe('cells written without JSON.stringify when they need no escaping', () => {
  it('tells the characters JSON must escape from those it need not', () => {
    for (const bad of ['"', '\\', '\n', '\t', '\u0000', '\u001f', '\ud83d', '\ude00', '😀']) {
      expect(jsonSafe(`a${bad}b`), JSON.stringify(bad)).toBe(false);
    }
    for (const good of ['plain', 'été', '\u2028', '\u007f', ' ', '/', '']) {
      expect(jsonSafe(good), JSON.stringify(good)).toBe(true);
    }
  });

  it('writes a CSV byte for byte as the same rows given as JSON Lines', async () => {
    // Cells with and without characters to escape, mixed on one row: each text is encoded on its own.
    const texts = ['plain words', 'say "hi"', 'back\\slash', 'tab\there', 'two\nlines', 'emoji 😀 ok', 'é€'];
    const rows = texts.flatMap((prompt, i) =>
      texts.map((completion, j) => ({ prompt: `${prompt} ${i}${j}`, completion: ` ${completion}` })),
    );
    const quote = (t: string): string => `"${t.replaceAll('"', '""')}"`;
    const csv = await writeRows([], 'csv');
    await writeFile(
      csv,
      ['prompt,completion', ...rows.map((r) => `${quote(r.prompt)},${quote(r.completion)}`)].join('\n') +
        '\n',
    );
    const jsonl = await writeRows(rows);
    const written = async (path: string): Promise<string> => {
      const analysis = await analyzeFile(path);
      const accepted = new Set(analysis.findings.map((f) => f.id));
      const result = await writePrepared(analysis, { accepted, split: false });
      return readFile(result.outputs[0]?.path ?? '', 'utf8');
    };
    const fromCsv = await written(csv);
    expect(fromCsv.split('\n')).toHaveLength(rows.length + 1);
    expect(fromCsv).toBe(await written(jsonl));
    expect(fromCsv).toContain('say \\"hi\\"');
  });
});

describe('chat data', () => {
  it('routes chat JSONL to the chat analyzer and writes it with the accepted fixes', async () => {
    const rows = [
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'bye' },
          { role: 'assistant', content: 'see you' },
        ],
      },
    ];
    const path = await writeRows(rows);
    const analysis = await analyzeFile(path);
    expect(analysis.dataFormat).toBe('chat');
    expect(analysis.tokens?.examples).toBe(2);
    const accepted = new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));
    const result = await writePrepared(analysis, { accepted, split: false });
    if (result.unchanged) return;
    const written = (await readFile(result.outputs[0]?.path ?? '', 'utf8')).trim().split('\n');
    expect(written).toHaveLength(2);
  });
});

describe('reading a few rows again (a finding preview)', () => {
  it('parses only the wanted lines and stops after the last one, in JSON Lines and CSV alike', async () => {
    const lines = ['{"prompt":"a","completion":"1"}', '', '{"prompt":"b","completion":"2"}', 'not json'];
    const path = join(await mkdtemp(join(tmpdir(), 'wanted-')), 'rows.jsonl');
    await writeFile(path, `${lines.join('\n')}\n{"prompt":"c","completion":"3"}\n`);
    const got: Array<[number, unknown]> = [];
    const read = async (wanted: number[]): Promise<unknown> => {
      got.length = 0;
      await wantedRecords(await openSource(path, path), new Set(wanted), (p, v) => got.push([p, v]));
      return got;
    };
    // Line 4 is broken: it is neither parsed when unwanted nor reached after the last wanted line.
    expect(await read([3, 1])).toEqual([
      [1, { prompt: 'a', completion: '1' }],
      [3, { prompt: 'b', completion: '2' }],
    ]);
    expect(await read([5])).toEqual([[5, { prompt: 'c', completion: '3' }]]);
    await expect(read([4])).rejects.toThrow(/line 4 is not valid JSON/);
    const csv = join(await mkdtemp(join(tmpdir(), 'wanted-')), 'rows.csv');
    await writeFile(csv, 'prompt,completion\nx,1\ny,2\n');
    got.length = 0;
    await wantedRecords(await openSource(csv, csv), new Set([3]), (p, v) => got.push([p, v]));
    expect(got).toEqual([[3, { prompt: 'y', completion: '2' }]]);
  });
});
