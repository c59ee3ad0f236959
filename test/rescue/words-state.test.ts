import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { InventoryItem } from '../../src/rescue/inventory.js';
import type { KeptFile } from '../../src/rescue/keep-data.js';
import type { RecordProgress } from '../../src/rescue/record-answers.js';
import {
  defaultFolder,
  keptPath,
  keptRecord,
  loadState,
  newState,
  openState,
  saveState,
  STATE_FILE,
} from '../../src/rescue/state.js';
import { clock, daysWords, filesWords, progressWords } from '../../src/rescue/words.js';

// The rescue's record of what it has done (rescue.json: a second run goes on from it, and refuses a
// folder holding another model's rescue), and its figures in words, the same on the command line and
// in the wizard.

const progress = (over: Partial<RecordProgress> = {}): RecordProgress => ({
  done: 120,
  total: 200,
  resumed: 0,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0.0123,
  elapsedMs: 1000,
  etaSeconds: 72,
  waiting: null,
  ...over,
});

describe('the rescue in words', () => {
  it('writes a duration as m:ss, and as hours and minutes past an hour', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(-5)).toBe('0:00');
    expect(clock(59.6)).toBe('1:00');
    expect(clock(61)).toBe('1:01');
    expect(clock(3599)).toBe('59:59');
    expect(clock(3600)).toBe('1h00m');
    expect(clock(7_380)).toBe('2h03m');
  });

  it('says how far a golden set is, with its time left, cost and any wait', () => {
    expect(progressWords(progress())).toBe('120 of 200 answers · ETA 1:12 · $0.01 so far');
    expect(progressWords(progress({ resumed: 40, costUsd: null }))).toBe(
      '120 of 200 answers · 40 from before · ETA 1:12 · cost unknown',
    );
    expect(progressWords(progress(), { hideClock: true })).toBe('120 of 200 answers · $0.01 so far');
    expect(progressWords(progress({ etaSeconds: null }))).toBe('120 of 200 answers · $0.01 so far');
    expect(progressWords(progress({ done: 200, etaSeconds: 0 }))).toBe('200 of 200 answers · $0.01 so far');
    expect(progressWords(progress({ done: 199, etaSeconds: 1 }))).toMatch(/ETA 0:01/);
    expect(progressWords(progress({ waiting: { ms: 1_200, why: 'rate limited' } }))).toBe(
      '120 of 200 answers · ETA 1:12 · $0.01 so far · rate limited: waiting 2s',
    );
  });

  it('says when a model shuts down', () => {
    expect(daysWords({ daysLeft: null })).toBe('no date announced');
    expect(daysWords({ daysLeft: 0 })).toBe('today');
    expect(daysWords({ daysLeft: 1 })).toBe('in 1 day');
    expect(daysWords({ daysLeft: 38 })).toBe('in 38 days');
    expect(daysWords({ daysLeft: -1 })).toBe('1 day ago');
    expect(daysWords({ daysLeft: -2 })).toBe('2 days ago');
  });

  it("says which of a job's files can still be downloaded", () => {
    const item = (job: Partial<NonNullable<InventoryItem['job']>> | null) =>
      ({
        job: job === null ? null : { trainingFile: null, validationFile: null, ...job },
      }) as unknown as InventoryItem;
    expect(filesWords(item(null))).toBe('no job found');
    expect(filesWords(item({}))).toBe('no training · no validation');
    expect(
      filesWords(item({ trainingFile: { available: true }, validationFile: { available: false } } as never)),
    ).toBe('training ✓ · validation gone');
  });
});

describe('the rescue record', () => {
  const folder = async () => mkdtemp(join(tmpdir(), 'fine-tune-rescue-state-'));
  const kept = (path: string): KeptFile =>
    ({
      role: 'training',
      path,
      sha256: 'ab',
      bytes: 10,
      examples: 2,
      origin: 'downloaded',
      fileId: 'file-1',
      reused: false,
    }) as KeptFile;

  it('is named after the model, under the folder given', () => {
    expect(defaultFolder('ft:gpt-4o-mini-2024-07-18:org:support:abc', '/work')).toBe(
      '/work/rescue-gpt-4o-mini-2024-07-18-org-support-abc',
    );
  });

  it('starts empty, is saved whole (no temporary file left), and read back', async () => {
    const dir = await folder();
    expect(await loadState(dir)).toBeNull();
    const state = await openState(dir, 'ft:m', 'openai');
    expect(state).toMatchObject({
      rescue: 1,
      model: 'ft:m',
      provider: 'openai',
      data: { training: null, validation: null },
      golden: null,
      retrain: null,
      reports: [],
    });
    expect(Number.isNaN(Date.parse(state.startedAt))).toBe(false);
    state.golden = { done: 3, total: 10 };
    state.data.training = keptRecord(kept(join(dir, 'train.jsonl')), dir);
    await saveState(dir, state);
    expect(await readdir(dir)).toEqual([STATE_FILE]);
    expect((await readFile(join(dir, STATE_FILE), 'utf8')).endsWith('}\n')).toBe(true);
    expect(await openState(dir, 'ft:m', 'other')).toEqual(state);
  });

  it("refuses a folder holding another model's rescue, and a file that is not a rescue record", async () => {
    const dir = await folder();
    await saveState(dir, newState('ft:a', 'openai'));
    const other = await openState(dir, 'ft:b', 'openai').catch((e: unknown) => e);
    expect(other).toBeInstanceOf(UserError);
    expect((other as Error).message).toBe(
      `${dir} holds the rescue of ft:a: choose another folder with --out.`,
    );
    for (const text of ['{"rescue": 2}', 'not json']) {
      await writeFile(join(dir, STATE_FILE), text);
      const error = await loadState(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe(
        `${join(dir, STATE_FILE)}: not a rescue record; move it away to start the rescue again.`,
      );
    }
  });

  it('refuses to save a record of the wrong shape, leaving nothing behind', async () => {
    const dir = await folder();
    const broken = { ...newState('ft:a', 'openai'), rescue: 2 } as unknown as ReturnType<typeof newState>;
    await expect(saveState(dir, broken)).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a file inside the folder by its relative path, and one outside by its own', () => {
    const inside = keptRecord(kept('/r/rescue/data/train.jsonl'), '/r/rescue');
    expect(inside).toEqual({
      path: 'data/train.jsonl',
      sha256: 'ab',
      bytes: 10,
      examples: 2,
      origin: 'downloaded',
      fileId: 'file-1',
    });
    expect(keptPath(inside, '/moved/rescue')).toBe('/moved/rescue/data/train.jsonl');
    const outside = keptRecord(kept('/elsewhere/train.jsonl'), '/r/rescue');
    expect(outside.path).toBe('/elsewhere/train.jsonl');
    expect(keptPath(outside, '/r/rescue')).toBe('/elsewhere/train.jsonl');
  });
});
