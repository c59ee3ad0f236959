import { describe, expect, it } from 'vitest';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { canRetry } from '../../src/app/state/job-reducer.js';
import type { ProviderName } from '../../src/api/providers/index.js';
import { MODELS, RECORD, job, jobState, writeResult, writtenState } from './job-fixtures.js';
import { makeAnalysis } from './helpers.js';

// The model step, the upload and the job panel as pure transitions: which phase comes next, what Esc
// restores, the bounds of every cursor, and what a late action from an effect does on another screen.

const run = (state: WizardState, ...actions: WizardAction[]): WizardState =>
  actions.reduce(wizardReducer, state);

type Model = Extract<WizardState, { screen: 'model' }>;
function model(state: WizardState): Model {
  expect(state.screen).toBe('model');
  return state as Model;
}

const OPENAI = { name: 'openai' as const, reason: 'key set' };
const analysis = makeAnalysis({ input: '/data/tickets.csv', dataFormat: 'prompt-completion' });
const result = writeResult('/data/t_train.jsonl', '/data/t_valid.jsonl');
const written = writtenState(analysis, result);
// Built inside each test, never at import: a state computed once would not see the mutant under test.
const fresh = () => run(written, { type: 'choose-model' });
const loadedModels = (provider: ProviderName = 'openai') =>
  run(fresh(), {
    type: 'models-loaded',
    models: MODELS,
    provider: { name: provider, reason: 'key set' },
    today: '2026-11-24',
  });
const at = (id: string, provider: ProviderName = 'openai'): Model => {
  const state = model(loadedModels(provider));
  return { ...state, cursor: MODELS.findIndex((m) => m.id === id) };
};
const options = (provider: ProviderName = 'openai') =>
  model(run(at('babbage-002', provider), { type: 'model-choose' }));

describe('model list', () => {
  it('opens only from a written file, with the suffix from the file name', () => {
    expect(model(fresh())).toMatchObject({ phase: 'pick', models: null, suffix: 'tickets', cursor: 0 });
    const failed = { ...written, result: null } as WizardState;
    expect(run(failed, { type: 'choose-model' })).toBe(failed);
  });

  it('starts on the first fine-tunable model that fits the data as it is', () => {
    const state = model(loadedModels());
    expect(MODELS[state.cursor]).toMatchObject({ id: 'babbage-002' });
    expect(state).toMatchObject({ today: '2026-11-24', provider: { name: 'openai' } });
    // No model fits: the cursor stays on the first row, never before it.
    const shut = MODELS.filter((m) => !m.fineTunable);
    const none = model(run(fresh(), { type: 'models-loaded', models: shut, provider: OPENAI, today: 'x' }));
    expect(none.cursor).toBe(0);
  });

  it('a late list, failure, conversion or corrections on another screen changes nothing', () => {
    const late: WizardAction[] = [
      { type: 'models-loaded', models: MODELS, provider: OPENAI, today: 'x' },
      { type: 'models-failed', error: { kind: 'network', message: 'x' } as never },
      { type: 'models-retry' },
      { type: 'converted', files: model(fresh()).files },
      { type: 'convert-failed', message: 'x' },
      { type: 'corrections-found', train: '/data/t_train.jsonl', corrections: { path: 'c', rows: 1 } },
      { type: 'upload-progress', progress: {} as never },
      { type: 'upload-failed', error: {} as never },
      { type: 'job-started', job: job(), record: RECORD },
      { type: 'job-update', update: {} },
      { type: 'job-chart' },
      { type: 'job-scroll', delta: 1 },
      { type: 'job-overlay', overlay: 'cancel' },
      { type: 'job-control', control: 'cancel' },
      { type: 'job-control-done' },
      { type: 'open-chat' },
      { type: 'close-chat' },
      { type: 'train-more' },
      { type: 'job-retry' },
      { type: 'model-back' },
      { type: 'start-job' },
      { type: 'model-move', delta: 1 },
      { type: 'model-choose' },
      { type: 'convert', accept: true },
      { type: 'field-move', delta: 1 },
      { type: 'field-edit', typed: 'x' },
      { type: 'field-erase' },
      { type: 'method-toggle' },
    ];
    for (const action of late) expect(run(written, action), action.type).toBe(written);
  });

  it('keeps corrections found only for the file it would upload', () => {
    const corrections = { path: '/data/c.jsonl', rows: 3 };
    const found = run(fresh(), { type: 'corrections-found', train: '/data/t_train.jsonl', corrections });
    expect(model(found)).toMatchObject({ corrections, correctionsOf: '/data/t_train.jsonl' });
    const same = fresh();
    expect(run(same, { type: 'corrections-found', train: '/other.jsonl', corrections })).toBe(same);
  });

  it('a failed list shows the error; retry clears it and lists again', () => {
    const error = { kind: 'network', message: 'down' } as never;
    const failed = run(loadedModels(), { type: 'models-failed', error });
    expect(model(failed).loadError).toBe(error);
    expect(model(run(failed, { type: 'models-retry' }))).toMatchObject({ loadError: null, models: null });
  });

  it('wraps the cursor both ways, only while picking with models listed', () => {
    const state = { ...model(loadedModels()), cursor: 0 };
    expect(model(run(state, { type: 'model-move', delta: -1 })).cursor).toBe(MODELS.length - 1);
    expect(model(run(state, { type: 'model-move', delta: MODELS.length + 1 })).cursor).toBe(1);
    const same = fresh();
    expect(run(same, { type: 'model-move', delta: 1 })).toBe(same);
    const empty = { ...state, models: [] };
    expect(run(empty, { type: 'model-move', delta: 1 })).toBe(empty);
    const opts = options();
    expect(run(opts, { type: 'model-move', delta: 1 })).toBe(opts);
  });

  it('a model that fits goes to the options; one that needs chat asks to convert; others stay', () => {
    expect(options()).toMatchObject({ phase: 'options', convertError: null });
    const convert = model(run(at('gpt-4o-mini-2024-07-18'), { type: 'model-choose' }));
    expect(convert.phase).toBe('convert');
    const shut = at('gpt-3.5-turbo-0613');
    expect(run(shut, { type: 'model-choose' })).toBe(shut);
    const noList = model(fresh());
    expect(run(noList, { type: 'model-choose' })).toBe(noList);
    const prefs = { ...at('babbage-002'), files: { ...model(fresh()).files, format: 'preference' as const } };
    expect(run(prefs, { type: 'model-choose' })).toBe(prefs);
  });
});

describe('chat conversion', () => {
  const asking = () => model(run(at('gpt-4o-mini-2024-07-18'), { type: 'model-choose' }));

  it('accepting starts writing; declining returns to the list', () => {
    expect(model(run(asking(), { type: 'convert', accept: true }))).toMatchObject({
      converting: true,
      convertError: null,
      phase: 'convert',
    });
    expect(model(run(asking(), { type: 'convert', accept: false })).phase).toBe('pick');
  });

  it('ignores a second answer while writing, and a convert key outside the question', () => {
    const writing = run(asking(), { type: 'convert', accept: true });
    expect(run(writing, { type: 'convert', accept: false })).toBe(writing);
    const opts = options();
    expect(run(opts, { type: 'convert', accept: true })).toBe(opts);
  });

  it('converted files lead to the options and drop corrections found for the old file', () => {
    const files = { ...asking().files, train: '/data/t_chat.jsonl', format: 'chat' as const };
    const withCorrections = { ...asking(), converting: true, corrections: { path: 'c', rows: 2 } };
    expect(model(run(withCorrections, { type: 'converted', files }))).toMatchObject({
      files,
      converting: false,
      phase: 'options',
      corrections: null,
    });
  });

  it('a failed conversion says why and lets the user answer again', () => {
    const failed = model(
      run({ ...asking(), converting: true }, { type: 'convert-failed', message: 'disk full' }),
    );
    expect(failed).toMatchObject({ converting: false, convertError: 'disk full' });
    expect(model(run(failed, { type: 'convert', accept: true })).converting).toBe(true);
  });
});

describe('options', () => {
  it('moves through the fields and wraps both ways; corrections appear when found', () => {
    const opts = options();
    expect(model(run(opts, { type: 'field-move', delta: 1 })).field).toBe('method');
    expect(model(run(opts, { type: 'field-move', delta: -1 })).field).toBe('lr');
    const found = { ...opts, corrections: { path: 'c', rows: 1 } };
    expect(model(run(found, { type: 'field-move', delta: -1 })).field).toBe('corrections');
    const azure = options('azure');
    expect(model(run(azure, { type: 'field-move', delta: 2 })).field).toBe('option:trainingType');
    const same = fresh();
    expect(run(same, { type: 'field-move', delta: 1 })).toBe(same);
  });

  it('types into a text field, erases one character or all of it', () => {
    const opts = { ...options(), field: 'epochs' as const, epochs: '1' };
    expect(model(run(opts, { type: 'field-edit', typed: '2' })).epochs).toBe('12');
    expect(model(run(opts, { type: 'field-edit', typed: '2' }, { type: 'field-erase' })).epochs).toBe('1');
    expect(model(run({ ...opts, epochs: '123' }, { type: 'field-erase', all: true })).epochs).toBe('');
    expect(model(run({ ...opts, epochs: '123' }, { type: 'field-erase', all: false })).epochs).toBe('12');
    const same = fresh();
    expect(run(same, { type: 'field-edit', typed: 'x' })).toBe(same);
  });

  it('space on a choice field changes it; other keys and erasing do nothing there', () => {
    const prefs = {
      ...options(),
      field: 'method' as const,
      files: { ...options().files, format: 'preference' as const },
    };
    expect(model(run(prefs, { type: 'field-edit', typed: ' ' })).method).toBe('dpo');
    expect(run(prefs, { type: 'field-edit', typed: 'x' })).toBe(prefs);
    expect(run(prefs, { type: 'field-erase' })).toBe(prefs);
  });

  it('the method cycles through those the data allows', () => {
    const prefs = {
      ...options(),
      field: 'method' as const,
      files: { ...options().files, format: 'preference' as const },
    };
    const dpo = model(run(prefs, { type: 'method-toggle' }));
    expect(dpo.method).toBe('dpo');
    expect(model(run(dpo, { type: 'method-toggle' })).method).toBe('supervised');
    const plain = { ...options(), field: 'method' as const };
    expect(model(run(plain, { type: 'method-toggle' })).method).toBe('supervised');
    const same = fresh();
    expect(run(same, { type: 'method-toggle' })).toBe(same);
  });

  it('a create option cycles through its choices and back to the first', () => {
    const azure = { ...options('azure'), field: 'option:trainingType' as const };
    const once = model(run(azure, { type: 'method-toggle' }));
    expect(once.options).toEqual({ trainingType: 'Standard' });
    expect(once.method).toBe('supervised');
    const thrice = model(
      run(azure, { type: 'method-toggle' }, { type: 'method-toggle' }, { type: 'method-toggle' }),
    );
    expect(thrice.options).toEqual({ trainingType: 'GlobalStandard' });
  });

  it('the corrections field includes or leaves out the corrections', () => {
    const found = { ...options(), field: 'corrections' as const, corrections: { path: 'c', rows: 1 } };
    const out = model(run(found, { type: 'method-toggle' }));
    expect(out.includeCorrections).toBe(false);
    expect(model(run(out, { type: 'method-toggle' })).includeCorrections).toBe(true);
  });
});

describe('Esc on the model step', () => {
  it('from the options or the conversion question returns to the list, keeping what was typed', () => {
    const typed = { ...options(), suffix: 'mine' };
    expect(model(run(typed, { type: 'model-back' }))).toMatchObject({ phase: 'pick', suffix: 'mine' });
  });

  it('from the list returns to the written screen with its result', () => {
    expect(run(loadedModels(), { type: 'model-back' })).toEqual({ ...written, message: null });
  });
});

describe('starting a job', () => {
  it('refuses while a field is wrong, or outside the options', () => {
    const bad = { ...options(), epochs: '0' };
    expect(run(bad, { type: 'start-job' })).toBe(bad);
    const list = loadedModels();
    expect(run(list, { type: 'start-job' })).toBe(list);
    const noModel = { ...options(), models: [] };
    expect(run(noModel, { type: 'start-job' })).toBe(noModel);
  });

  it('uploads with the values shown, then Esc on a failed upload returns to the options', () => {
    const opts = { ...options(), suffix: 'mine', epochs: '3' };
    const upload = run(opts, { type: 'start-job' });
    expect(upload).toMatchObject({
      screen: 'upload',
      progress: null,
      error: null,
      input: { model: 'babbage-002', suffix: 'mine', trainingPath: '/data/t_train.jsonl' },
    });
    const progress = { sent: 1 } as never;
    expect(run(upload, { type: 'upload-progress', progress })).toMatchObject({ progress });
    expect(run(upload, { type: 'model-back' })).toBe(upload);
    const failed = run(upload, { type: 'upload-failed', error: { message: 'x' } as never });
    expect(model(run(failed, { type: 'model-back' }))).toMatchObject({
      phase: 'options',
      suffix: 'mine',
      epochs: '3',
    });
  });

  it('a started job opens the panel and keeps the step to retry from', () => {
    const upload = run({ ...options(), suffix: 'mine' }, { type: 'start-job' });
    const panel = run(upload, { type: 'job-started', job: job(), record: RECORD });
    expect(panel).toMatchObject({
      screen: 'job',
      file: '/data/tickets.csv',
      panel: { job: { id: 'ftjob-test1' } },
    });
    expect(panel).toMatchObject({ retry: { screen: 'model', phase: 'options', suffix: 'mine' } });
  });
});

describe('job panel', () => {
  const withRetry = (status: string, extra = {}) =>
    ({ ...jobState({ status, ...extra } as never), retry: options() }) as WizardState;

  it('a job that ends while its cancel is asked closes the question', () => {
    const asking = run(jobState(), { type: 'job-overlay', overlay: 'cancel' });
    expect(asking).toMatchObject({ panel: { overlay: 'cancel' } });
    const ended = run(asking, { type: 'job-update', update: { job: job({ status: 'succeeded' }) } });
    expect(ended).toMatchObject({ panel: { overlay: 'none', job: { status: 'succeeded' } } });
    const still = run(asking, { type: 'job-update', update: { job: job({ status: 'running' }) } });
    expect(still).toMatchObject({ panel: { overlay: 'cancel' } });
  });

  it('no cancel question on a finished job, but the overlay closes', () => {
    const done = jobState({ status: 'succeeded' });
    expect(run(done, { type: 'job-overlay', overlay: 'cancel' })).toBe(done);
    const asking = run(
      jobState(),
      { type: 'job-overlay', overlay: 'cancel' },
      { type: 'job-overlay', overlay: 'none' },
    );
    expect(asking).toMatchObject({ panel: { overlay: 'none' } });
  });

  it('switches the chart back and forth', () => {
    const once = run(jobState(), { type: 'job-chart' });
    expect(once).toMatchObject({ panel: { chart: 'accuracy' } });
    expect(run(once, { type: 'job-chart' })).toMatchObject({ panel: { chart: 'loss' } });
  });

  it('scrolls the events within the list', () => {
    const events = [1, 2, 3].map((i) => ({
      id: `e${i}`,
      created_at: i,
      message: 'm',
      level: 'info',
      object: 'fine_tuning.job.event',
      type: 'message',
    }));
    const state = run(jobState(), { type: 'job-update', update: { events: events as never } });
    expect(run(state, { type: 'job-scroll', delta: 5 })).toMatchObject({ panel: { scroll: 2 } });
    expect(run(state, { type: 'job-scroll', delta: 1 })).toMatchObject({ panel: { scroll: 1 } });
    expect(run(state, { type: 'job-scroll', delta: -1 })).toMatchObject({ panel: { scroll: 0 } });
    expect(run(jobState(), { type: 'job-scroll', delta: 1 })).toMatchObject({ panel: { scroll: 0 } });
  });

  it('sends one control at a time, never on a finished job, and clears the last notice', () => {
    const noticed = run(jobState(), { type: 'job-update', update: { notice: { message: 'old' } as never } });
    const pending = run(
      noticed,
      { type: 'job-overlay', overlay: 'cancel' },
      { type: 'job-control', control: 'cancel' },
    );
    expect(pending).toMatchObject({ panel: { pending: 'cancel', overlay: 'none', notice: null } });
    expect(run(pending, { type: 'job-control', control: 'pause' })).toBe(pending);
    const done = jobState({ status: 'cancelled' });
    expect(run(done, { type: 'job-control', control: 'cancel' })).toBe(done);
  });

  it('a control answered updates the job, or shows why it failed', () => {
    const pending = run(jobState(), { type: 'job-control', control: 'pause' });
    const paused = run(pending, { type: 'job-control-done', job: job({ status: 'paused' as never }) });
    expect(paused).toMatchObject({ panel: { pending: null, notice: null, job: { status: 'paused' } } });
    const error = { message: 'refused' } as never;
    const failed = run(pending, { type: 'job-control-done', error });
    expect(failed).toMatchObject({ panel: { pending: null, notice: error, job: { status: 'running' } } });
  });

  it('opens the tester only for a succeeded job, and comes back with the retry kept', () => {
    expect(run(withRetry('running'), { type: 'open-chat' }).screen).toBe('job');
    const chat = run(withRetry('succeeded'), { type: 'open-chat' });
    expect(chat).toMatchObject({ screen: 'chat', file: '/data/t.csv' });
    const back = run(chat, { type: 'close-chat' });
    expect(back).toMatchObject({ screen: 'job', retry: { screen: 'model' } });
    const bare = run(run(jobState({ status: 'succeeded' }), { type: 'open-chat' }), { type: 'close-chat' });
    expect('retry' in bare).toBe(false);
  });

  it('trains more from a succeeded job with a model, back to the list with the job as the way back', () => {
    const from = 'ft:babbage-002:acme:t:1';
    const done = withRetry('succeeded', { fine_tuned_model: from });
    const more = model(run(done, { type: 'train-more' }));
    expect(more).toMatchObject({
      phase: 'pick',
      models: null,
      loadError: null,
      cursor: 0,
      corrections: null,
      correctionsOf: null,
    });
    expect(more.trainMore).toEqual({ from, job: 'ftjob-test1', back: done });
    expect(run(more, { type: 'model-back' })).toBe(done);
    for (const state of [
      withRetry('succeeded'),
      withRetry('failed', { fine_tuned_model: from }),
      jobState({ status: 'succeeded', fine_tuned_model: from }),
    ]) {
      expect(run(state, { type: 'train-more' })).toBe(state);
    }
  });

  it('train more goes straight to the options on the job own model once listed', () => {
    const from = MODELS[4]?.id ?? '';
    const more = model(run(withRetry('succeeded', { fine_tuned_model: from }), { type: 'train-more' }));
    const listed = model(run(more, { type: 'models-loaded', models: MODELS, provider: OPENAI, today: 't' }));
    expect(listed).toMatchObject({ phase: 'options', cursor: 4, today: 't' });
    const gone = { ...more, trainMore: { ...more.trainMore!, from: 'ft:deleted' } };
    expect(
      model(run(gone, { type: 'models-loaded', models: MODELS, provider: OPENAI, today: 't' })).phase,
    ).toBe('pick');
  });

  it('train more finds the job own model first in the list too', () => {
    const from = MODELS[0]?.id ?? '';
    const more = model(run(withRetry('succeeded', { fine_tuned_model: from }), { type: 'train-more' }));
    const listed = model(run(more, { type: 'models-loaded', models: MODELS, provider: OPENAI, today: 't' }));
    expect(listed).toMatchObject({ phase: 'options', cursor: 0 });
  });

  it('a cancel question left open on a finished job can still be closed', () => {
    const state = jobState({ status: 'cancelled' }) as Extract<WizardState, { screen: 'job' }>;
    const open = { ...state, panel: { ...state.panel, overlay: 'cancel' as const } };
    expect(run(open, { type: 'job-overlay', overlay: 'none' })).toMatchObject({ panel: { overlay: 'none' } });
  });

  it('retries only a failed or cancelled job, from its model step', () => {
    for (const status of ['failed', 'cancelled']) {
      expect(run(withRetry(status), { type: 'job-retry' })).toMatchObject({
        screen: 'model',
        phase: 'options',
      });
    }
    for (const status of ['running', 'succeeded']) {
      const state = withRetry(status);
      expect(run(state, { type: 'job-retry' })).toBe(state);
    }
    const noStep = jobState({ status: 'failed' });
    expect(run(noStep, { type: 'job-retry' })).toBe(noStep);
  });

  it('canRetry is true only for a final job without a model', () => {
    const panel = (status: string) =>
      (jobState({ status } as never) as Extract<WizardState, { screen: 'job' }>).panel;
    expect(['failed', 'cancelled', 'succeeded', 'running', 'queued'].map((s) => canRetry(panel(s)))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
