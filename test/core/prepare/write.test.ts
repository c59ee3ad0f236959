import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  affectedRows,
  analyzeFile,
  sampleExamples,
  freeName,
  OutputExistsError,
  withTokens,
  writePrepared,
} from '../../../src/core/prepare/index.js';
import { cleanRows, writeRows } from './helpers.js';

const none = { accepted: new Set<string>(), split: false };

describe('writePrepared', () => {
  it('writes nothing when a JSONL file needs no change', async () => {
    const path = await writeRows(cleanRows(3));
    const result = await writePrepared(await analyzeFile(path), none);
    expect(result.unchanged).toBe(true);
    expect(result.outputs).toEqual([]);
  });

  it('stops when the output exists, overwrites with force, or writes under another name', async () => {
    const path = await writeRows([
      { prompt: 'a', completion: 'x' },
      { prompt: 'b', completion: 'y' },
    ]);
    const before = await readFile(path);
    const stem = path.replace(/\.jsonl$/, '');
    await writeFile(`${stem}_prepared.jsonl`, 'taken\n');
    const analysis = await analyzeFile(path, { deferTokens: true });
    const accepted = new Set(analysis.findings.map((f) => f.id));
    const decisions = { accepted, split: false };
    const refused = await writePrepared(analysis, decisions).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OutputExistsError);
    expect((refused as OutputExistsError).paths).toEqual([`${stem}_prepared.jsonl`]);
    expect(await readFile(`${stem}_prepared.jsonl`, 'utf8')).toBe('taken\n');
    // Never the piles of "name (1).jsonl" of earlier versions.
    expect((await readdir(dirname(path))).filter((n) => n.includes(' ('))).toEqual([]);
    const written = '{"prompt":"a ->","completion":" x\\n"}\n{"prompt":"b ->","completion":" y\\n"}\n';
    const forced = await writePrepared(analysis, decisions, { force: true });
    expect(forced.outputs.map((o) => basename(o.path))).toEqual([`${basename(stem)}_prepared.jsonl`]);
    expect(await readFile(`${stem}_prepared.jsonl`, 'utf8')).toBe(written);
    expect(freeName(path, false)).toBe(`${basename(stem)}_prepared_2`);
    const named = await writePrepared(analysis, decisions, { name: 'tickets v2' });
    expect(named.outputs.map((o) => basename(o.path))).toEqual(['tickets v2.jsonl']);
    expect(await readFile(path)).toEqual(before);
    expect((await readdir(dirname(path))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('applies only the accepted fixes and removes dropped rows', async () => {
    const path = await writeRows([
      { prompt: 'a', completion: 'x' },
      { prompt: 'b', completion: 'y' },
      { prompt: 'c', completion: 'z' },
    ]);
    const analysis = await analyzeFile(path);
    const result = await writePrepared(analysis, {
      accepted: new Set(['completion-leading-space']),
      split: false,
      dropped: new Set([2]),
    });
    const lines = (await readFile(result.outputs[0]?.path ?? '', 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { prompt: 'a', completion: ' x' },
      { prompt: 'c', completion: ' z' },
    ]);
    expect(result.removedRows).toBe(1);
    expect(result.modifiedRows).toBe(2);
  });
});

describe('sampling and affected rows', () => {
  it('samples prepared examples reproducibly, without dropped rows', async () => {
    const path = await writeRows(cleanRows(50));
    const analysis = await analyzeFile(path);
    const decisions = { accepted: new Set<string>(), split: false, dropped: new Set([1, 2, 3]) };
    const a = await sampleExamples(analysis, decisions, { count: 5, seed: 9 });
    const b = await sampleExamples(analysis, decisions, { count: 5, seed: 9 });
    expect(a).toEqual(b);
    expect(a).toHaveLength(5);
    expect(a.some((s) => s.position <= 3)).toBe(false);
    expect(a[0]?.example.fields.map((f) => f.label)).toEqual(['prompt', 'completion']);
  });

  it('pages through the rows a fix changes, with before and after', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      prompt: `p${i}`,
      completion: i % 3 ? `c${i}` : ` c${i}`,
    }));
    const analysis = await analyzeFile(await writeRows(rows));
    const page = await affectedRows(analysis, 'completion-leading-space', { offset: 2, limit: 3 });
    expect(page.total).toBe(8);
    expect(page.rows.map((r) => r.position)).toEqual([5, 6, 8]);
    expect(page.rows[0]?.after?.fields[1]?.text).toBe(' c4');
    const removed = await affectedRows(analysis, 'example-count', { offset: 0, limit: 3 });
    expect(removed.total).toBe(0);
  });

  it('counts the tokens of the rows written, and prices only the training file', async () => {
    // Rows of different lengths: the copies removed are the short ones.
    const rows = cleanRows(6).map((r, i) => ({ ...r, prompt: `${'word '.repeat(i * 4)}${r.prompt}` }));
    const path = await writeRows([...rows, rows[0], rows[1], rows[2]]);
    const analysis = await analyzeFile(path, { deferTokens: true });
    const decisions = { accepted: new Set(['duplicates']), split: false };
    const result = await writePrepared(analysis, decisions);
    const written = await withTokens(analysis, {
      here: true,
      written: { decisions, examples: result.examples, trained: 4 },
    });
    const unique = await withTokens(await analyzeFile(await writeRows(rows), { deferTokens: true }), {
      here: true,
    });
    expect(written.tokens?.examples).toBe(6);
    expect(written.tokens?.sum).toBe(unique.tokens?.sum);
    const perEpoch = (written.estimate?.billedTokens ?? 0) / (written.estimate?.epochs ?? 1);
    expect(perEpoch).toBe(Math.round(((written.tokens?.sum ?? 0) * 4) / 6));
  });

  it('says which class the reference split leaves out of validation, and a stratified one does not', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      prompt: `ticket number ${i} ->`,
      completion: i < 2 ? ' billing' : ' hardware',
    }));
    const analysis = await analyzeFile(await writeRows(rows), { deferTokens: true });
    expect(analysis.taskType).toBe('classification');
    const reference = await writePrepared(analysis, { accepted: new Set(), split: true });
    expect(reference.missingClasses).toEqual({ validation: [' billing'], training: [] });
    const stratified = await writePrepared(
      analysis,
      { accepted: new Set(), split: true, stratify: true },
      { force: true },
    );
    expect(stratified.missingClasses).toEqual({ validation: [], training: [] });
    const valid = await readFile(stratified.outputs[1]?.path ?? '', 'utf8');
    expect(valid).toContain('"completion":" billing"');
    const written = await writePrepared(analysis, { accepted: new Set(), split: false }, { force: true });
    expect(written.missingClasses).toBeNull();
  });
});
