import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../../src/core/file-errors.js';
import { analyzeFile, withValidationLeak, writePrepared } from '../../../src/core/prepare/index.js';
import { cleanRows, finding, writeRows } from './helpers.js';

// The writer's decisions a user relies on, each from both sides: when the file is used as it is and
// when it is written, which rows a quality fix or a validation file takes out, which side of the split
// a row lands on, and the refusals (the file and line named). Every state is built inside its test
// (mutation testing reruns the tests in one process).

const FAST = { deferTokens: true } as const;
const lines = async (path: string | undefined): Promise<string[]> =>
  (await readFile(path ?? '', 'utf8')).trimEnd().split('\n');
const parsed = async (path: string | undefined) =>
  (await lines(path)).map((l) => JSON.parse(l) as { prompt: string; completion: string });

describe('a file used as it is, or written', () => {
  it('uses a clean .jsonl as it is, whatever the case of its extension, and reports its figures', async () => {
    const path = await writeRows(cleanRows(12), 'JSONL');
    const analysis = await analyzeFile(path, FAST);
    expect(analysis.findings.filter((f) => f.kind !== 'info')).toEqual([]);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(result).toEqual({
      outputs: [],
      removedRows: 0,
      modifiedRows: 0,
      unchanged: true,
      examples: 12,
      classification: analysis.classification,
      separator: ' ->',
      stop: ': done\n',
      systemPrompt: null,
      missingClasses: null,
    });
  });

  it('writes a clean CSV file as JSON Lines: only a .jsonl file can be uploaded as it is', async () => {
    const path = await writeRows([], 'csv');
    await writeFile(
      path,
      'prompt,completion\n"say ""hi"" ->"," hello\n"\nplain ->," text\n"\nthird ->," three\n"\n',
    );
    const analysis = await analyzeFile(path, FAST);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(result).toMatchObject({ unchanged: false, removedRows: 0, modifiedRows: 0, examples: 3 });
    expect(await parsed(result.outputs[0]?.path)).toEqual([
      { prompt: 'say "hi" ->', completion: ' hello\n' },
      { prompt: 'plain ->', completion: ' text\n' },
      { prompt: 'third ->', completion: ' three\n' },
    ]);
  });

  it('writes a clean file again for a label chosen by hand, and only that row changes', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      prompt: `ticket ${i} ->`,
      completion: i % 2 ? ' billing' : ' hardware',
    }));
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const none = await writePrepared(analysis, { accepted: new Set(), split: false, relabel: new Map() });
    expect(none.unchanged).toBe(true);
    const result = await writePrepared(analysis, {
      accepted: new Set(),
      split: false,
      relabel: new Map([
        [3, ' billing'],
        [6, ' say "refund"'],
      ]),
    });
    expect(result).toMatchObject({ unchanged: false, removedRows: 0, examples: 12 });
    const written = await parsed(result.outputs[0]?.path);
    // A chosen label is no slice of the line: one that needs escaping is written as valid JSON too.
    expect(written.map((r) => r.completion)).toEqual(
      rows.map((r, i) => (i === 2 ? ' billing' : i === 5 ? ' say "refund"' : r.completion)),
    );
    expect(written.map((r) => r.prompt)).toEqual(rows.map((r) => r.prompt));
  });

  it('splits only classification data: other data is written whole, with no classes to miss', async () => {
    const analysis = await analyzeFile(await writeRows(cleanRows(12)), FAST);
    expect(analysis.taskType).toBe('conditional generation');
    const result = await writePrepared(analysis, {
      accepted: new Set(),
      split: true,
      dropped: new Set([1]),
    });
    expect(result.outputs.map((o) => [o.role, o.examples])).toEqual([['all', 11]]);
    expect(result.missingClasses).toBeNull();
  });
});

describe('the rows written', () => {
  const rows = () =>
    Array.from({ length: 6 }, (_, i) => ({ prompt: `question ${i}`, completion: ` answer ${i}` }));

  it('adds the separator alone when only prompt-separator is accepted', async () => {
    const analysis = await analyzeFile(await writeRows(rows()), FAST);
    const result = await writePrepared(analysis, { accepted: new Set(['prompt-separator']), split: false });
    expect(await parsed(result.outputs[0]?.path)).toEqual(
      rows().map((r) => ({ prompt: `${r.prompt} ->`, completion: r.completion })),
    );
    expect(result).toMatchObject({ modifiedRows: 6, classification: null });
  });

  it('adds the ending alone when only completion-ending is accepted', async () => {
    const analysis = await analyzeFile(await writeRows(rows()), FAST);
    const result = await writePrepared(analysis, { accepted: new Set(['completion-ending']), split: false });
    expect(await parsed(result.outputs[0]?.path)).toEqual(
      rows().map((r) => ({ prompt: r.prompt, completion: `${r.completion}\n` })),
    );
  });

  it('writes a .jsonl file again for a necessary fix alone: the extra column left out', async () => {
    const path = await writeRows(rows().map((r, i) => ({ ...r, prompt: `${r.prompt} ->`, id: `t${i}` })));
    const analysis = await analyzeFile(path, FAST);
    expect(finding(analysis, 'extra-columns').kind).toBe('necessary');
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(result).toMatchObject({ unchanged: false, removedRows: 0, examples: 6 });
    expect(await parsed(result.outputs[0]?.path)).toEqual(
      rows().map((r) => ({ prompt: `${r.prompt} ->`, completion: r.completion })),
    );
  });

  it('writes lines that are not flat objects of text, and a .json file, from their parsed records', async () => {
    const path = await writeRows([
      { prompt: 'one ->', completion: ' 1\n', meta: { n: 1 } },
      { prompt: 'two ->', completion: 2 },
      { prompt: 'three ->', completion: ' 3\n' },
    ]);
    const analysis = await analyzeFile(path, FAST);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(await parsed(result.outputs[0]?.path)).toEqual([
      { prompt: 'one ->', completion: ' 1\n' },
      { prompt: 'two ->', completion: '2' },
      { prompt: 'three ->', completion: ' 3\n' },
    ]);
    const json = await writeRows([], 'json');
    await writeFile(json, JSON.stringify(rows()));
    const fromJson = await writePrepared(await analyzeFile(json, FAST), {
      accepted: new Set(['prompt-separator']),
      split: false,
    });
    expect(await parsed(fromJson.outputs[0]?.path)).toEqual(
      rows().map((r) => ({ prompt: `${r.prompt} ->`, completion: r.completion })),
    );
  });

  it('removes exactly the common start, even one holding a lone surrogate', async () => {
    // JSON can hold a lone surrogate ("\\ud800"): one code point, so the fix cuts one unit for it.
    const path = await writeRows([]);
    const lines = ['alpha', 'beta', 'gamma'].map(
      (w) => `{"prompt":"Instructions \\ud800: classify ${w} ->","completion":" ${w}\\n"}`,
    );
    await writeFile(path, `${lines.join('\n')}\n`);
    const analysis = await analyzeFile(path, FAST);
    expect(finding(analysis, 'prompt-prefix').message).toBe(
      'Every prompt starts with "Instructions \\ud800: classify ".',
    );
    const result = await writePrepared(analysis, { accepted: new Set(['prompt-prefix']), split: false });
    expect((await parsed(result.outputs[0]?.path)).map((r) => r.prompt)).toEqual([
      'alpha ->',
      'beta ->',
      'gamma ->',
    ]);
  });

  it('leaves out the rows with an empty completion or a list where text is expected', async () => {
    const path = await writeRows([
      { prompt: 'one ->', completion: ' 1\n' },
      { prompt: 'two ->', completion: '' },
      { prompt: ['three'], completion: ' 3\n' },
      { prompt: 'four ->', completion: ' 4\n' },
    ]);
    const result = await writePrepared(await analyzeFile(path, FAST), { accepted: new Set(), split: false });
    expect(result).toMatchObject({ removedRows: 2, examples: 2 });
    expect(await parsed(result.outputs[0]?.path)).toEqual([
      { prompt: 'one ->', completion: ' 1\n' },
      { prompt: 'four ->', completion: ' 4\n' },
    ]);
  });

  it('refuses an analysis that did not finish, naming the file', async () => {
    const path = await writeRows(rows());
    const analysis = { ...(await analyzeFile(path, FAST)), plan: null };
    await expect(writePrepared(analysis, { accepted: new Set(), split: false })).rejects.toThrow(
      `${path}: the analysis did not finish`,
    );
  });

  it('stops when asked to, leaving no output', async () => {
    const path = await writeRows(rows());
    const analysis = await analyzeFile(path, FAST);
    const controller = new AbortController();
    controller.abort();
    const stopped = writePrepared(
      analysis,
      { accepted: new Set(['prompt-separator']), split: false },
      { signal: controller.signal },
    );
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(
      (await readdir(dirname(path))).filter((n) => n.startsWith(basename(path, '.jsonl') + '_')),
    ).toEqual([]);
  });
});

describe('rows a validation file or a quality fix takes out', () => {
  async function leaking() {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      prompt: `the customer number ${i} asks about an order of ${i * 13} boxes ->`,
      completion: ` r${i * 7}: done\n`,
    }));
    const analysis = await withValidationLeak(
      await analyzeFile(await writeRows(rows), FAST),
      await writeRows([rows[2], rows[6], { prompt: 'something else entirely ->', completion: ' x\n' }]),
    );
    return { rows, analysis };
  }

  it('drops the training rows the validation file copies once validation-leak is accepted, beside the rows dropped by hand', async () => {
    const { rows, analysis } = await leaking();
    expect(finding(analysis, 'validation-leak').rows.positions).toEqual([3, 7]);
    const result = await writePrepared(analysis, {
      accepted: new Set(['validation-leak']),
      split: false,
      dropped: new Set([10]),
    });
    expect(result).toMatchObject({ removedRows: 3, examples: 17 });
    const kept = rows.filter((_, i) => ![2, 6, 9].includes(i));
    expect((await parsed(result.outputs[0]?.path)).map((r) => r.prompt)).toEqual(kept.map((r) => r.prompt));
    // The leak alone is enough to write the file again.
    const alone = await writePrepared(
      analysis,
      { accepted: new Set(['validation-leak']), split: false },
      { force: true },
    );
    expect(alone).toMatchObject({ unchanged: false, removedRows: 2, examples: 18 });
  });

  it('keeps those rows when validation-leak is not accepted', async () => {
    const { analysis } = await leaking();
    const asIs = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(asIs).toMatchObject({ unchanged: true, examples: 20 });
    const dropped = await writePrepared(analysis, {
      accepted: new Set(['prompt-prefix']),
      split: false,
      dropped: new Set([10]),
    });
    expect(dropped).toMatchObject({ removedRows: 1, examples: 19 });
  });

  async function nearCopies() {
    const topics = ['billing', 'hardware', 'account', 'shipping'];
    const words = ['invoice', 'screen', 'password', 'parcel'];
    const rows = Array.from({ length: 90 }, (_, i) => ({
      prompt: `ticket ${i}: my ${words[i % 4]} problem number ${i * 17} with code ${i * 31} again ->`,
      completion: ` ${topics[i % 4]}`,
    }));
    for (let k = 0; k < 30; k++) {
      const row = rows[k] ?? { prompt: '', completion: '' };
      rows.push({ prompt: row.prompt.replace('again', 'AGAIN now'), completion: row.completion });
    }
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const f = finding(analysis, 'split-leak');
    const groups = new Map<number, number[]>();
    for (const d of f.details ?? []) groups.set(d.group ?? -1, [...(groups.get(d.group ?? -1) ?? []), d.row]);
    const sides = async (accepted: Set<string>) => {
      const result = await writePrepared(analysis, { accepted, split: true }, { force: true });
      const side = new Map<string, string>();
      for (const o of result.outputs) for (const r of await parsed(o.path)) side.set(r.prompt, o.role);
      return [...groups.values()].map((members) =>
        [...new Set(members.map((row) => side.get(rows[row - 1]?.prompt ?? '') ?? '?'))].sort(),
      );
    };
    return { analysis, groups, sides };
  }

  it('puts each group of near-copies on one side of the split once split-leak is accepted, and not otherwise', async () => {
    const { groups, sides } = await nearCopies();
    expect(groups.size).toBeGreaterThan(0);
    for (const side of await sides(new Set(['split-leak']))) expect(side).toHaveLength(1);
    // The reference split alone cuts at least one of these groups in two.
    expect((await sides(new Set())).some((side) => side.length === 2)).toBe(true);
  });
});

describe('what the writer refuses', () => {
  it('names the output folder it cannot create', async () => {
    const path = await writeRows(cleanRows(4));
    const file = join(dirname(path), 'a-file');
    await writeFile(file, 'x');
    const analysis = await analyzeFile(path, FAST);
    const error = await writePrepared(
      analysis,
      { accepted: new Set(), split: false, dropped: new Set([1]) },
      { outDir: join(file, 'sub') },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as Error).message).toBe(
      `cannot create the folder ${join(file, 'sub')}: a part of the path is a file, not a folder`,
    );
  });
});
