import { readdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeFile,
  countPrepared,
  writePrepared,
  type Analysis,
  type Decisions,
} from '../../../src/core/prepare/index.js';
import { writeRows } from './helpers.js';

// The wizard's split question shows the two files' sizes before they are written: the count must be
// the writer's, whatever was accepted or dropped, and counting must write nothing.

const FAST = { deferTokens: true } as const;
const optional = (analysis: Analysis) =>
  new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));

/** 40 tickets of two classes; rows 5 and 9 repeat row 2 exactly, row 12 has an empty completion. */
function tickets(): Array<{ prompt: string; completion: string }> {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    prompt: `ticket number ${i} about my ${i % 2 ? 'invoice' : 'screen'}`,
    completion: i % 2 ? 'billing' : 'hardware',
  }));
  const copy = rows[1] as { prompt: string; completion: string };
  rows[4] = { ...copy };
  rows[8] = { ...copy };
  rows[11] = { prompt: 'ticket with no label', completion: '' };
  return rows;
}

async function written(analysis: Analysis, decisions: Decisions): Promise<number> {
  const result = await writePrepared(analysis, decisions, { force: true });
  for (const output of result.outputs) await rm(output.path);
  return result.examples;
}

describe('countPrepared', () => {
  it('counts what the writer writes: accepted removals, dropped samples, or nothing at all', async () => {
    const path = await writeRows(tickets());
    const analysis = await analyzeFile(path, FAST);
    // Line 12 (no label) is no example, so 39.
    expect(analysis.examples).toBe(39);
    expect(optional(analysis)).toContain('duplicates');
    const cases: Decisions[] = [
      { accepted: new Set(), split: false },
      { accepted: optional(analysis), split: false },
      { accepted: new Set(['duplicates']), split: false, dropped: new Set([3, 5, 20]) },
      { accepted: optional(analysis), split: true, dropped: new Set([30]) },
    ];
    const counts = [];
    for (const decisions of cases) {
      const counted = await countPrepared(analysis, decisions);
      expect(counted).toBe(await written(analysis, decisions));
      counts.push(counted);
    }
    // The duplicates (lines 5 and 9, copies of line 2) go only when accepted; a dropped line counts
    // once, even when a fix removes it too (line 5).
    expect(counts).toEqual([39, 37, 35, 36]);
  });

  it('writes nothing beside the input', async () => {
    const path = await writeRows(tickets());
    const analysis = await analyzeFile(path, FAST);
    const before = await readdir(dirname(path));
    expect(await countPrepared(analysis, { accepted: optional(analysis), split: true })).toBe(37);
    expect(await readdir(dirname(path))).toEqual(before);
  });

  it('counts chat examples the fixes keep, invalid lines removed', async () => {
    const chat = (i: number) => ({
      messages: [
        { role: 'user', content: `question ${i}` },
        { role: 'assistant', content: `answer ${i}` },
      ],
    });
    const rows: unknown[] = Array.from({ length: 12 }, (_, i) => chat(i));
    rows[3] = { messages: [] };
    rows[7] = { messages: [{ role: 'user', content: 'no answer' }] };
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const decisions = { accepted: optional(analysis), split: false };
    expect(optional(analysis)).toContain('remove-invalid-examples');
    expect(await countPrepared(analysis, decisions)).toBe(10);
    expect(await written(analysis, decisions)).toBe(10);
  });

  it('counts nothing for an analysis that failed (the file is gone), without reading', async () => {
    const path = await writeRows(tickets());
    const missing = await analyzeFile(`${path}.gone`, FAST);
    expect(missing.error).not.toBeNull();
    expect(await countPrepared(missing, { accepted: new Set(), split: false })).toBe(0);
  });

  it('stops when asked to', async () => {
    const analysis = await analyzeFile(await writeRows(tickets()), FAST);
    const ac = new AbortController();
    ac.abort();
    await expect(
      countPrepared(analysis, { accepted: new Set(), split: false }, { signal: ac.signal }),
    ).rejects.toThrow(/abort/i);
  });
});
