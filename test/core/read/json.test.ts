import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { MAX_JSON_BYTES, readJson, scanJsonItems } from '../../../src/core/read/json.js';

// A `.json` file is parsed whole: each way it can be wrong gets its own one-line error naming the file
// (and the row or line at fault), and a file that is really JSON Lines is read as such.

const dir = mkdtempSync(join(tmpdir(), 'fine-tune-json-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `data-${++n}.json`);
  writeFileSync(path, content);
  return path;
}
const read = (content: string | Buffer) => {
  const bytes = Buffer.from(content);
  return readJson(file(bytes), 'data.json', bytes.length);
};
async function refusal(content: string | Buffer): Promise<DataError> {
  const error = await read(content).catch((e: unknown) => e);
  if (!(error instanceof DataError)) throw new Error(`not refused: ${String(error)}`);
  // The id reports and scripts read (`--json`): every refusal of the file itself is this one.
  expect(error.id).toBe('invalid-file');
  return error;
}

describe('readJson', () => {
  it('reads an array of objects, one object, and an empty file', async () => {
    expect(await read('[{"a":1},{"a":2}]')).toEqual({ kind: 'json', items: [{ a: 1 }, { a: 2 }] });
    expect(await read('{"prompt":"p"}')).toEqual({ kind: 'json', items: [{ prompt: 'p' }] });
    expect(await read(' \n ')).toEqual({ kind: 'json', items: [] });
  });

  it('recognises JSON Lines saved as .json, only when its first line is an object', async () => {
    expect(await read('\n{"a":1}\n{"a":2}\n')).toEqual({ kind: 'jsonl' });
    expect((await refusal('[1]\n[2]\n')).message).toMatch(/^data\.json: not valid JSON at line 2 \(/);
  });

  it('names the line of a syntax error', async () => {
    const error = await refusal('[\n{"a":1},\n{"a" 1}\n]');
    expect(error.message).toMatch(/^data\.json: not valid JSON at line 3 \(/);
    expect(error.position).toBe(3);
  });

  it('names the row of an array item that is not an object', async () => {
    for (const bad of ['3', 'null', '[1]', '"text"']) {
      const error = await refusal(`[{"a":1},{"a":2},${bad}]`);
      expect(error.message).toBe('data.json: row 3 of the array is not an object');
      expect(error.position).toBe(3);
    }
  });

  it('refuses a document that is neither an array nor an object', async () => {
    for (const bad of ['42', '"text"', 'null']) {
      expect((await refusal(bad)).message).toBe('data.json: expected an array of objects or one object');
    }
  });

  it('refuses binary data, text that is not UTF-8, and a file too large to parse whole', async () => {
    expect((await refusal(Buffer.from('{"a":"\0"}'))).message).toBe(
      'data.json: holds binary data (a NUL byte); is this really a JSON file?',
    );
    expect((await refusal(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).message).toBe(
      'data.json: is not valid UTF-8 text; save the file with UTF-8 encoding',
    );
    const path = file('{}');
    await expect(readJson(path, 'data.json', MAX_JSON_BYTES + 1)).rejects.toThrow(
      'data.json: too large to read as one JSON document; save it as JSON Lines (.jsonl)',
    );
    expect(await readJson(path, 'data.json', MAX_JSON_BYTES)).toEqual({ kind: 'json', items: [{}] });
  });
});

describe('scanJsonItems', () => {
  it('numbers the items from 1, as rows', () => {
    const seen: Array<[number, unknown]> = [];
    scanJsonItems([{ a: 1 }, { a: 2 }], (position, value) => seen.push([position, value]));
    expect(seen).toEqual([
      [1, { a: 1 }],
      [2, { a: 2 }],
    ]);
  });
});
