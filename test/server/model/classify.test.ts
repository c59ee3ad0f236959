import { describe, expect, it } from 'vitest';
import { findBase, specFor } from '../../../src/server/model/base-models.js';
import { ClassScorer, classesOf, classificationProblem } from '../../../src/server/model/classify.js';
import type { Example } from '../../../src/server/model/dataset.js';
import { encodeExamples, growVocabulary } from '../../../src/server/model/encode.js';
import { Vocabulary } from '../../../src/server/model/pieces.js';
import { bucketsFor, SoftmaxModel } from '../../../src/server/model/softmax-model.js';
import { Trainer } from '../../../src/server/model/trainer.js';

const TOPICS = [
  ['goal team match', ' sports'],
  ['oven recipe soup', ' food'],
  ['vote law senate', ' politics'],
] as const;

function examples(n: number): Example[] {
  return Array.from({ length: n }, (_, i) => {
    const [words, label] = TOPICS[i % 3] ?? TOPICS[0];
    return { context: `${words} ${i}`, target: label };
  });
}

/** A local-small model trained in process on `train` for a few epochs. */
function trained(train: readonly Example[]): SoftmaxModel {
  const base = findBase('local-small');
  if (!base) throw new Error('no local-small');
  const vocab = growVocabulary(new Vocabulary(), train);
  const model = new SoftmaxModel(specFor(base, bucketsFor(base.maxBuckets, vocab.size)), vocab);
  const encoded = encodeExamples(model.spec, model.vocab, train);
  const hyper = { n_epochs: 3, batch_size: 4, learning_rate_multiplier: 1 };
  const trainer = new Trainer(
    model,
    new Float32Array(model.weights.length + model.bias.length),
    encoded,
    [],
    hyper,
    1,
  );
  while (!trainer.done) trainer.runStep();
  return model;
}

describe('classification metrics from the model', () => {
  const train = examples(30);
  const model = trained(train);

  it('scores a multiclass task with accuracy and weighted F1, and a binary one with the binary set', () => {
    const valid = examples(9);
    const multi = new ClassScorer(model, classesOf(train), valid, {
      nClasses: 3,
      positiveClass: null,
      betas: [1],
    });
    expect(multi.metrics(model)).toEqual({ accuracy: 1, weighted_f1_score: 1 });
    const binary = new ClassScorer(model, classesOf(train), valid, {
      nClasses: 3,
      positiveClass: ' food',
      betas: [1, 2],
    });
    expect(Object.keys(binary.metrics(model))).toEqual([
      'accuracy',
      'precision',
      'recall',
      'auroc',
      'auprc',
      'f1.0',
      'f2.0',
    ]);
    expect(binary.metrics(model).auroc).toBe(1);
  });

  it('is chance-level for an untrained model', () => {
    const fresh = new SoftmaxModel(model.spec, model.vocab);
    const scorer = new ClassScorer(fresh, classesOf(train), examples(9), {
      nClasses: 3,
      positiveClass: null,
      betas: [],
    });
    // Every class equally likely: argmax picks the first class for every example.
    expect(scorer.metrics(fresh).accuracy).toBeCloseTo(1 / 3, 10);
  });

  it('names the setting that does not fit the training data', () => {
    expect(classificationProblem({ nClasses: 3, positiveClass: ' food', betas: [] }, train)).toBeUndefined();
    expect(classificationProblem({ nClasses: 2, positiveClass: null, betas: [] }, train)).toMatchObject({
      param: 'classification_n_classes',
    });
    expect(classificationProblem({ nClasses: 3, positiveClass: ' music', betas: [] }, train)).toMatchObject({
      param: 'classification_positive_class',
    });
  });
});
