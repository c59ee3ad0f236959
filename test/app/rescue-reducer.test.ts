import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/api/errors.js';
import type { FineTuningJob } from '../../src/api/jobs.js';
import type { ModelInfo } from '../../src/api/models.js';
import { PROVIDERS } from '../../src/api/provider.js';
import { initialPanel } from '../../src/app/state/panel.js';
import type { Compared, RescueRun, RescueView } from '../../src/app/state/rescue-state.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import type { InventoryItem } from '../../src/rescue/inventory.js';
import type { RetrainPlan } from '../../src/rescue/retrain.js';
import { newState } from '../../src/rescue/state.js';
import type { JobRecord } from '../../src/store/jobs.js';

// The rescue screens' steps that test/app/rescue-state.test.ts leaves out: retrying after a failure,
// the cursors, going back through the target's phases, and the results each effect hands in.

const item = (model: string, daysLeft: number | null = 38): InventoryItem => ({
  model,
  base: 'gpt-4o-mini-2024-07-18',
  created: 0,
  shutdownDate: daysLeft === null ? null : '2027-01-14',
  daysLeft,
  job: null,
});
const run: RescueRun = {
  item: item('ft:a'),
  folder: '/r',
  format: 'chat',
  saved: newState('ft:a', 'openai'),
};
const error: AppError = { kind: 'network', message: 'could not reach the API', hint: '', retryable: true };
// Differs from `run.saved`: a test can tell which one a step kept.
const saved = newState('ft:a', 'local');

const model = (id: string, formats: ModelInfo['formats'], fineTunable = true): ModelInfo => ({
  id,
  ownedBy: 'system',
  created: 0,
  kind: 'base',
  base: id,
  fineTunable,
  trainingEnds: null,
  answeringEnds: null,
  shutdownDate: null,
  shutDown: false,
  formats,
});

const plan: RetrainPlan = {
  model: 'local-base',
  trainingPath: '/r/training.jsonl',
  validationPath: null,
  format: 'chat',
  separator: null,
  stop: null,
  conversion: 'none',
  suffix: null,
  seed: null,
  hyperparameters: {},
  notes: [],
};

type Target = Extract<RescueView, { screen: 'rescue-target' }>;
const target = (over: Partial<Target> = {}): Target => ({
  screen: 'rescue-target',
  run,
  phase: 'provider',
  providers: PROVIDERS,
  providerCursor: 0,
  provider: null,
  models: null,
  modelCursor: 0,
  plan: null,
  error: null,
  ...over,
});

const succeeded = { id: 'ftjob-1', status: 'succeeded', fine_tuned_model: 'ft:new' } as FineTuningJob;
const panel = initialPanel({ provider: 'local' } as JobRecord, succeeded);
const compared = (flips: number): Compared =>
  ({
    report: { flips: Array.from({ length: flips }, (_, i) => ({ index: i })) },
    paths: { markdown: '/r/report.md', json: '/r/report.json' },
  }) as unknown as Compared;
type Compare = Extract<RescueView, { screen: 'rescue-compare' }>;
const compare = (over: Partial<Compare> = {}): Compare => ({
  screen: 'rescue-compare',
  run,
  file: '/r',
  panel,
  phase: 'done',
  progress: null,
  compared: compared(3),
  view: 'report',
  live: false,
  cursor: 0,
  error: null,
  ...over,
});

type Golden = Extract<RescueView, { screen: 'rescue-golden' }>;
const golden = (phase: Golden['phase']): Golden => ({
  screen: 'rescue-golden',
  run,
  phase,
  progress: null,
  error,
});

function reduce(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

const progress = { done: 2, total: 5 } as unknown as Extract<
  WizardAction,
  { type: 'rescue-progress' }
>['progress'];

describe('the rescue screens after a failure', () => {
  it('loads the inventory again on r, clearing the error', () => {
    const failed = reduce(
      { screen: 'rescue-list', inventory: null, error: null, cursor: 0, preselect: null },
      { type: 'rescue-failed', error },
    );
    expect(failed).toMatchObject({ error: { message: 'could not reach the API' } });
    expect(reduce(failed, { type: 'rescue-retry' })).toEqual({
      screen: 'rescue-list',
      inventory: null,
      error: null,
      cursor: 0,
      preselect: null,
    });
  });

  it('keeps the data again only once keeping it failed', () => {
    const failed: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'failed',
      kept: [],
      needs: [],
      local: { training: '/mine.jsonl' },
      path: '',
      candidates: [],
      error,
    };
    expect(reduce(failed, { type: 'rescue-retry' })).toEqual({
      ...failed,
      phase: 'keeping',
      local: {},
      error: null,
    });
    const kept = { ...failed, phase: 'kept' as const };
    expect(reduce(kept, { type: 'rescue-retry' })).toBe(kept);
  });

  it('records the golden set and compares again only after they failed', () => {
    const failed = { ...golden('failed') };
    expect(reduce(failed, { type: 'rescue-retry' })).toMatchObject({ phase: 'running', error: null });
    const done = golden('done');
    expect(reduce(done, { type: 'rescue-retry' })).toBe(done);
    const broken = compare({ phase: 'failed', error, progress });
    expect(reduce(broken, { type: 'rescue-retry' })).toMatchObject({
      phase: 'running',
      error: null,
      progress: null,
    });
    const finished = compare();
    expect(reduce(finished, { type: 'rescue-retry' })).toBe(finished);
  });

  it('fails the golden set and the comparison with the error shown', () => {
    expect(reduce(golden('running'), { type: 'rescue-failed', error })).toMatchObject({
      phase: 'failed',
      error: { message: 'could not reach the API' },
    });
    expect(reduce(compare({ phase: 'running' }), { type: 'rescue-failed', error })).toMatchObject({
      phase: 'failed',
      error: { message: 'could not reach the API' },
    });
  });

  it('goes back to the plan when starting the job failed, and asks for what failed again on r', () => {
    const starting = target({ phase: 'starting', provider: 'local', plan });
    const failed = reduce(starting, { type: 'rescue-failed', error });
    expect(failed).toMatchObject({ phase: 'plan', error: { message: 'could not reach the API' } });
    // The plan is made again; models and providers stay.
    expect(reduce(failed, { type: 'rescue-retry' })).toMatchObject({
      phase: 'plan',
      plan: null,
      error: null,
    });
    const models = reduce(target({ phase: 'models', models: [model('m', ['chat'])] }), {
      type: 'rescue-failed',
      error,
    });
    expect(models).toMatchObject({ phase: 'models', error: { message: 'could not reach the API' } });
    expect(reduce(models, { type: 'rescue-retry' })).toMatchObject({
      phase: 'models',
      models: null,
      error: null,
    });
    const planned = target({ phase: 'plan', plan });
    expect(reduce(planned, { type: 'rescue-retry' })).toBe(planned);
  });

  it('ignores a failure and a retry on screens outside the rescue', () => {
    const path: WizardState = { screen: 'path', path: '', candidates: [], message: null };
    expect(reduce(path, { type: 'rescue-failed', error })).toBe(path);
    expect(reduce(path, { type: 'rescue-retry' })).toBe(path);
    expect(reduce(path, { type: 'rescue-move', delta: 1 })).toBe(path);
    expect(reduce(path, { type: 'rescue-next' })).toBe(path);
    expect(reduce(path, { type: 'rescue-choose', folder: '/r' })).toBe(path);
  });
});

describe('choosing where to retrain', () => {
  it('moves through the providers and the models, wrapping around', () => {
    const providers = target();
    expect(reduce(providers, { type: 'rescue-move', delta: -1 })).toMatchObject({
      providerCursor: PROVIDERS.length - 1,
    });
    expect(reduce(providers, { type: 'rescue-move', delta: 1 })).toMatchObject({ providerCursor: 1 });
    const models = target({ phase: 'models', models: [model('a', ['chat']), model('b', ['chat'])] });
    expect(reduce(models, { type: 'rescue-move', delta: 1 })).toMatchObject({ modelCursor: 1 });
    expect(reduce(models, { type: 'rescue-move', delta: 2 })).toMatchObject({ modelCursor: 0 });
    // While the models load the cursor stays; on the plan nothing moves.
    expect(reduce(target({ phase: 'models' }), { type: 'rescue-move', delta: 1 })).toMatchObject({
      modelCursor: 0,
    });
    const planned = target({ phase: 'plan', plan });
    expect(reduce(planned, { type: 'rescue-move', delta: 1 })).toBe(planned);
  });

  it('takes the provider under the cursor, then lists its models with the cursor on the first that trains on the data', () => {
    const chosen = reduce(target({ providerCursor: 1 }), { type: 'rescue-choose', folder: '' });
    expect(chosen).toMatchObject({ phase: 'models', provider: PROVIDERS[1], models: null, modelCursor: 0 });
    const listed = reduce(chosen, {
      type: 'rescue-models',
      models: [
        model('old', ['chat'], false),
        model('completions', ['prompt-completion']),
        model('chat', ['chat']),
      ],
    });
    expect(listed).toMatchObject({ modelCursor: 2 });
    // Data of unknown format: the first fine-tunable model.
    const unknown = reduce({ ...chosen, run: { ...run, format: null } } as WizardState, {
      type: 'rescue-models',
      models: [model('old', ['chat'], false), model('any', ['prompt-completion'])],
    });
    expect(unknown).toMatchObject({ modelCursor: 1 });
    // None fits: the cursor on the first row.
    const none = reduce(chosen, { type: 'rescue-models', models: [model('c', ['prompt-completion'])] });
    expect(none).toMatchObject({ modelCursor: 0 });
    // Models arriving after the user went on (or back) change nothing.
    const planned = target({ phase: 'plan', plan });
    expect(reduce(planned, { type: 'rescue-models', models: [] })).toBe(planned);
  });

  it('plans on a fine-tunable model only', () => {
    const models = target({
      phase: 'models',
      provider: 'local',
      models: [model('closed', ['chat'], false), model('open', ['chat'])],
    });
    expect(reduce(models, { type: 'rescue-choose', folder: '' })).toBe(models);
    const planning = reduce({ ...models, modelCursor: 1 }, { type: 'rescue-choose', folder: '' });
    expect(planning).toMatchObject({ phase: 'plan', plan: null });
    expect(reduce(planning, { type: 'rescue-plan', plan })).toMatchObject({ plan: { model: 'local-base' } });
    // A plan made for a step the user left is dropped.
    expect(reduce(models, { type: 'rescue-plan', plan })).toBe(models);
    const loading = target({ phase: 'models' });
    expect(reduce(loading, { type: 'rescue-choose', folder: '' })).toBe(loading);
  });

  it('steps back from the models to the providers, and from the providers to the finished golden set', () => {
    const models = target({ phase: 'models', provider: 'local', models: [model('a', ['chat'])], error });
    expect(reduce(models, { type: 'rescue-back' })).toMatchObject({
      phase: 'provider',
      provider: null,
      models: null,
      error: null,
    });
    expect(reduce(target(), { type: 'rescue-back' })).toEqual({
      screen: 'rescue-golden',
      run,
      phase: 'done',
      progress: null,
      error: null,
    });
    const starting = target({ phase: 'starting', plan });
    expect(reduce(starting, { type: 'rescue-back' })).toBe(starting);
  });

  it('opens the job panel of the job started, with the rescue kept beside it', () => {
    const record = { id: 'ftjob-2', provider: 'local' } as JobRecord;
    const job = { id: 'ftjob-2', status: 'queued' } as FineTuningJob;
    const started = reduce(target({ phase: 'starting', plan }), {
      type: 'rescue-job-started',
      job,
      record,
      saved,
    });
    expect(started).toMatchObject({ screen: 'job', file: '/r', rescue: { folder: '/r', saved } });
    if (started.screen !== 'job') throw new Error('not the job panel');
    expect(started.panel.job.id).toBe('ftjob-2');
    const planned = target({ phase: 'plan', plan });
    expect(reduce(planned, { type: 'rescue-job-started', job, record, saved })).toBe(planned);
  });

  it('follows an earlier job only on a provider the wizard knows', () => {
    const retrain = {
      provider: 'someone-else',
      baseURL: '',
      model: 'm',
      jobId: 'ftjob-9',
      manifest: 'm',
      fineTunedModel: null,
    };
    const done = { ...golden('done'), run: { ...run, saved: { ...newState('ft:a', 'openai'), retrain } } };
    expect(reduce(done, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-target',
      phase: 'provider',
    });
    // A golden set skipped because the model is gone also goes on.
    expect(reduce(golden('skipped'), { type: 'rescue-next' })).toMatchObject({ screen: 'rescue-target' });
    expect(reduce(golden('failed'), { type: 'rescue-next' })).toMatchObject({ screen: 'rescue-golden' });
  });
});

describe('the golden set and the comparison as they run', () => {
  it('counts progress only while running', () => {
    expect(reduce(golden('running'), { type: 'rescue-progress', progress })).toMatchObject({ progress });
    const done = golden('done');
    expect(reduce(done, { type: 'rescue-progress', progress })).toBe(done);
    expect(reduce(compare({ phase: 'running' }), { type: 'rescue-progress', progress })).toMatchObject({
      progress,
    });
    const list: WizardState = {
      screen: 'rescue-list',
      inventory: null,
      error: null,
      cursor: 0,
      preselect: null,
    };
    expect(reduce(list, { type: 'rescue-progress', progress })).toBe(list);
  });

  it('ends the golden set as done or stopped, keeping what was saved; stops only a running one', () => {
    expect(reduce(golden('running'), { type: 'rescue-golden-done', saved, stopped: false })).toMatchObject({
      phase: 'done',
      run: { saved },
    });
    expect(reduce(golden('stopped'), { type: 'rescue-golden-done', saved, stopped: true })).toMatchObject({
      phase: 'stopped',
    });
    const failed = golden('failed');
    expect(reduce(failed, { type: 'rescue-golden-done', saved, stopped: false })).toBe(failed);
    expect(reduce(failed, { type: 'rescue-stop' })).toBe(failed);
  });

  it('skips the golden set when the model stops answering today, records it with a day left', () => {
    const kept: RescueView = {
      screen: 'rescue-data',
      run: { ...run, item: item('ft:a', 1) },
      phase: 'kept',
      kept: [],
      needs: [],
      local: {},
      path: '',
      candidates: [],
      error: null,
    };
    expect(reduce(kept, { type: 'rescue-next' })).toMatchObject({ phase: 'running' });
    const forever = { ...kept, run: { ...run, item: item('ft:a', null) } };
    expect(reduce(forever, { type: 'rescue-next' })).toMatchObject({ phase: 'running' });
    const asking = { ...kept, phase: 'ask' as const };
    expect(reduce(asking, { type: 'rescue-next' })).toBe(asking);
  });

  it('shows the comparison once made, from the top, and switches between the report and the flips', () => {
    const running = compare({ phase: 'running', compared: null, cursor: 4 });
    const made = reduce(running, { type: 'rescue-compared', compared: compared(2), saved });
    expect(made).toMatchObject({ phase: 'done', cursor: 0, run: { saved } });
    const flips = reduce(made, { type: 'rescue-view' });
    expect(flips).toMatchObject({ view: 'flips', cursor: 0 });
    expect(reduce(flips, { type: 'rescue-view' })).toMatchObject({ view: 'report' });
    expect(reduce(running, { type: 'rescue-view' })).toBe(running);
    const done = compare();
    expect(reduce(done, { type: 'rescue-compared', compared: compared(2), saved })).toBe(done);
  });

  it('wraps the cursor through the flips, and scrolls the report without going above its top', () => {
    const flips = compare({ view: 'flips', compared: compared(3) });
    expect(reduce(flips, { type: 'rescue-move', delta: -1 })).toMatchObject({ cursor: 2 });
    expect(reduce({ ...flips, cursor: 2 }, { type: 'rescue-move', delta: 1 })).toMatchObject({ cursor: 0 });
    const report = compare();
    expect(reduce(report, { type: 'rescue-move', delta: -1 })).toMatchObject({ cursor: 0 });
    expect(reduce(report, { type: 'rescue-move', delta: 5 })).toMatchObject({ cursor: 5 });
    expect(
      reduce(compare({ view: 'flips', compared: null }), { type: 'rescue-move', delta: 1 }),
    ).toMatchObject({
      cursor: 0,
    });
  });

  it('takes a typed path while asking for a copy, and nothing otherwise', () => {
    const asking: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'ask',
      kept: [],
      needs: [],
      local: {},
      path: '',
      candidates: ['stale'],
      error: null,
    };
    expect(reduce(asking, { type: 'rescue-path', path: '/mi', candidates: ['/mine/'] })).toMatchObject({
      path: '/mi',
      candidates: ['/mine/'],
    });
    expect(reduce(asking, { type: 'rescue-path', path: '/m' })).toMatchObject({ path: '/m', candidates: [] });
    const keeping = { ...asking, phase: 'keeping' as const };
    expect(reduce(keeping, { type: 'rescue-path', path: '/m' })).toBe(keeping);
    // Every need answered already: a give changes nothing.
    expect(reduce(asking, { type: 'rescue-give', path: '/m' })).toBe(asking);
  });
});

describe('rescue actions that arrive where they do not belong', () => {
  const path: WizardState = { screen: 'path', path: '', candidates: [], message: null };
  const asking: RescueView = {
    screen: 'rescue-data',
    run,
    phase: 'ask',
    kept: [],
    needs: [],
    local: {},
    path: '',
    candidates: [],
    error: null,
  };
  const list: RescueView = {
    screen: 'rescue-list',
    inventory: null,
    error: null,
    cursor: 0,
    preselect: null,
  };
  const job = { id: 'ftjob-2', status: 'queued' } as FineTuningJob;
  // Each action, from an effect that finished late or a key on the wrong screen.
  const actions: WizardAction[] = [
    {
      type: 'rescue-inventory',
      inventory: { provider: 'openai', today: '2026-12-07', trainingCloses: null, items: [] },
    },
    { type: 'rescue-kept', saved, format: 'chat', kept: [], needs: [] },
    { type: 'rescue-path', path: '/x' },
    { type: 'rescue-give', path: '/x' },
    { type: 'rescue-progress', progress },
    { type: 'rescue-golden-done', saved, stopped: false },
    { type: 'rescue-stop' },
    { type: 'rescue-models', models: [] },
    { type: 'rescue-plan', plan },
    { type: 'rescue-job-started', job, record: { id: 'ftjob-2' } as JobRecord, saved },
    { type: 'rescue-compare' },
    { type: 'rescue-compared', compared: compared(1), saved },
    { type: 'rescue-view' },
    { type: 'rescue-live' },
    { type: 'rescue-next' },
    { type: 'rescue-choose', folder: '/r' },
  ];

  it.each(actions.map((a) => [a.type, a] as const))(
    '%s changes nothing on the first screen',
    (_type, action) => {
      expect(reduce(path, action)).toBe(path);
    },
  );

  it('changes nothing on a rescue screen in the wrong phase either', () => {
    const keeping = { ...asking, phase: 'keeping' as const };
    const cases: Array<[WizardState, WizardAction]> = [
      [list, { type: 'rescue-kept', saved, format: 'chat', kept: [], needs: [] }],
      [asking, { type: 'rescue-kept', saved, format: 'chat', kept: [], needs: [] }],
      [keeping, { type: 'rescue-give', path: '/x' }],
      [
        {
          ...keeping,
          needs: [{ role: 'training', fileId: 'f', check: { kind: 'unknown', why: 'w' }, suggestion: null }],
        },
        { type: 'rescue-give', path: '/x' },
      ],
      [list, { type: 'rescue-path', path: '/x' }],
      [golden('done'), { type: 'rescue-golden-done', saved, stopped: false }],
      [golden('done'), { type: 'rescue-stop' }],
      [compare({ phase: 'done' }), { type: 'rescue-progress', progress }],
      [golden('running'), { type: 'rescue-compared', compared: compared(1), saved }],
      [golden('running'), { type: 'rescue-view' }],
      [compare({ phase: 'running' }), { type: 'rescue-live' }],
      [golden('running'), { type: 'rescue-live' }],
      [target({ phase: 'provider' }), { type: 'rescue-models', models: [model('a', ['chat'])] }],
      [target({ phase: 'provider' }), { type: 'rescue-plan', plan }],
      [target({ phase: 'provider' }), { type: 'rescue-next' }],
      [target({ phase: 'plan' }), { type: 'rescue-next' }],
      [
        target({ phase: 'plan', plan, models: [model('a', ['chat'])] }),
        { type: 'rescue-choose', folder: '' },
      ],
      [
        target({ phase: 'provider' }),
        { type: 'rescue-job-started', job, record: { id: 'x' } as JobRecord, saved },
      ],
      [list, { type: 'rescue-choose', folder: '/r' }],
      [list, { type: 'rescue-move', delta: 1 }],
      [asking, { type: 'rescue-move', delta: 1 }],
    ];
    for (const [state, action] of cases)
      expect(reduce(state, action), `${state.screen} ${action.type}`).toEqual(state);
  });
});

describe('the rescue steps, in the detail the screens show', () => {
  it('opens the list on the model a banner named, and goes back to an empty first screen', () => {
    const path: WizardState = { screen: 'path', path: '/typed', candidates: ['/typed/'], message: null };
    expect(reduce(path, { type: 'rescue-open', model: 'ft:b' })).toMatchObject({ preselect: 'ft:b' });
    const list: RescueView = { screen: 'rescue-list', inventory: null, error, cursor: 0, preselect: null };
    expect(reduce(list, { type: 'rescue-back' })).toEqual({
      screen: 'path',
      path: '',
      candidates: [],
      message: null,
    });
    expect(reduce(list, { type: 'rescue-failed', error })).toEqual({ ...list, error });
  });

  it('moves through a list of three one row at a time', () => {
    const three = {
      provider: 'openai',
      today: '2026-12-07',
      trainingCloses: null,
      items: [item('ft:a'), item('ft:b'), item('ft:c')],
    };
    const listed = reduce(
      { screen: 'rescue-list', inventory: null, error: null, cursor: 0, preselect: null },
      { type: 'rescue-inventory', inventory: three },
    );
    expect(reduce(listed, { type: 'rescue-move', delta: 1 })).toMatchObject({ cursor: 1 });
    const chosen = reduce(
      listed,
      { type: 'rescue-move', delta: 1 },
      { type: 'rescue-choose', folder: '/keep' },
    );
    expect(chosen).toMatchObject({
      screen: 'rescue-data',
      phase: 'keeping',
      run: { item: { model: 'ft:b' }, folder: '/keep', saved: null, format: null },
    });
    const models = target({
      phase: 'models',
      models: [model('a', ['chat']), model('b', ['chat']), model('c', ['chat'])],
    });
    expect(reduce(models, { type: 'rescue-move', delta: 1 })).toMatchObject({ modelCursor: 1 });
  });

  it('goes back from the data and the golden set to the list, on the model being rescued', () => {
    const data: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'ask',
      kept: [],
      needs: [],
      local: {},
      path: '',
      candidates: [],
      error: null,
    };
    expect(reduce(data, { type: 'rescue-back' })).toMatchObject({ screen: 'rescue-list', preselect: 'ft:a' });
    expect(reduce(golden('running'), { type: 'rescue-back' })).toMatchObject({
      screen: 'rescue-list',
      preselect: 'ft:a',
    });
  });

  it('keeps what was saved and the format with the kept data, and goes on when nothing is missing', () => {
    const keeping: RescueView = {
      screen: 'rescue-data',
      run: { ...run, format: null, saved: null },
      phase: 'keeping',
      kept: [],
      needs: [],
      local: {},
      path: '',
      candidates: ['old'],
      error,
    };
    const kept = reduce(keeping, {
      type: 'rescue-kept',
      saved,
      format: 'prompt-completion',
      kept: [],
      needs: [],
    });
    expect(kept).toMatchObject({ phase: 'kept', error: null, run: { saved, format: 'prompt-completion' } });
    const need = {
      role: 'training' as const,
      fileId: 'file-t',
      check: { kind: 'unknown' as const, why: 'w' },
      suggestion: null,
    };
    const asked = reduce(keeping, { type: 'rescue-kept', saved, format: null, kept: [], needs: [need] });
    expect(asked).toMatchObject({ phase: 'ask', path: '', candidates: [] });
    // The copy given is not the job's file: asked again, the field emptied.
    const again = reduce(
      { ...keeping, needs: [{ ...need, suggestion: '/old.jsonl' }], local: { training: '/wrong.jsonl' } },
      { type: 'rescue-failed', error },
    );
    expect(again).toMatchObject({ phase: 'ask', path: '/old.jsonl', candidates: [], local: {} });
    // Failing while asking (not while keeping) is a failure of the step.
    const failed = reduce({ ...keeping, phase: 'ask', needs: [need] }, { type: 'rescue-failed', error });
    expect(failed).toMatchObject({ phase: 'failed' });
  });

  it('asks for the next copy with the field emptied of the last one’s candidates', () => {
    const need = (role: 'training' | 'validation') => ({
      role,
      fileId: `file-${role}`,
      check: { kind: 'unknown' as const, why: 'w' },
      suggestion: null,
    });
    const asking: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'ask',
      kept: [],
      needs: [need('training'), need('validation')],
      local: {},
      path: '/mine/t',
      candidates: ['/mine/train.jsonl'],
      error,
    };
    expect(reduce(asking, { type: 'rescue-give', path: '/mine/train.jsonl' })).toMatchObject({
      path: '',
      candidates: [],
      error: null,
    });
  });

  it('records what a stopped golden set saved', () => {
    const ended = reduce(golden('stopped'), { type: 'rescue-golden-done', saved, stopped: true });
    expect(ended).toMatchObject({ phase: 'stopped', run: { saved } });
  });

  it('opens the comparison on its report, from the top, the old model not asked again', () => {
    const mine: WizardState = { screen: 'job', file: '/r', panel, rescue: run };
    expect(reduce(mine, { type: 'rescue-compare' })).toEqual({
      screen: 'rescue-compare',
      run,
      file: '/r',
      panel,
      phase: 'running',
      progress: null,
      compared: null,
      view: 'report',
      live: false,
      cursor: 0,
      error: null,
    });
  });

  it('asks a model with no shutdown date again; the retry on a failed plan keeps the models', () => {
    const forever = compare({ run: { ...run, item: item('ft:a', null) } });
    expect(reduce(forever, { type: 'rescue-live' })).toMatchObject({ phase: 'running', live: true });
    const models = [model('a', ['chat'])];
    const failed = target({ phase: 'plan', plan, models, error });
    expect(reduce(failed, { type: 'rescue-retry' })).toMatchObject({ models, plan: null });
  });

  it('goes on from a golden set of a rescue that saved nothing yet', () => {
    const fresh = { ...golden('done'), run: { ...run, saved: null } };
    expect(reduce(fresh, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-target',
      phase: 'provider',
    });
  });
});
