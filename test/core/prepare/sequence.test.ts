import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  affectedRows,
  analyzeFile,
  sampleExamples,
  sequentialFindings,
  writePrepared,
} from '../../../src/core/prepare/index.js';
import type { Analysis } from '../../../src/core/prepare/index.js';
import { analyzeRows, finding, writeRows } from './helpers.js';

const long = 'x'.repeat(10_001);
/** Token statistics play no part here. */
const FAST = { deferTokens: true } as const;

/**
 * Conditional generation where the fixes overlap: rows 2 and 5 repeat row 1 (row 5 is long, like
 * row 4), every completion starts with "Answer:" (removed by completion-prefix, after which only
 * some go on with a space), and half the completions lack a leading space.
 */
const rows = [
  { prompt: 'p1', completion: 'Answer:one' },
  { prompt: 'p1', completion: 'Answer:one' },
  { prompt: 'p3', completion: 'Answer: three' },
  { prompt: `p4 ${long}`, completion: 'Answer: four' },
  { prompt: 'p1', completion: 'Answer:one' },
  { prompt: `p4 ${long}`, completion: 'Answer: four' },
  { prompt: 'p7', completion: 'Answer:seven' },
];

function countOf(findings: readonly { id: string; rows: { count: number } }[], id: string): number {
  const found = findings.find((f) => f.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found.rows.count;
}

async function sequence(analysis: Analysis, accepted: readonly string[]) {
  return sequentialFindings(analysis, new Set(accepted));
}

describe('each fix counted as the accepted fixes before it left the data', () => {
  it('gives the analysis its own figures when nothing is accepted', async () => {
    const analysis = await analyzeRows(rows, FAST);
    expect(await sequence(analysis, [])).toEqual(analysis.findings);
    const cond = await analyzeFile(
      fileURLToPath(new URL('../../fixtures/prepare/cond_dups.jsonl', import.meta.url)),
      FAST,
    );
    expect(await sequence(cond, [])).toEqual(cond.findings);
  });

  it('leaves out the rows an accepted duplicates fix removed, and only then', async () => {
    const analysis = await analyzeRows(rows, FAST);
    expect(countOf(analysis.findings, 'duplicates')).toBe(3);
    expect(countOf(analysis.findings, 'long-examples')).toBe(2);
    expect(countOf(analysis.findings, 'prompt-separator')).toBe(7);
    const after = await sequence(analysis, ['duplicates']);
    expect(countOf(after, 'long-examples')).toBe(1);
    expect(finding({ ...analysis, findings: after }, 'long-examples').message).toBe(
      '1 example exceeds 10,000 characters (prompt and completion together).',
    );
    expect(countOf(after, 'prompt-separator')).toBe(4);
    expect(countOf(after, 'completion-leading-space')).toBe(4);
    // A rejected fix changes nothing after it.
    const rejected = await sequence(analysis, ['long-examples']);
    expect(countOf(rejected, 'duplicates')).toBe(3);
    expect(countOf(rejected, 'prompt-separator')).toBe(5);
  });

  it('counts the missing leading spaces after the completion prefix is gone', async () => {
    const analysis = await analyzeRows(rows, FAST);
    expect(countOf(analysis.findings, 'completion-leading-space')).toBe(7);
    const after = await sequence(analysis, ['duplicates', 'long-examples', 'completion-prefix']);
    // Left: p1 "one", p3 " three", p7 "seven".
    const space = finding({ ...analysis, findings: after }, 'completion-leading-space');
    expect(space.rows.count).toBe(2);
    expect(space.rows.positions).toEqual([1, 7]);
    expect(space.message).toBe('2 completions do not start with a space.');
    expect(space.preview[0]?.before.fields[1]).toEqual({ label: 'completion', text: 'one' });
    expect(space.preview[0]?.after?.fields[1]).toEqual({ label: 'completion', text: ' one' });
  });

  it('shows earlier accepted changes in a later fix preview', async () => {
    const analysis = await analyzeRows(
      [
        { prompt: 'HELLO THERE', completion: ' a' },
        { prompt: 'GOOD DAY', completion: ' b' },
        { prompt: 'HI', completion: ' c' },
      ],
      FAST,
    );
    // A fix that changes only the prompt counts its rows as the analysis did.
    expect(countOf(await sequence(analysis, []), 'uppercase-prompts')).toBe(3);
    const after = await sequence(analysis, ['uppercase-prompts']);
    const separator = finding({ ...analysis, findings: after }, 'prompt-separator');
    expect(separator.preview[0]?.before.fields[0]?.text).toBe('hello there');
    expect(separator.preview[0]?.after?.fields[0]?.text).toBe('hello there ->');
  });

  it('ends with the rows the writer writes', async () => {
    const analysis = await analyzeRows(rows, FAST);
    const accepted = new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));
    const after = await sequentialFindings(analysis, accepted);
    const written = await writePrepared(analysis, { accepted, split: false });
    expect(countOf(after, 'completion-ending')).toBe(written.examples);
    const lines = (await readFile(written.outputs[0]?.path ?? '', 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
  });

  it('pages the rows of "view all" the same way', async () => {
    const analysis = await analyzeRows(rows, FAST);
    const page = await affectedRows(analysis, 'long-examples', {
      offset: 0,
      limit: 10,
      accepted: new Set(['duplicates']),
    });
    expect(page.total).toBe(1);
    expect(page.rows.map((r) => r.position)).toEqual([4]);
    const all = await affectedRows(analysis, 'long-examples', { offset: 0, limit: 10 });
    expect(all.rows.map((r) => r.position)).toEqual([4, 6]);
    // A page is the rows from its offset, at most its limit of them; the total counts them all.
    const second = await affectedRows(analysis, 'long-examples', { offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 2, rows: [{ position: 6 }] });
    const first = await affectedRows(analysis, 'long-examples', { offset: 0, limit: 1 });
    expect(first).toMatchObject({ total: 2, rows: [{ position: 4 }] });
    // The first fix in check order pages too (nothing before it to apply).
    const optional = analysis.findings.filter((f) => f.kind === 'optional');
    const head = optional[0];
    if (head === undefined) throw new Error('no optional finding');
    const headRows = await affectedRows(analysis, head.id, { offset: 0, limit: 3 });
    expect(headRows.total).toBe(head.rows.count);
    expect(headRows.rows.map((r) => r.position)).toEqual(head.rows.positions.slice(0, 3));
  });

  it('leaves the findings of an analysis that stopped at an error as they are', async () => {
    const analysis = await analyzeRows([{ question: 'q', answer: 'a' }], FAST);
    expect(analysis.plan).toBeNull();
    expect(await sequence(analysis, ['duplicates'])).toEqual(analysis.findings);
  });
});

describe('chat fixes in sequence', () => {
  const system = { role: 'system', content: 'You sort tickets.' };
  const pair = (q: string) => [
    { role: 'user', content: q },
    { role: 'assistant', content: 'ok' },
  ];
  const chat = [
    { messages: [system, ...pair('a')] },
    { messages: pair('b') },
    { messages: pair('b') },
    { messages: [{ role: 'user', content: 'no answer' }] },
    { messages: [{ role: 'user', content: 'no answer' }] },
    { messages: pair('c') },
  ];

  it('counts duplicates without the invalid lines once those are removed', async () => {
    const analysis = await analyzeFile(await writeRows(chat), FAST);
    expect(countOf(analysis.findings, 'remove-duplicates')).toBe(2);
    expect(countOf(analysis.findings, 'add-system-message')).toBe(3);
    expect(await sequence(analysis, [])).toEqual(analysis.findings);
    const after = await sequence(analysis, ['remove-invalid-examples', 'remove-duplicates']);
    const dups = finding({ ...analysis, findings: after }, 'remove-duplicates');
    expect(dups.rows.count).toBe(1);
    expect(dups.message).toBe('1 line repeats an earlier line exactly.');
    const system = finding({ ...analysis, findings: after }, 'add-system-message');
    expect(system.rows.positions).toEqual([2, 6]);
    expect(system.message).toBe('2 examples have no system message.');
  });

  it('previews a line that is not a chat example as the file holds it', async () => {
    const lines = [...chat.map((row) => JSON.stringify(row)), '{ "text": "not chat" }'];
    const path = await writeRows([]);
    await writeFile(path, `${lines.join('\n')}\n`);
    const analysis = await analyzeFile(path, FAST);
    const after = await sequentialFindings(analysis, new Set());
    const invalid = finding({ ...analysis, findings: after }, 'remove-invalid-examples');
    expect(invalid.preview.map((p) => p.before.fields[0])).toContainEqual({
      label: 'line',
      text: '{ "text": "not chat" }',
    });
  });

  it('previews the system message the user wrote', async () => {
    const analysis = await analyzeFile(await writeRows(chat), FAST);
    const after = await sequentialFindings(analysis, new Set(), { systemMessage: 'Be brief.' });
    const fix = finding({ ...analysis, findings: after }, 'add-system-message');
    expect(fix.preview[0]?.after?.fields[0]).toEqual({ label: 'system', text: 'Be brief.' });
  });

  // The review's "look at a sample" (explore.ts), here because this file loads the chat checks already.
  it('samples chat examples with the accepted fixes and the system message chosen', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      messages: [
        { role: 'user', content: `q${i + 1}` },
        { role: 'assistant', content: `a${i + 1}` },
      ],
    }));
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const sample = await sampleExamples(
      analysis,
      {
        accepted: new Set(['add-system-message']),
        split: false,
        systemMessage: 'Be brief.',
        dropped: new Set([2]),
      },
      { count: 10, seed: 3 },
    );
    expect(sample.map((s) => s.position)).toEqual([1, 3, 4, 5]);
    const texts = sample[0]?.example.fields.map((f) => f.text);
    expect(texts).toContain('Be brief.');
    const plain = await sampleExamples(
      analysis,
      { accepted: new Set(), split: false },
      { count: 10, seed: 3 },
    );
    expect(plain).toHaveLength(5);
    expect(plain[0]?.example.fields.map((f) => f.text)).not.toContain('Be brief.');
  });
});
