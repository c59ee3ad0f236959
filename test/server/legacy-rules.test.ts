import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { refusal } from './refusal.js';
import type { JobState, LegacySettings } from '../../src/server/state/records.js';
import { createLegacyJob, legacySuffix, type LegacyCreate } from '../../src/server/routes/legacy-create.js';
import { fineTuneObject, legacyStatus } from '../../src/server/routes/legacy-view.js';
import { jobIn, stateServer, type StateServer } from './state-server.js';

// The legacy fine-tunes API's own rules, without training: what `POST /fine-tunes` accepts and refuses
// (https://platform.openai.com/docs/api-reference/fine-tunes/create), the uploads a refused request
// leaves behind, and how a job reads through `/fine-tunes` (the fine-tune object, its events, the
// list oldest first, the event stream that ends with the job). The full run, trained, is legacy.test.ts.

let s: StateServer;
beforeAll(async () => {
  s = await stateServer();
});
afterAll(async () => s.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const upload = (name = 'train.jsonl', purpose = 'fine-tune') =>
  s.services.files.create(name, purpose, Buffer.from('{"prompt":"a","completion":" b"}\n')).id;

function create(body: Partial<LegacyCreate>): JobState {
  return createLegacyJob(s.services, { training_file: upload(), ...body } as LegacyCreate);
}

const legacy = (over: Partial<LegacySettings> = {}): LegacySettings => ({
  model: 'ada',
  prompt_loss_weight: 0.01,
  compute_classification_metrics: false,
  classification_n_classes: null,
  classification_positive_class: null,
  classification_betas: null,
  ...over,
});

/** What the routes answer, as far as these tests read it. */
interface Wire {
  readonly object?: string;
  readonly status?: string;
  readonly data?: ReadonlyArray<{ readonly id?: string; readonly message?: string }>;
  readonly events?: ReadonlyArray<{ readonly message: string }>;
  readonly error?: Record<string, unknown>;
}

async function call(path: string, method = 'GET'): Promise<{ status: number; body: Wire; text: string }> {
  const response = await fetch(`${s.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.apiKey}` },
  });
  const text = await response.text();
  const json = response.headers.get('content-type') === 'application/json';
  return { status: response.status, body: (json ? JSON.parse(text) : {}) as Wire, text };
}

describe('creating a fine-tune', () => {
  it("takes the old service's defaults: curie, 4 epochs, a prompt loss weight of 0.01", () => {
    const state = create({});
    expect(state.job.id).toMatch(/^ft-[A-Za-z0-9]{24}$/);
    expect(state.job.model).toBe('curie');
    expect(state.requested.n_epochs).toBe(4);
    expect(state.legacy).toEqual(legacy({ model: 'curie' }));
    expect(state.modelName).toMatch(/^curie:ft-local-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
  });

  it('takes the hyperparameters, model and weight asked, and names the model after the suffix', () => {
    const state = create({
      model: 'ada',
      n_epochs: 2,
      batch_size: 3,
      learning_rate_multiplier: 0.2,
      prompt_loss_weight: 0,
      suffix: 'My Model!!',
    });
    expect(state.requested).toMatchObject({ n_epochs: 2, batch_size: 3, learning_rate_multiplier: 0.2 });
    expect(state.legacy?.prompt_loss_weight).toBe(0);
    expect(state.modelName).toMatch(/^ada:ft-local:my-model-\d{4}-/);
    expect(state.job.user_provided_suffix).toBe('my-model');
  });

  it('gives two fine-tunes made in the same second different names', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 2, 3, 4, 5));
    const first = create({ model: 'ada', suffix: 'same' });
    s.services.book.add(first);
    const second = create({ model: 'ada', suffix: 'same' });
    expect(first.modelName).toBe('ada:ft-local:same-2026-01-02-03-04-05');
    expect(second.modelName).toBe('ada:ft-local:same-2026-01-02-03-04-06');
  });

  it('cleans a suffix as the old reference says, and refuses one too long or of punctuation only', () => {
    expect(legacySuffix('--Hello, World--')).toBe('hello-world');
    expect(legacySuffix('x'.repeat(40))).toBe('x'.repeat(40));
    expect(refusal(() => legacySuffix('x'.repeat(41))).body().error).toEqual({
      message: `Invalid suffix: '${'x'.repeat(41)}' is 41 characters long (at most 40).`,
      type: 'invalid_request_error',
      param: 'suffix',
      code: 'invalid_value',
    });
    expect(refusal(() => legacySuffix('!?')).message).toBe("Invalid suffix: '!?' has no letter or digit.");
    expect(refusal(() => legacySuffix('!?')).param).toBe('suffix');
    expect(refusal(() => legacySuffix('!?')).code).toBe('invalid_value');
  });

  it('takes classification metrics for a binary or a multiclass task, with a validation file', () => {
    const validation_file = upload('valid.jsonl');
    const binary = create({
      validation_file,
      compute_classification_metrics: true,
      classification_positive_class: ' yes',
    });
    expect(binary.job.validation_file).toBe(validation_file);
    expect(binary.legacy).toMatchObject({
      compute_classification_metrics: true,
      classification_n_classes: 2,
      classification_positive_class: ' yes',
      classification_betas: null,
    });
    const multi = create({
      validation_file: upload('valid.jsonl'),
      compute_classification_metrics: true,
      classification_n_classes: 3,
      classification_betas: [0.5],
    });
    expect(multi.legacy).toMatchObject({ classification_n_classes: 3, classification_betas: [0.5] });
  });

  it('refuses classification metrics it cannot compute, naming the field to fix', () => {
    const asked = { compute_classification_metrics: true } as const;
    const cases: Array<[Partial<LegacyCreate>, string, RegExp]> = [
      [asked, 'validation_file', /needs a validation_file/],
      [
        { ...asked, validation_file: upload('v') },
        'classification_n_classes',
        /needs classification_n_classes/,
      ],
      [
        { ...asked, validation_file: upload('v'), classification_n_classes: 2 },
        'classification_positive_class',
        /^Binary classification needs classification_positive_class\. /,
      ],
      [
        { classification_n_classes: 3, classification_positive_class: 'a' },
        'classification_positive_class',
        /is for binary classification, but classification_n_classes is 3\. /,
      ],
    ];
    for (const [body, param, message] of cases) {
      const error = refusal(() => create(body));
      expect(error.status).toBe(400);
      expect(error.param).toBe(param);
      expect(error.code).toBe('invalid_value');
      expect(error.message).toMatch(message);
    }
    // Without asking for the metrics, a binary or a multiclass setting alone is fine.
    expect(create({ classification_n_classes: 3 }).legacy?.compute_classification_metrics).toBe(false);
    expect(create({ classification_positive_class: 'a', classification_n_classes: 2 }).legacy).toMatchObject({
      classification_n_classes: 2,
    });
  });

  it('names a wrong hyperparameter by its top-level field, as this API takes them', () => {
    const error = refusal(() => create({ n_epochs: 0 }));
    expect(error.param).toBe('n_epochs');
    expect(refusal(() => createLegacyJob(s.services, { training_file: '' })).body().error).toMatchObject({
      param: 'training_file',
      code: 'missing_required_parameter',
    });
  });
});

describe('a refused fine-tune', () => {
  it('deletes the files just uploaded for it, and says so', () => {
    const training_file = upload();
    const validation_file = upload('valid.jsonl');
    const both = refusal(() => createLegacyJob(s.services, { training_file, validation_file, n_epochs: 0 }));
    expect(both.message).toMatch(
      new RegExp(
        `^Invalid value for n_epochs: 0\\..* The files ${training_file} and ${validation_file} uploaded for it were deleted, so the same command can be run again once corrected\\.$`,
      ),
    );
    expect(both.param).toBe('n_epochs');
    expect(s.services.files.get(training_file)).toBeUndefined();
    expect(s.services.files.get(validation_file)).toBeUndefined();
    const one = upload();
    const single = refusal(() => createLegacyJob(s.services, { training_file: one, suffix: '!' }));
    expect(single.message).toMatch(new RegExp(` The file ${one} uploaded for it was deleted, so`));
  });

  it('keeps a file uploaded earlier, one a job uses, one of another purpose, and ids that name no file', () => {
    const old = upload();
    const created = s.services.files.createdMs(old) ?? 0;
    vi.spyOn(Date, 'now').mockReturnValue(created + 60_001);
    const kept = refusal(() => createLegacyJob(s.services, { training_file: old, n_epochs: 0 }));
    expect(kept.message).not.toMatch(/deleted/);
    expect(s.services.files.get(old)).toBeDefined();
    vi.restoreAllMocks();

    const used = upload();
    const usedToValidate = upload('valid.jsonl');
    s.services.book.add(create({ training_file: used, validation_file: usedToValidate }));
    const other = upload('notes.txt', 'assistants');
    for (const training_file of [used, usedToValidate, other, 'file-none']) {
      const error = refusal(() => createLegacyJob(s.services, { training_file, n_epochs: 0 }));
      expect(error.message).not.toMatch(/deleted/);
    }
    expect(s.services.files.get(used)).toBeDefined();
    expect(s.services.files.get(usedToValidate)).toBeDefined();
    expect(s.services.files.get(other)).toBeDefined();
    // Just within the minute: still counted as made for the request.
    const fresh = upload();
    vi.spyOn(Date, 'now').mockReturnValue((s.services.files.createdMs(fresh) ?? 0) + 60_000);
    expect(refusal(() => createLegacyJob(s.services, { training_file: fresh, n_epochs: 0 })).message).toMatch(
      /was deleted/,
    );
  });

  it('lets an unexpected error through untouched, deleting nothing', () => {
    const training_file = upload();
    // The job store fails once, while the job is made (a disk error, say).
    let calls = 0;
    const book = {
      all: () => {
        calls += 1;
        if (calls === 1) throw new TypeError('boom');
        return [];
      },
    };
    const broken = { ...s.services, book } as never;
    expect(() => createLegacyJob(broken, { training_file })).toThrow(TypeError);
    expect(s.services.files.get(training_file)).toBeDefined();
  });
});

describe('a fine-tune as /fine-tunes shows it', () => {
  function seeded(status: JobState['job']['status'], over: Partial<LegacySettings> | null = {}): JobState {
    const state = jobIn(status);
    state.legacy = over === null ? null : legacy(over);
    state.job.training_file = upload();
    s.services.book.add(state);
    return state;
  }

  it('reads pending before training, and its other statuses as they are', () => {
    expect(legacyStatus('validating_files')).toBe('pending');
    expect(legacyStatus('queued')).toBe('pending');
    for (const status of ['running', 'succeeded', 'failed', 'cancelled', 'paused']) {
      expect(legacyStatus(status)).toBe(status);
    }
  });

  it('is the fine-tune object: hyperparams with auto as null, its files as objects, events oldest first', () => {
    const state = seeded('running', {
      compute_classification_metrics: true,
      classification_n_classes: 2,
      classification_positive_class: ' yes',
    });
    state.job.hyperparameters = { n_epochs: 3, batch_size: 'auto', learning_rate_multiplier: 0.1 };
    state.job.validation_file = upload('valid.jsonl');
    s.services.book.event(state.job.id, 'Created fine-tune: x');
    s.services.book.event(state.job.id, 'step', { data: { step: 1 } });
    s.services.book.event(state.job.id, 'Fine-tune started');
    const object = fineTuneObject(s.services, state, true);
    expect(object).toMatchObject({
      id: state.job.id,
      object: 'fine-tune',
      model: 'ada',
      fine_tuned_model: null,
      organization_id: state.job.organization_id,
      status: 'running',
      result_files: [],
      hyperparams: {
        batch_size: null,
        learning_rate_multiplier: 0.1,
        n_epochs: 3,
        prompt_loss_weight: 0.01,
        compute_classification_metrics: true,
        classification_n_classes: 2,
        classification_positive_class: ' yes',
      },
    });
    expect(object.hyperparams).not.toHaveProperty('classification_betas');
    expect((object.validation_files as Array<{ id: string }>).map((f) => f.id)).toEqual([
      state.job.validation_file,
    ]);
    expect((object.training_files as Array<{ id: string }>).map((f) => f.id)).toEqual([
      state.job.training_file,
    ]);
    expect((object.events as Array<{ message: string; object: string }>).map((e) => e.message)).toEqual([
      'Created fine-tune: x',
      'Fine-tune started',
    ]);
    expect(fineTuneObject(s.services, state, false)).not.toHaveProperty('events');
    // A file deleted since is no longer listed.
    s.services.files.delete(state.job.validation_file ?? '');
    expect(fineTuneObject(s.services, state, false).validation_files).toEqual([]);
    // The latest of its creation, its end and its last event.
    const last = s.services.book.listEvents(state.job.id)[0]?.created_at ?? 0;
    expect(object.updated_at).toBe(Math.max(state.job.created_at, last));
    state.job.finished_at = last + 100;
    expect(fineTuneObject(s.services, state, false).updated_at).toBe(last + 100);
  });

  it('shows a job made by today’s API with its own model and no legacy settings', () => {
    const state = seeded('queued', null);
    const object = fineTuneObject(s.services, state, false);
    expect(object).toMatchObject({ model: 'local-small', status: 'pending' });
    expect(object.hyperparams).toEqual({
      batch_size: 1,
      learning_rate_multiplier: 1,
      n_epochs: 1,
      prompt_loss_weight: null,
    });
    const betas = seeded('queued', { compute_classification_metrics: true, classification_betas: [2] });
    expect(
      (fineTuneObject(s.services, betas, false).hyperparams as Record<string, unknown>).classification_betas,
    ).toEqual([2]);
  });

  it('is listed oldest first, retrieved with its events, cancelled, and unknown ids are a 404', async () => {
    const older = seeded('queued');
    const newer = seeded('running');
    const list = await call('/fine-tunes');
    expect(list.body.object).toBe('list');
    const ids = (list.body.data ?? []).map((f) => f.id);
    expect(ids.indexOf(older.job.id)).toBeLessThan(ids.indexOf(newer.job.id));
    expect(ids.at(-1)).toBe(newer.job.id);
    expect(list.body.data?.[0]).not.toHaveProperty('events');
    const one = await call(`/fine-tunes/${older.job.id}`);
    expect(one.body).toMatchObject({ id: older.job.id, status: 'pending', events: [] });
    const cancelled = await call(`/fine-tunes/${newer.job.id}/cancel`, 'POST');
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.events?.at(-1)?.message).toBe('Fine-tune cancelled');
    for (const path of ['/fine-tunes/ft-none', '/fine-tunes/ft-none/events']) {
      const missing = await call(path);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ param: 'fine_tune_id', code: 'fine_tune_not_found' });
    }
    expect((await call('/fine-tunes/ft-none/cancel', 'POST')).status).toBe(404);
  });

  it('lists its events without metrics, and streams them until the job ends', async () => {
    const done = seeded('succeeded');
    s.services.book.event(done.job.id, 'Fine-tune started');
    s.services.book.event(done.job.id, 'step', { data: { step: 1 } });
    s.services.book.event(done.job.id, 'Fine-tune succeeded');
    const listed = await call(`/fine-tunes/${done.job.id}/events`);
    expect(listed.body).toEqual({
      object: 'list',
      data: [
        expect.objectContaining({ object: 'fine-tune-event', level: 'info', message: 'Fine-tune started' }),
        expect.objectContaining({ message: 'Fine-tune succeeded' }),
      ],
    });
    expect(Object.keys(listed.body.data?.[0] ?? {}).sort()).toEqual([
      'created_at',
      'level',
      'message',
      'object',
    ]);
    const ended = await call(`/fine-tunes/${done.job.id}/events?stream=true`);
    expect(
      ended.text
        .split('\n\n')
        .filter(Boolean)
        .map((f) => f.replace(/"created_at":\d+,/, '')),
    ).toEqual([
      'data: {"object":"fine-tune-event","level":"info","message":"Fine-tune started"}',
      'data: {"object":"fine-tune-event","level":"info","message":"Fine-tune succeeded"}',
      'data: [DONE]',
    ]);

    const live = seeded('running');
    s.services.book.event(live.job.id, 'Fine-tune started');
    const streaming = call(`/fine-tunes/${live.job.id}/events?stream=true`);
    // Once the stream is open (the route listens), the job goes on and ends.
    await vi.waitFor(() => expect(s.services.book['listeners'].has(live.job.id)).toBe(true));
    s.services.book.event(live.job.id, 'step', { data: { step: 1 } });
    s.services.book.event(live.job.id, 'Completed epoch 1/1');
    s.services.book.update(live.job.id, (state) => void (state.job.status = 'succeeded'));
    s.services.book.event(live.job.id, 'Fine-tune succeeded');
    const text = (await streaming).text;
    expect(text.match(/"message":"[^"]*"/g)).toEqual([
      '"message":"Fine-tune started"',
      '"message":"Completed epoch 1/1"',
      '"message":"Fine-tune succeeded"',
    ]);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(s.services.book['listeners'].has(live.job.id)).toBe(false);
  });
});
