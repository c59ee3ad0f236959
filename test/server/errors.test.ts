import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, tinyData, uploadText, waitFor, type Harness } from './helpers.js';

/**
 * Error bodies for the usual mistakes, in full: status, message, type, param and code as the
 * service words them (from recorded API answers quoted in SDK tests and issues).
 */
describe('error bodies', () => {
  let h: Harness;
  let trainingFile: string;
  beforeAll(async () => {
    h = await harness();
    trainingFile = await uploadText(h.client, tinyData(12));
  });
  afterAll(async () => h.close());

  const call = async (path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${h.server.baseURL}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${h.server.apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
  const error = (message: string, param: string | null, code: string | null) => ({
    error: { message, type: 'invalid_request_error', param, code },
  });

  it('unknown file, job and model', async () => {
    expect(await call('/files/file-nope')).toEqual({
      status: 404,
      json: error('No such File object: file-nope', 'id', null),
    });
    expect(await call('/fine_tuning/jobs/ftjob-nope')).toEqual({
      status: 404,
      json: error('Could not find fine tune: ftjob-nope', 'fine_tune_id', 'fine_tune_not_found'),
    });
    expect(await call('/fine_tuning/jobs/ftjob-nope/events')).toMatchObject({ status: 404 });
    expect(await call('/fine_tuning/jobs', { model: 'local-small', training_file: 'file-nope' })).toEqual({
      status: 400,
      json: error('invalid training_file: file-nope', 'training_file', null),
    });
    expect(await call('/fine_tuning/jobs', { model: 'gpt-nope', training_file: trainingFile })).toEqual({
      status: 400,
      json: error(
        'Model gpt-nope is not available for fine-tuning or does not exist.',
        'model',
        'model_not_available',
      ),
    });
  });

  it('a bad suffix, and a job whose file has too few examples or a broken line', async () => {
    const suffix = await call('/fine_tuning/jobs', {
      model: 'local-small',
      training_file: trainingFile,
      suffix: 'no spaces allowed',
    });
    expect(suffix).toMatchObject({
      status: 400,
      json: { error: { param: 'suffix', code: 'invalid_value' } },
    });

    const few = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: await uploadText(h.client, tinyData(7)),
    });
    expect((await waitFor(h.client, few.id, terminal)).error).toEqual({
      code: 'invalid_n_examples',
      param: 'training_file',
      message: 'Training file has 7 example(s), but must have at least 10 examples',
    });
    const lines = tinyData(12).split('\n');
    lines[4] = '{"prompt": ';
    const broken = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: await uploadText(h.client, lines.join('\n')),
    });
    expect((await waitFor(h.client, broken.id, terminal)).error).toEqual({
      code: 'invalid_file_format',
      param: 'training_file',
      message: 'Invalid file format. Line 5: not valid JSON.',
    });

    const cancel = await call(`/fine_tuning/jobs/${few.id}/cancel`, {});
    expect(cancel).toEqual({
      status: 400,
      json: error(`Job ${few.id} has already failed and cannot be cancelled.`, null, 'job_not_cancellable'),
    });
  });
});
