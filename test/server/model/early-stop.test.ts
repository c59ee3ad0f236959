import { describe, expect, it } from 'vitest';
import { findBase, specFor } from '../../../src/server/model/base-models.js';
import { EarlyStop } from '../../../src/server/model/early-stop.js';
import { Vocabulary } from '../../../src/server/model/pieces.js';
import { growVocabulary } from '../../../src/server/model/encode.js';
import { bucketsFor, SoftmaxModel } from '../../../src/server/model/softmax-model.js';

function model(): SoftmaxModel {
  const base = findBase('local-small');
  if (!base) throw new Error('no local-small');
  const vocab = growVocabulary(new Vocabulary(), [{ context: 'a b', target: ' c' }]);
  return new SoftmaxModel(specFor(base, bucketsFor(base.maxBuckets, vocab.size)), vocab);
}

describe('early stop', () => {
  it('stops after `patience` evaluations without a lower loss, and not one sooner', () => {
    const m = model();
    const stop = new EarlyStop(2);
    expect(stop.observe(10, 1.0, m)).toBe(false);
    expect(stop.observe(20, 1.0, m)).toBe(false); // equal is no improvement: one
    expect(stop.observe(30, 0.9, m)).toBe(false); // better: the count starts again
    expect(stop.observe(40, 0.95, m)).toBe(false);
    expect(stop.observe(50, 0.91, m)).toBe(true);
  });

  it('puts back the weights of the best evaluation, not the last', () => {
    const m = model();
    const stop = new EarlyStop(1);
    m.weights[0] = 1;
    m.bias[0] = 1;
    stop.observe(10, 0.5, m);
    m.weights[0] = 2;
    m.bias[0] = 2;
    expect(stop.observe(20, 0.6, m)).toBe(true);
    expect(stop.restore(m)).toEqual({ step: 10, loss: 0.5 });
    expect([m.weights[0], m.bias[0]]).toEqual([1, 1]);
  });
});
