import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, uploadText, waitFor, type Harness } from './helpers.js';

/** DPO lines: a question, a preferred and a non-preferred answer. */
function preferenceLines(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    input: { messages: [{ role: 'user', content: i % 2 ? `soup recipe ${i}` : `goal match ${i}` }] },
    preferred_output: [{ role: 'assistant', content: i % 2 ? 'food' : 'sports' }],
    non_preferred_output: [{ role: 'assistant', content: 'no idea' }],
  }));
}

describe('preference (DPO) data on the local provider', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('refuses a dpo job at creation, saying how to train on the preferred outputs instead', async () => {
    const file = await uploadText(
      h.client,
      preferenceLines(12)
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const error = await h.client.fineTuning.jobs
      .create({
        model: 'local-small',
        training_file: file,
        method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.1 } } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.param).toBe('method.type');
    expect(bad.code).toBe('unsupported_method');
    expect(bad.message).toContain('supervised method only');
    expect(bad.message).toContain('preferred_output');
    expect((await h.client.fineTuning.jobs.list()).data).toHaveLength(0);
  });

  it('fails a supervised job on preference lines naming the line, and trains once converted', async () => {
    const lines = preferenceLines(12);
    const raw = await uploadText(h.client, lines.map((l) => JSON.stringify(l)).join('\n'));
    const failed = await waitFor(
      h.client,
      (await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: raw })).id,
      terminal,
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'invalid_file_format', param: 'training_file' });
    expect(failed.error?.message).toMatch(/Line 1: preference data .* method supervised/);

    const converted = lines.map((l) => {
      const input = l.input as { messages: unknown[] };
      return JSON.stringify({ messages: [...input.messages, ...(l.preferred_output as unknown[])] });
    });
    const file = await uploadText(h.client, converted.join('\n'));
    const job = await waitFor(
      h.client,
      (await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: file })).id,
      terminal,
    );
    expect(job.status).toBe('succeeded');
    const reply = await h.client.chat.completions.create({
      model: job.fine_tuned_model ?? '',
      messages: [{ role: 'user', content: 'soup recipe' }],
      temperature: 0,
    });
    expect(reply.choices[0]?.message.content).toBe('food');
  });
});
