import OpenAI from 'openai';
import type { FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, tinyData, uploadText, waitFor, type Harness } from './helpers.js';

describe('fine-tuning jobs', () => {
  let h: Harness;
  let training_file: string;
  let validation_file: string;
  beforeAll(async () => {
    h = await harness();
    training_file = await uploadText(h.client, tinyData(40));
    validation_file = await uploadText(h.client, tinyData(10), 'valid.jsonl');
  });
  afterAll(async () => h.close());

  it('trains to success with resolved hyperparameters, events, checkpoints and a results file', async () => {
    const created = await h.client.fineTuning.jobs.create({
      model: 'local-base',
      training_file,
      validation_file,
      suffix: 'demo',
      seed: 7,
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } },
    });
    expect(created.status).toBe('validating_files');
    expect(created.hyperparameters.batch_size).toBe('auto');
    const job = await waitFor(h.client, created.id, terminal);
    expect(job.status).toBe('succeeded');
    expect(job.hyperparameters).toEqual({ n_epochs: 4, batch_size: 1, learning_rate_multiplier: 1 });
    expect(job.seed).toBe(7);
    expect(job.fine_tuned_model).toMatch(/^ft:local-base:local:demo:[a-z0-9]{8}$/);

    const events: FineTuningJobEvent[] = [];
    for await (const event of h.client.fineTuning.jobs.listEvents(job.id, { limit: 7 })) events.push(event);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events[0]?.message).toBe('The job has successfully completed');
    expect(events[events.length - 1]?.message).toBe(`Created fine-tuning job: ${job.id}`);
    const metrics = events.filter((e) => e.type === 'metrics').reverse();
    expect(metrics).toHaveLength(160);
    expect(Object.keys(metrics[0]?.data ?? {})).toEqual(
      expect.arrayContaining([
        'step',
        'total_steps',
        'train_loss',
        'train_mean_token_accuracy',
        'valid_loss',
        'valid_mean_token_accuracy',
      ]),
    );
    expect(metrics[39]?.data).toHaveProperty('full_valid_mean_token_accuracy');
    const first = metrics[0]?.data as { train_loss: number };
    const last = metrics[159]?.data as { train_loss: number };
    expect(last.train_loss).toBeLessThan(first.train_loss);

    const checkpoints = await h.client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([160, 120, 80]);
    expect(checkpoints.data[0]?.fine_tuned_model_checkpoint).toBe(`${job.fine_tuned_model}:ckpt-step-160`);
    const older = checkpoints.data[2]?.fine_tuned_model_checkpoint ?? '';
    const reply = await h.client.chat.completions.create({
      model: older,
      messages: [{ role: 'user', content: 'goal team match' }],
      temperature: 0,
    });
    expect(reply.choices[0]?.message.content).toBe(' sports');

    const csv = await (await h.client.files.content(job.result_files[0] ?? '')).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy');
    expect(lines).toHaveLength(161);
  });

  it('fails a job in validating_files naming the line at fault', async () => {
    const broken = tinyData(12).split('\n');
    broken[2] = '{"prompt": "oops"';
    const file = await uploadText(h.client, broken.join('\n'));
    const created = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: file });
    const job = await waitFor(h.client, created.id, terminal);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'invalid_file_format', param: 'training_file' });
    expect(job.error?.message).toContain('Line 3');
  });

  it('fails a job with too few examples', async () => {
    const file = await uploadText(h.client, tinyData(5));
    const created = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: file });
    const job = await waitFor(h.client, created.id, terminal);
    expect(job.error).toMatchObject({ code: 'invalid_n_examples', param: 'training_file' });
  });

  it('answers mistakes at creation with the API statuses and params', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ model: 'gpt-nope' }, 'model'],
      [{ suffix: 'bad suffix!' }, 'suffix'],
      [
        { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 51 } } } },
        'method.supervised.hyperparameters.n_epochs',
      ],
      [
        { method: { type: 'supervised', supervised: { hyperparameters: { learning_rate_multiplier: 0 } } } },
        'method.supervised.hyperparameters.learning_rate_multiplier',
      ],
      [{ training_file: 'file-missing' }, 'training_file'],
      [{ seed: -1 }, 'seed'],
    ];
    for (const [change, param] of cases) {
      const error = await h.client.fineTuning.jobs
        .create({ model: 'local-small', training_file, ...change } as never)
        .catch((e: unknown) => e);
      expect(error, param).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    }
    const missing = await h.client.fineTuning.jobs.retrieve('ftjob-nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('lists jobs newest first with after and limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const job = await h.client.fineTuning.jobs.create({
        model: 'local-small',
        training_file,
        suffix: `list${i}`,
      });
      ids.push(job.id);
    }
    const page = await h.client.fineTuning.jobs.list({ limit: 2 });
    expect(page.data.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(page.has_more).toBe(true);
    const next = await h.client.fineTuning.jobs.list({ limit: 1, after: ids[1] ?? '' });
    expect(next.data[0]?.id).toBe(ids[0]);
    // Listing is what this test is about: the jobs are cancelled, not trained to the end, before the next test.
    for (const id of ids) await h.client.fineTuning.jobs.cancel(id);
    for (const id of ids) await waitFor(h.client, id, terminal);
  });

  it('trains on chat data and answers on /chat/completions', async () => {
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        messages: [
          { role: 'system', content: 'Classify.' },
          { role: 'user', content: i % 2 ? 'oven recipe soup' : 'goal team match' },
          { role: 'assistant', content: i % 2 ? 'food' : 'sports' },
        ],
      }),
    );
    const file = await uploadText(h.client, lines.join('\n'));
    const created = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: file });
    const job = await waitFor(h.client, created.id, terminal);
    expect(job.hyperparameters.n_epochs).toBe(5);
    const reply = await h.client.chat.completions.create({
      model: job.fine_tuned_model ?? '',
      messages: [
        { role: 'system', content: 'Classify.' },
        { role: 'user', content: 'soup recipe' },
      ],
      temperature: 0,
    });
    expect(reply.choices[0]?.message.content).toBe('food');
  });
});
