import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferInferenceFormat } from '../../../src/core/prepare/infer-format.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'infer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, rows: readonly unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('inferInferenceFormat', () => {
  it('finds the separator prompts end with and the ending completions end with', async () => {
    const path = await file('gen.jsonl', [
      { prompt: 'a\n\n###\n\n', completion: ' one END' },
      { prompt: 'bb\n\n###\n\n', completion: ' two END' },
    ]);
    expect(await inferInferenceFormat(path)).toEqual({ separator: '\n\n###\n\n', stop: ' END' });
  });

  it('gives no stop for classification labels that share nothing at the end', async () => {
    const path = await file('cls.jsonl', [
      { prompt: 'x ->', completion: ' sports' },
      { prompt: 'y ->', completion: ' food' },
    ]);
    expect(await inferInferenceFormat(path)).toEqual({ separator: ' ->', stop: null });
  });

  it('never takes the end of a word as a marker', async () => {
    const path = await file('words.jsonl', [
      { prompt: 'so happy', completion: ' positive' },
      { prompt: 'not snappy', completion: ' negative' },
    ]);
    expect(await inferInferenceFormat(path)).toEqual({ separator: null, stop: null });
  });

  it('gives nulls for chat data', async () => {
    const path = await file('chat.jsonl', [{ messages: [{ role: 'user', content: 'hi' }] }]);
    expect(await inferInferenceFormat(path)).toEqual({ separator: null, stop: null });
  });
});
