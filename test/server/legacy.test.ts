import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, tinyData, uploadText, type Harness } from './helpers.js';

// The legacy fine-tunes API, driven over HTTP in the shapes of its reference
// (https://platform.openai.com/docs/api-reference/fine-tunes, as openai-node v4 typed it).

interface FineTune {
  id: string;
  object: string;
  model: string;
  status: string;
  fine_tuned_model: string | null;
  hyperparams: Record<string, unknown>;
  events?: { object: string; message: string; level: string; created_at: number }[];
  result_files: { id: string; filename: string; purpose: string }[];
  training_files: { id: string }[];
  validation_files: { id: string }[];
}

describe('the legacy fine-tunes API', () => {
  let h: Harness;
  let call: (method: string, path: string, body?: unknown) => Promise<Response>;
  let training_file: string;
  let validation_file: string;
  let created: FineTune;
  let streamed: string;
  let finished: FineTune;
  beforeAll(async () => {
    h = await harness();
    call = (method, path, body) =>
      fetch(`${h.server.baseURL}${path}`, {
        method,
        headers: { authorization: `Bearer ${h.server.apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    training_file = await uploadText(h.client, tinyData(40));
    validation_file = await uploadText(h.client, tinyData(12), 'valid.jsonl');
    const response = await call('POST', '/fine-tunes', {
      training_file,
      validation_file,
      model: 'ada',
      suffix: 'My Model!',
      n_epochs: 3,
      compute_classification_metrics: true,
      classification_positive_class: ' sports',
      classification_betas: [1, 0.5],
    });
    created = (await response.json()) as FineTune;
    // What fine_tunes.follow reads: the events as server-sent events until the job ends.
    const events = await call('GET', `/fine-tunes/${created.id}/events?stream=true`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    streamed = await events.text();
    finished = (await (await call('GET', `/fine-tunes/${created.id}`)).json()) as FineTune;
  });
  afterAll(async () => h.close());

  it('creates a pending fine-tune object with its files, hyperparams and first event', () => {
    expect(created).toMatchObject({
      object: 'fine-tune',
      model: 'ada',
      status: 'pending',
      fine_tuned_model: null,
      hyperparams: { n_epochs: 3, prompt_loss_weight: 0.01, compute_classification_metrics: true },
      training_files: [{ id: training_file }],
      validation_files: [{ id: validation_file }],
      result_files: [],
    });
    expect(created.id).toMatch(/^ft-[A-Za-z0-9]{24}$/);
    expect(created.events).toEqual([
      expect.objectContaining({
        object: 'fine-tune-event',
        level: 'info',
        message: `Created fine-tune: ${created.id}`,
      }),
    ]);
  });

  it('streams the events until the job ends, then [DONE]', () => {
    const frames = streamed.split('\n\n').filter((f) => f.startsWith('data: '));
    expect(frames.at(-1)).toBe('data: [DONE]');
    const messages = frames.slice(0, -1).map((f) => (JSON.parse(f.slice(6)) as { message: string }).message);
    expect(messages).toEqual([
      `Created fine-tune: ${created.id}`,
      'Fine-tune costs $0.00',
      'Fine-tune enqueued. Queue number: 0',
      'Fine-tune started',
      'Completed epoch 1/3',
      'Completed epoch 2/3',
      'Completed epoch 3/3',
      `Uploaded model: ${finished.fine_tuned_model ?? ''}`,
      `Uploaded result file: ${finished.result_files[0]?.id ?? ''}`,
      'Fine-tune succeeded',
    ]);
  });

  it('names the model like the old service, and the same job is a fine_tuning.jobs job', async () => {
    expect(finished.status).toBe('succeeded');
    expect(finished.fine_tuned_model).toMatch(/^ada:ft-local:my-model-\d{4}(-\d\d){5}$/);
    expect(finished.hyperparams).toMatchObject({ n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 });
    const job = await h.client.fineTuning.jobs.retrieve(created.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      fine_tuned_model: finished.fine_tuned_model,
      model: 'ada',
    });

    const broken = await uploadText(h.client, 'not json\n');
    const modern = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file: broken });
    const list = (await (await call('GET', '/fine-tunes')).json()) as { object: string; data: FineTune[] };
    expect(list.object).toBe('list');
    expect(list.data.map((f) => f.id)).toEqual([created.id, modern.id]);
    expect(list.data[0]?.events).toBeUndefined();
  });

  it('lists events oldest first without the per-step metrics', async () => {
    const list = (await (await call('GET', `/fine-tunes/${created.id}/events`)).json()) as {
      data: { message: string }[];
    };
    expect(list.data[0]?.message).toBe(`Created fine-tune: ${created.id}`);
    expect(list.data.at(-1)?.message).toBe('Fine-tune succeeded');
    expect(list.data.some((e) => e.message.startsWith('Step '))).toBe(false);
  });

  it('writes the legacy results file with classification metrics at each epoch end', async () => {
    const file = finished.result_files[0];
    expect(file).toMatchObject({ filename: 'compiled_results.csv', purpose: 'fine-tune-results' });
    const csv = await (await h.client.files.content(file?.id ?? '')).text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe(
      'step,elapsed_tokens,elapsed_examples,training_loss,training_sequence_accuracy,training_token_accuracy,' +
        'validation_loss,validation_sequence_accuracy,validation_token_accuracy,classification/accuracy,' +
        'classification/precision,classification/recall,classification/auroc,classification/auprc,' +
        'classification/f0.5,classification/f1.0',
    );
    expect(rows).toHaveLength(120);
    const cells = rows.map((row) => row.split(','));
    expect(cells.map((c) => Number(c[0]))).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(Number(cells.at(-1)?.[2])).toBe(120);
    expect(Number(cells.at(-1)?.[1])).toBeGreaterThan(Number(cells[0]?.[1]));
    const withMetrics = cells.filter((c) => c[9] !== '').map((c) => Number(c[0]));
    expect(withMetrics).toEqual([40, 80, 120]);
    const last = cells.at(-1)?.slice(9).map(Number) ?? [];
    for (const value of last) expect(value).toBeGreaterThanOrEqual(0);
    // Two well-separated topics: the tuned model tells them apart.
    expect(last[0]).toBe(1);
    expect(last[3]).toBe(1);
  });

  it('answers completions on the tuned model, then deletes it', async () => {
    const model = finished.fine_tuned_model ?? '';
    const answer = await h.client.completions.create({
      model,
      prompt: 'goal team match 99\n\n###\n\n',
      temperature: 0,
      max_tokens: 1,
    });
    expect(answer.choices[0]?.text).toBe(' sports');
    const models = (await h.client.models.list()).data as { id: string; root?: string }[];
    expect(models).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'ada', root: 'local-small' })]),
    );
    expect(models.map((m) => m.id)).toContain(model);
    const deleted = await call('DELETE', `/models/${encodeURIComponent(model)}`);
    expect(await deleted.json()).toEqual({ id: model, object: 'model', deleted: true });
    expect((await call('POST', '/completions', { model, prompt: 'x' })).status).toBe(404);
  });

  it('refuses a bad request, deleting the file just uploaded for it but never one a job uses', async () => {
    const fresh = await uploadText(h.client, tinyData(10), 'fresh.jsonl');
    const refused = await call('POST', '/fine-tunes', { training_file: fresh, model: 'curie2' });
    expect(refused.status).toBe(400);
    const error = ((await refused.json()) as { error: { message: string; param: string } }).error;
    expect(error.param).toBe('model');
    expect(error.message).toContain(`The file ${fresh} uploaded for it was deleted`);
    await expect(h.client.files.retrieve(fresh)).rejects.toThrow(/No such File object/);

    const used = await call('POST', '/fine-tunes', { training_file, model: 'curie2' });
    expect(used.status).toBe(400);
    expect(((await used.json()) as { error: { message: string } }).error.message).not.toContain('deleted');
    expect((await h.client.files.retrieve(training_file)).id).toBe(training_file);
  });

  it('checks the classification settings at creation and against the data', async () => {
    const noValidation = await call('POST', '/fine-tunes', {
      training_file,
      compute_classification_metrics: true,
      classification_n_classes: 2,
      classification_positive_class: ' sports',
    });
    expect(((await noValidation.json()) as { error: { param: string } }).error.param).toBe('validation_file');
    const unknownClass = (await (
      await call('POST', '/fine-tunes', {
        training_file,
        validation_file,
        model: 'babbage',
        compute_classification_metrics: true,
        classification_positive_class: ' music',
      })
    ).json()) as FineTune;
    const events = await (await call('GET', `/fine-tunes/${unknownClass.id}/events?stream=true`)).text();
    expect(events).toContain(
      'classification_positive_class \\" music\\" is not a completion of the training file',
    );
    const failed = await h.client.fineTuning.jobs.retrieve(unknownClass.id);
    expect(failed.error).toMatchObject({ param: 'classification_positive_class' });
  });

  it('cancels like the old API: 404 for an unknown id, 400 for a finished job', async () => {
    const unknown = await call('POST', '/fine-tunes/ft-nope/cancel');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      'Could not find fine tune: ft-nope',
    );
    expect((await call('POST', `/fine-tunes/${created.id}/cancel`)).status).toBe(400);
  });
});
