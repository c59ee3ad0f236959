import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/api/providers/table.js';
import type { ShutdownTable } from '../../src/core/shutdowns.js';
import {
  defaultSeams,
  defaultTargetProfile,
  seamsFromEnv,
  targetProfileOf,
  trainingClosesOn,
} from '../../src/rescue/seams.js';

// What the rescue reads from the provider table and the shutdown table (its seams).
const table: ShutdownTable = {
  asOf: '2026-12-07',
  source: 'test',
  rules: [
    {
      provider: 'openai',
      model: 'gpt-4o*',
      trainingEnds: '2026-01-01',
      answeringEnds: '2026-12-20',
      source: 't',
    },
    { provider: 'azure', model: '*', answeringEnds: '2027-05-01', source: 't' },
    { provider: 'azure', model: '*', trainingEnds: '2027-03-01', source: 't' },
    { provider: '*', model: '*', trainingEnds: '2028-01-01', source: 't' },
  ],
};

describe("a provider's row as the rescue reads it", () => {
  it('keeps each range, and makes an exclusive minimum the smallest number above it', () => {
    for (const profile of Object.values(PROFILES)) {
      const h = profile.hyperparameters;
      const target = targetProfileOf(profile);
      expect(target.provider).toBe(profile.name);
      expect(target.hyperparameters.nEpochs).toEqual({
        min: h.epochs.min,
        max: h.epochs.max,
        integer: h.epochs.integer,
      });
      expect(target.hyperparameters.batchSize?.max).toBe(h.batchSize.max);
      expect(target.methods).toEqual(profile.supports.methods);
      expect(target.suffix).toBe(profile.suffix.pattern);
      expect(target.suffixMaxLength).toBe(profile.suffix.maxLength);
      const lr = target.hyperparameters.learningRate;
      // Only a multiplier is carried over: an absolute rate is another unit.
      expect(lr !== undefined).toBe(h.learningRate.flag === '--lr-multiplier');
      if (lr !== undefined) {
        expect(lr.min).toBe(
          h.learningRate.exclusiveMin ? h.learningRate.min + Number.MIN_VALUE : h.learningRate.min,
        );
        expect(lr.min > h.learningRate.min).toBe(h.learningRate.exclusiveMin === true);
      }
    }
    expect(
      Object.values(PROFILES).some((p) => p.hyperparameters.learningRate.flag !== '--lr-multiplier'),
    ).toBe(true);
  });

  it('is the compatible row for a provider it does not know', () => {
    expect(defaultTargetProfile('openai').provider).toBe('openai');
    expect(defaultTargetProfile('no-such-provider')).toEqual(targetProfileOf(PROFILES.compatible));
  });
});

describe('the day a provider stops training', () => {
  it('is its own rule for every model, else a rule for every provider, never a rule for one model', () => {
    expect(trainingClosesOn(table, 'azure')).toBe('2027-03-01');
    expect(trainingClosesOn(table, 'openai')).toBe('2028-01-01');
    expect(trainingClosesOn({ ...table, rules: table.rules.slice(0, 2) }, 'openai')).toBeNull();
    expect(trainingClosesOn({ ...table, rules: table.rules.slice(0, 2) }, 'azure')).toBeNull();
  });

  it('and the shutdowns and today are those of the seams given', () => {
    const seams = defaultSeams('2026-12-07', table);
    expect(seams.today).toBe('2026-12-07');
    expect(seams.trainingClosesOn('azure')).toBe('2027-03-01');
    expect(seams.targetProfile('together')).toEqual(defaultTargetProfile('together'));
    expect(seams.shutdownOf('ft:gpt-4o-mini-2024-07-18:acme::x1')).toBe('2026-12-20');
    expect(seamsFromEnv({ FINE_TUNE_TODAY: '2030-02-03' }, table).today).toBe('2030-02-03');
    expect(seamsFromEnv({ FINE_TUNE_TODAY: '2030-02-03' }, table).trainingClosesOn('x')).toBe('2028-01-01');
  });
});
