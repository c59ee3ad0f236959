import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { jsonReason, parseJsonLine, scanJsonLines, scanText } from '../../../src/core/read/jsonl.js';

// JSON Lines and TXT files are streamed line by line: the line numbers a person reads in an error
// or a report are the file's own, blank lines are skipped (JSONL) or kept as examples (TXT), and a
// broken line is one short error naming the file, the line and what JSON.parse said.

const dir = mkdtempSync(join(tmpdir(), 'fine-tune-jsonl-'));
let n = 0;
function file(content: string | Buffer): { path: string; bytes: number } {
  const path = join(dir, `data-${++n}`);
  writeFileSync(path, content);
  return { path, bytes: Buffer.byteLength(content) };
}

async function jsonLines(content: string | Buffer): Promise<Array<[number, unknown, string | undefined]>> {
  const { path, bytes } = file(content);
  const seen: Array<[number, unknown, string | undefined]> = [];
  await scanJsonLines(path, 'data.jsonl', bytes, (line, value, raw) => seen.push([line, value, raw]));
  return seen;
}

async function refusal(run: Promise<unknown>): Promise<DataError> {
  const error = await run.catch((e: unknown) => e);
  if (!(error instanceof DataError)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

describe('jsonReason', () => {
  it("drops V8's echo of the line and the words 'in JSON', keeping the reason", () => {
    const echoed = (text: string) => {
      try {
        JSON.parse(text);
      } catch (error) {
        return jsonReason(error);
      }
      throw new Error('parsed');
    };
    expect(echoed('{"a":x}')).toBe("Unexpected token 'x'");
    expect(echoed('{"a":1 "b":2}')).toBe("Expected ',' or '}' after property value at position 7");
    expect(echoed('{"a":')).toBe('Unexpected end of JSON input');
  });

  it('keeps a reason to one line of at most 90 characters, and reads what is not an Error', () => {
    expect(jsonReason(new Error(`${'w '.repeat(60)}end`))).toBe(`${'w '.repeat(44)}w…`);
    expect(jsonReason(new Error('one\n  two'))).toBe('one two');
    expect(jsonReason('a thrown string')).toBe('a thrown string');
  });
});

describe('parseJsonLine', () => {
  it('returns the value of a good line', () => {
    expect(parseJsonLine('{"prompt":"p"}', 3, 'x.jsonl')).toEqual({ prompt: 'p' });
  });

  it('refuses a broken line with the file, the line and the reason', () => {
    let error: unknown;
    try {
      parseJsonLine('{"a":x}', 7, 'x.jsonl');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe("x.jsonl: line 7 is not valid JSON (Unexpected token 'x')");
    expect((error as DataError).id).toBe('invalid-file');
    expect((error as DataError).position).toBe(7);
  });
});

describe('scanJsonLines', () => {
  it("numbers lines as the file does, skips blank and whitespace-only ones, and hands each line's text", async () => {
    const text = '{"a":1}\n\n   \n\t\r\n {"a":2}\r\n\t{"a":3}\n{"a":4}';
    expect(await jsonLines(text)).toEqual([
      [1, { a: 1 }, '{"a":1}'],
      [5, { a: 2 }, ' {"a":2}'],
      [6, { a: 3 }, '\t{"a":3}'],
      [7, { a: 4 }, '{"a":4}'],
    ]);
  });

  it('reads nothing from an empty file or one of blank lines', async () => {
    expect(await jsonLines('')).toEqual([]);
    expect(await jsonLines('\n \n\r\n')).toEqual([]);
  });

  it('refuses a broken line by its number, counting the blank lines before it', async () => {
    const { path, bytes } = file('{"a":1}\n\n{"a":\n');
    const error = await refusal(scanJsonLines(path, 'data.jsonl', bytes, () => undefined));
    expect(error.message).toBe('data.jsonl: line 3 is not valid JSON (Unexpected end of JSON input)');
    expect(error.position).toBe(3);
  });

  it('refuses a binary file (a NUL byte) by its line, under the name given', async () => {
    const { path, bytes } = file(Buffer.from('{"a":1}\n{"a":"\u0000"}\n'));
    const error = await refusal(scanJsonLines(path, 'data.jsonl', bytes, () => undefined));
    expect(error.message).toMatch(/^data\.jsonl: line 2 holds binary data/);
  });

  it('reports its progress to whoever watches', async () => {
    const { path, bytes } = file('{"a":1}\n{"a":2}\n');
    const progress: number[] = [];
    await scanJsonLines(path, 'data.jsonl', bytes, () => undefined, {
      onProgress: (p) => progress.push(p.bytesRead),
    });
    expect(progress.at(-1)).toBe(bytes);
  });
});

describe('scanText', () => {
  it('makes every line an example with an empty prompt, blank lines included', async () => {
    const { path, bytes } = file('first\n\nthird\r\nlast');
    const seen: Array<[number, unknown]> = [];
    await scanText(path, 'notes.txt', bytes, (line, value) => seen.push([line, value]));
    expect(seen).toEqual([
      [1, { prompt: '', completion: 'first' }],
      [2, { prompt: '', completion: '' }],
      [3, { prompt: '', completion: 'third' }],
      [4, { prompt: '', completion: 'last' }],
    ]);
  });

  it('refuses a binary file under the name given, and reports its progress', async () => {
    const bad = file(Buffer.from('a\nb\u0000\n'));
    const error = await refusal(scanText(bad.path, 'notes.txt', bad.bytes, () => undefined));
    expect(error.message).toMatch(/^notes\.txt: line 2 holds binary data/);
    const good = file('a\nb\n');
    const progress: number[] = [];
    await scanText(good.path, 'notes.txt', good.bytes, () => undefined, {
      onProgress: (p) => progress.push(p.bytesRead),
    });
    expect(progress.at(-1)).toBe(good.bytes);
  });
});
