import { describe, expect, it } from 'vitest';
import { describeModel } from '../../src/api/models.js';
import { PROFILES } from '../../src/api/providers/index.js';
import { ownedBanner, radarRows, recordedModels } from '../../src/api/radar.js';
import { DEFAULT_SHUTDOWNS } from '../../src/core/shutdowns.js';
import { RECORD } from '../app/job-harness.js';

const TODAY = '2026-12-07';
const openai = (id: string, extra: Record<string, unknown> = {}) =>
  describeModel({ id, owned_by: 'o', ...extra }, TODAY, { profile: PROFILES.openai });

describe('the radar', () => {
  it('lists what stops when, soonest first, with the next step for each', () => {
    const rows = radarRows(
      [
        {
          provider: 'openai',
          models: [openai('ft:gpt-4o-mini-2024-07-18:acme:tickets:abc'), openai('gpt-4.1-2025-04-14')],
        },
      ],
      TODAY,
      { TOGETHER_API_KEY: 't' },
    );
    expect(rows.map((r) => [r.date, r.daysLeft, r.event, r.model, r.next])).toEqual([
      [
        '2027-01-06',
        30,
        'stops training',
        'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc',
        'fine-tune rescue ft:gpt-4o-mini-2024-07-18:acme:tickets:abc --provider openai',
      ],
      [
        '2027-01-06',
        30,
        'stops training',
        'gpt-4.1-2025-04-14',
        'fine-tune create -t TRAIN.jsonl -m meta-llama/Meta-Llama-3.1-8B-Instruct-Reference --provider together',
      ],
      [
        '2027-01-14',
        38,
        'stops answering',
        'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc',
        'fine-tune rescue ft:gpt-4o-mini-2024-07-18:acme:tickets:abc --provider openai',
      ],
      [
        '2027-01-14',
        38,
        'stops answering',
        'gpt-4.1-2025-04-14',
        'fine-tune create -t TRAIN.jsonl -m meta-llama/Meta-Llama-3.1-8B-Instruct-Reference --provider together',
      ],
    ]);
    // Nothing else configured: the first row that trains elsewhere (never OpenAI itself).
    expect(
      radarRows([{ provider: 'openai', models: [openai('gpt-4.1-2025-04-14')] }], TODAY, {})[0]?.next,
    ).toBe('fine-tune create -t TRAIN.jsonl -m gpt-4.1-2025-04-14 --provider azure');
    // Within 30 days: only what ends by then.
    expect(
      radarRows([{ provider: 'openai', models: [openai('gpt-4.1-2025-04-14')] }], TODAY, {}, 30),
    ).toHaveLength(1);
    expect(
      radarRows([{ provider: 'openai', models: [openai('gpt-4.1-2025-04-14')] }], TODAY, {}, 29),
    ).toHaveLength(0);
  });

  it("describes the user's recorded fine-tunes offline, by the provider that trained them", () => {
    const lists = recordedModels(
      [
        {
          ...RECORD,
          provider: 'openai',
          model: 'gpt-4o-mini-2024-07-18',
          fineTunedModel: 'ft:gpt-4o-mini-2024-07-18:o:t:1',
        },
        { ...RECORD, id: 'ftjob-2', fineTunedModel: null },
      ],
      DEFAULT_SHUTDOWNS,
      TODAY,
    );
    expect(lists).toEqual([
      {
        provider: 'openai',
        models: [expect.objectContaining({ kind: 'fine-tuned', base: 'gpt-4o-mini-2024-07-18' })],
      },
    ]);
  });

  it('raises the banner for what the user owns within 60 days, not for bases or later ends', () => {
    const rows = (today: string, models = [openai('ft:gpt-4o-mini-2024-07-18:acme:tickets:abc')]) =>
      radarRows([{ provider: 'openai', models }], today, {});
    expect(ownedBanner(rows(TODAY))).toBe(
      '30 days left: ft:gpt-4o-mini-2024-07-18:acme:tickets:abc stops training on 2027-01-06 (fine-tune radar).',
    );
    expect(ownedBanner(rows('2026-11-07'))).toMatch(/^60 days left/);
    expect(ownedBanner(rows('2026-11-06'))).toBeNull();
    expect(ownedBanner(rows(TODAY, [openai('gpt-4.1-2025-04-14')]))).toBeNull();
    // Already past: nothing left to warn about.
    expect(ownedBanner(rows('2027-02-01'))).toBeNull();
    const two = [openai('ft:gpt-4o-mini-2024-07-18:a:b:1'), openai('ft:gpt-4.1-2025-04-14:a:b:2')];
    expect(ownedBanner(rows(TODAY, two))).toBe(
      '30 days left: 2 of your fine-tuned models stop training on 2027-01-06 (fine-tune radar).',
    );
  });
});
