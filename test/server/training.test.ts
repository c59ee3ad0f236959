import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  harness,
  terminal,
  TOPICS_TRAIN,
  TOPICS_VALID,
  uploadFixture,
  waitFor,
  type Harness,
} from './helpers.js';

describe('training on the topics fixture', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('reaches at least 0.90 accuracy on the validation file with default settings', async () => {
    const training_file = await uploadFixture(h.client, TOPICS_TRAIN);
    const validation_file = await uploadFixture(h.client, TOPICS_VALID);
    const created = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file,
      validation_file,
      suffix: 'topics',
    });
    const job = await waitFor(h.client, created.id, terminal, 30_000);
    expect(job.status).toBe('succeeded');
    expect(job.fine_tuned_model).toMatch(/^ft:local-small:local:topics:[a-z0-9]+$/);
    expect(job.hyperparameters.n_epochs).toBe(3);
    expect(job.trained_tokens).toBeGreaterThan(0);

    const rows = readFileSync(TOPICS_VALID, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { prompt: string; completion: string });
    let correct = 0;
    for (const row of rows) {
      const answer = await h.client.completions.create({
        model: job.fine_tuned_model ?? '',
        prompt: row.prompt,
        max_tokens: 5,
        temperature: 0,
        stop: '\n',
      });
      if (answer.choices[0]?.text === row.completion) correct++;
    }
    const accuracy = correct / rows.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
