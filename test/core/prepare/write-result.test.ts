import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared, type Analysis } from '../../../src/core/prepare/index.js';
import { cleanRows, ids, writeRows } from './helpers.js';

// What the writer says about what it wrote: the model step builds `fine-tune create` from it
// (--separator, --stop, --system-prompt) and the job is queried the same way later, so a wrong field
// here trains or queries the model wrongly. Also the refusals that keep a bad output from being written.

const FAST = { deferTokens: true } as const;
const chatRow = (i: number) => ({
  messages: [
    { role: 'user', content: `q${i}` },
    { role: 'assistant', content: `a${i}` },
  ],
});
const all = (analysis: Analysis) =>
  new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));

async function written(rows: readonly unknown[]) {
  const analysis = await analyzeFile(await writeRows(rows), FAST);
  const result = await writePrepared(analysis, { accepted: all(analysis), split: false });
  return { analysis, result };
}

describe('what the writer reports', () => {
  it('gives conditional generation its separator and stop sequence', async () => {
    const { analysis, result } = await written(
      Array.from({ length: 20 }, (_, i) => ({ prompt: `question ${i}`, completion: `answer ${i * 7}` })),
    );
    expect(analysis.taskType).toBe('conditional generation');
    expect(result).toMatchObject({ unchanged: false, separator: ' ->', stop: '\n', systemPrompt: null });
    expect(result.outputs).toEqual([expect.objectContaining({ role: 'all', examples: 20 })]);
  });

  it('gives classification a separator but no stop sequence (the label is one token)', async () => {
    const { analysis, result } = await written(
      Array.from({ length: 40 }, (_, i) => ({
        prompt: `ticket ${i}`,
        completion: i % 2 ? 'billing' : 'hardware',
      })),
    );
    expect(analysis.taskType).toBe('classification');
    expect(result).toMatchObject({ separator: ' ->', stop: null });
  });

  it('gives open-ended generation neither: there is no prompt to end', async () => {
    const { analysis, result } = await written(
      Array.from({ length: 20 }, (_, i) => ({
        prompt: '',
        completion: `a story number ${i} about ${i * 3}`,
      })),
    );
    expect(analysis.taskType).toBe('open-ended generation');
    expect(result).toMatchObject({ separator: null, stop: null });
  });

  it('reports the system message most chat examples share, for a chat file written or used as it is', async () => {
    const system = { role: 'system', content: 'You sort tickets.' };
    const example = (i: number, withSystem: boolean) => ({
      messages: [
        ...(withSystem ? [system] : []),
        { role: 'user', content: `ticket ${i}` },
        { role: 'assistant', content: `answer ${i}` },
      ],
    });
    const clean = await analyzeFile(
      await writeRows(Array.from({ length: 4 }, (_, i) => example(i, true))),
      FAST,
    );
    const asIs = await writePrepared(clean, { accepted: new Set(), split: false });
    expect(asIs).toMatchObject({
      unchanged: true,
      outputs: [],
      systemPrompt: 'You sort tickets.',
      separator: null,
    });
    // Half of them is enough; fewer is not.
    const half = await analyzeFile(
      await writeRows([example(0, true), example(1, true), example(2, false), example(3, false)]),
      FAST,
    );
    expect((await writePrepared(half, { accepted: new Set(), split: false })).systemPrompt).toBe(
      'You sort tickets.',
    );
    const few = await analyzeFile(
      await writeRows([example(0, true), example(1, false), example(2, false), example(3, false)]),
      FAST,
    );
    expect((await writePrepared(few, { accepted: new Set(), split: false })).systemPrompt).toBeNull();
  });
});

describe('writing chat data', () => {
  it('keeps an untouched line as the file holds it, writes a fixed one as JSON, and counts the removed', async () => {
    const line = (q: string) =>
      `{ "messages": [ { "role": "user", "content": "${q}" }, { "role": "assistant", "content": "ok" } ] }`;
    const path = await writeRows([]);
    await writeFile(path, `${[line('a'), line('b'), line('a'), line('c')].join('\n')}\n`);
    const analysis = await analyzeFile(path, FAST);
    const result = await writePrepared(analysis, {
      accepted: new Set(['remove-duplicates']),
      split: false,
      systemMessage: 'Be brief.',
    });
    expect(result).toMatchObject({
      removedRows: 1,
      modifiedRows: 0,
      examples: 3,
      separator: null,
      stop: null,
    });
    const out = (await readFile(result.outputs[0]?.path ?? '', 'utf8')).trimEnd().split('\n');
    expect(out).toEqual([line('a'), line('b'), line('c')]);
    // A fix that changes a line writes it again as JSON: the system message added to every example.
    const system = await writePrepared(
      analysis,
      {
        accepted: new Set(['remove-duplicates', 'add-system-message']),
        split: false,
        systemMessage: 'Be brief.',
      },
      { force: true },
    );
    const fixed = (await readFile(system.outputs[0]?.path ?? '', 'utf8')).trimEnd().split('\n');
    expect(fixed[0]).toBe(
      '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"a"},{"role":"assistant","content":"ok"}]}',
    );
    expect(system).toMatchObject({ modifiedRows: 3, systemPrompt: 'Be brief.' });
  });
});

describe('chat lines as they are written', () => {
  it('reports no system message for chat data that has none', async () => {
    const analysis = await analyzeFile(await writeRows([chatRow(1), chatRow(2), chatRow(3)]), FAST);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(result).toMatchObject({ unchanged: true, systemPrompt: null });
  });

  it('writes an untouched line without the spaces around it, and a line from a .json file as JSON', async () => {
    const path = await writeRows([]);
    const first = JSON.stringify(chatRow(1));
    await writeFile(path, `  ${first}  \n${JSON.stringify(chatRow(2))}\n${JSON.stringify(chatRow(2))}\n`);
    const result = await writePrepared(await analyzeFile(path, FAST), {
      accepted: new Set(['remove-duplicates']),
      split: false,
    });
    expect((await readFile(result.outputs[0]?.path ?? '', 'utf8')).split('\n')[0]).toBe(first);
    const json = await writeRows([], 'json');
    await writeFile(json, JSON.stringify([chatRow(1), chatRow(1), chatRow(2)], null, 2));
    const fromJson = await writePrepared(await analyzeFile(json, FAST), {
      accepted: new Set(['remove-duplicates']),
      split: false,
    });
    expect(fromJson).toMatchObject({ removedRows: 1, modifiedRows: 0, examples: 2 });
    expect(await readFile(fromJson.outputs[0]?.path ?? '', 'utf8')).toBe(
      `${JSON.stringify(chatRow(1))}\n${JSON.stringify(chatRow(2))}\n`,
    );
  });

  it('writes the answer chosen for a row by hand, and only that row changes', async () => {
    const analysis = await analyzeFile(await writeRows([chatRow(1), chatRow(2), chatRow(3)]), FAST);
    const result = await writePrepared(analysis, {
      accepted: new Set(),
      split: false,
      relabel: new Map([[2, 'a new answer']]),
    });
    expect(result).toMatchObject({ unchanged: false, modifiedRows: 1, removedRows: 0, examples: 3 });
    const written = (await readFile(result.outputs[0]?.path ?? '', 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    const second = chatRow(2);
    expect(written).toEqual([
      chatRow(1),
      { messages: [second.messages[0], { role: 'assistant', content: 'a new answer' }] },
      chatRow(3),
    ]);
  });
});

describe('what the writer refuses', () => {
  it('refuses chat data with an invalid example, naming its line, until remove-invalid-examples is accepted', async () => {
    const bad = {
      messages: [
        { role: 'robot', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
    };
    const path = await writeRows([chatRow(1), bad, chatRow(2), chatRow(3)]);
    const analysis = await analyzeFile(path, FAST);
    expect(ids(analysis, 'error')).toEqual(['unknown-role']);
    await expect(writePrepared(analysis, { accepted: new Set(), split: false })).rejects.toThrow(
      `${path}: Line 2 has a role other than system, developer, user, assistant, tool or function ("robot"). (accept remove-invalid-examples to drop them)`,
    );
    const result = await writePrepared(analysis, {
      accepted: new Set(['remove-invalid-examples']),
      split: false,
    });
    expect(result).toMatchObject({ removedRows: 1, examples: 3, unchanged: false });
    expect(
      (await readFile(result.outputs[0]?.path ?? '', 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([chatRow(1), chatRow(2), chatRow(3)]);
  });

  it('writes nothing from an analysis that stopped at an error, and says why', async () => {
    const analysis = await analyzeFile(await writeRows([{ question: 'q', answer: 'a' }]), FAST);
    expect(analysis.error).not.toBeNull();
    await expect(writePrepared(analysis, { accepted: new Set(), split: false })).rejects.toThrow(
      analysis.error?.message ?? 'no message',
    );
  });

  it('writes nothing when every row is dropped, rather than an empty file that fails at upload', async () => {
    const path = await writeRows(cleanRows(3));
    const stem = basename(path, '.jsonl');
    const analysis = await analyzeFile(path, FAST);
    await expect(
      writePrepared(analysis, { accepted: new Set(), split: false, dropped: new Set([1, 2, 3]) }),
    ).rejects.toThrow('no examples left once the removed ones are taken out; nothing was written');
    expect((await readdir(dirname(path))).filter((n) => n.startsWith(stem) && n !== basename(path))).toEqual(
      [],
    );
  });

  it('rewrites a file only for a dropped row too, and creates the output folder it is given', async () => {
    const path = await writeRows(cleanRows(3));
    const analysis = await analyzeFile(path, FAST);
    const outDir = join(dirname(path), 'new', 'folder');
    const result = await writePrepared(
      analysis,
      { accepted: new Set(), split: false, dropped: new Set([2]) },
      { outDir },
    );
    expect(result).toMatchObject({ unchanged: false, removedRows: 1, examples: 2 });
    const out = result.outputs[0]?.path ?? '';
    expect(dirname(out)).toBe(outDir);
    expect((await readFile(out, 'utf8')).trimEnd().split('\n')).toHaveLength(2);
  });
});
