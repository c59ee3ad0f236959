import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShutdownTable } from '../../src/core/shutdown-override.js';
import {
  DEFAULT_SHUTDOWNS,
  daysUntil,
  endText,
  tableEnds,
  todayOf,
  upcomingTableEnds,
  type ShutdownTable,
} from '../../src/core/shutdowns.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-shutdowns-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the dated shutdown table', () => {
  const at = (provider: string, model: string) => tableEnds(DEFAULT_SHUTDOWNS, provider, model);

  it('closes OpenAI job creation for every model on 2027-01-06', () => {
    expect(at('openai', 'babbage-002').trainingEnds?.date).toBe('2027-01-06');
    expect(at('openai', 'babbage-002').answeringEnds).toBeNull();
    expect(at('nebius', 'babbage-002').trainingEnds).toBeNull();
  });

  it('stops gpt-4o, gpt-4o-mini, gpt-4.1 and gpt-4.1-mini answering on 2027-01-14, nano earlier', () => {
    for (const model of [
      'gpt-4o-2024-08-06',
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-2025-04-14',
      'gpt-4.1-mini-2025-04-14',
    ]) {
      expect(at('openai', model).answeringEnds?.date, model).toBe('2027-01-14');
    }
    expect(at('openai', 'gpt-4.1-nano-2025-04-14').answeringEnds?.date).toBe('2026-10-23');
  });

  it('keeps Azure training gpt-4.1 to at least 2027-04-14', () => {
    expect(at('azure', 'gpt-4.1-2025-04-14').trainingEnds).toMatchObject({
      date: '2027-04-14',
      atLeast: true,
    });
    expect(at('azure', 'gpt-4o-2024-08-06').trainingEnds).toBeNull();
  });

  it('counts days from an injected today', () => {
    expect(todayOf({ FINE_TUNE_TODAY: '2026-12-07' })).toBe('2026-12-07');
    expect(todayOf({ FINE_TUNE_TODAY: 'soon' }, new Date('2026-01-02T10:00:00Z'))).toBe('2026-01-02');
    expect(daysUntil('2026-12-07', '2027-01-06')).toBe(30);
    expect(daysUntil('2027-01-07', '2027-01-06')).toBe(-1);
    expect(endText({ date: '2027-01-06', atLeast: false, source: 'x' }, '2027-01-05')).toBe(
      '2027-01-06 (1 day left)',
    );
    expect(endText({ date: '2027-01-06', atLeast: false, source: 'x' }, '2027-01-06')).toBe(
      '2027-01-06 (ended)',
    );
    expect(endText({ date: '2027-04-14', atLeast: true, source: 'x' }, '2026-12-07')).toBe(
      '≥ 2027-04-14 (128 days left)',
    );
  });
});

describe('what the table says ahead, for a radar that asked no account', () => {
  const line = (e: ReturnType<typeof upcomingTableEnds>[number]) =>
    `${e.atLeast ? '≥' : ''}${e.date} ${e.provider} ${e.model} ${e.event}`;

  it('lists the dates from today on, soonest first, the ones gone left out', () => {
    expect(upcomingTableEnds(DEFAULT_SHUTDOWNS, '2026-12-07').map(line)).toEqual([
      '2027-01-06 openai * stops training',
      '2027-01-14 openai gpt-4o* stops answering',
      '2027-01-14 openai gpt-4.1* stops answering',
      '≥2027-04-14 azure gpt-4.1* stops training',
    ]);
    // The day itself still counts; the day after, it is gone.
    expect(upcomingTableEnds(DEFAULT_SHUTDOWNS, '2027-01-14').map(line)).toEqual([
      '2027-01-14 openai gpt-4o* stops answering',
      '2027-01-14 openai gpt-4.1* stops answering',
      '≥2027-04-14 azure gpt-4.1* stops training',
    ]);
    expect(upcomingTableEnds(DEFAULT_SHUTDOWNS, '2027-04-15')).toEqual([]);
  });

  it("keeps the first rule for a provider, model and event: the user's over the built-in one", () => {
    const table: ShutdownTable = {
      ...DEFAULT_SHUTDOWNS,
      rules: [
        { provider: 'openai', model: 'GPT-4o*', answeringEnds: '2027-03-01', source: 'mine' },
        // A date already gone still shadows the built-in one it replaces.
        { provider: 'azure', model: 'gpt-4.1*', trainingEnds: '2026-12-01', source: 'mine' },
        ...DEFAULT_SHUTDOWNS.rules,
      ],
    };
    expect(upcomingTableEnds(table, '2026-12-07').map(line)).toEqual([
      '2027-01-06 openai * stops training',
      '2027-01-14 openai gpt-4.1* stops answering',
      '2027-03-01 openai GPT-4o* stops answering',
    ]);
  });
});

describe("the user's shutdown table", () => {
  it('puts its rules in front of the built-in ones, rule by rule', async () => {
    const path = join(dir, 'shutdowns.json');
    await writeFile(
      path,
      JSON.stringify({ rules: [{ provider: 'openai', model: 'gpt-4o-mini*', answeringEnds: '2027-03-01' }] }),
    );
    const table = loadShutdownTable({ FINE_TUNE_SHUTDOWNS: path });
    expect(tableEnds(table, 'openai', 'gpt-4o-mini-2024-07-18')).toMatchObject({
      answeringEnds: { date: '2027-03-01', source: path },
      trainingEnds: { date: '2027-01-06' },
    });
    expect(tableEnds(table, 'openai', 'gpt-4o-2024-08-06').answeringEnds?.date).toBe('2027-01-14');
  });

  it('refuses a bad file in one line naming the file and the field', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(
      path,
      JSON.stringify({ rules: [{ provider: 'openai', model: 'x', answeringEnds: '14/01/2027' }] }),
    );
    expect(() => loadShutdownTable({ FINE_TUNE_SHUTDOWNS: path })).toThrow(
      new RegExp(`the shutdown file ${path} has a bad field rules\\.0\\.answeringEnds: a date as YYYY-MM-DD`),
    );
    expect(() => loadShutdownTable({ FINE_TUNE_SHUTDOWNS: join(dir, 'missing.json') })).toThrow(
      /cannot read the shutdown file/,
    );
  });
});
