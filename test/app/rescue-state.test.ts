import { describe, expect, it } from 'vitest';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { initialRescue, type RescueRun, type RescueView } from '../../src/app/state/rescue-state.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import type { InventoryItem } from '../../src/rescue/inventory.js';
import type { DataNeed } from '../../src/rescue/keep-job-data.js';
import type { RetrainPlan } from '../../src/rescue/retrain.js';
import { newState } from '../../src/rescue/state.js';
import type { JobRecord } from '../../src/store/jobs.js';

const item = (model: string, daysLeft: number | null = 38): InventoryItem => ({
  model,
  base: 'gpt-4o-mini-2024-07-18',
  created: 0,
  shutdownDate: daysLeft === null ? null : '2027-01-14',
  daysLeft,
  job: null,
});
const inventory = {
  provider: 'openai',
  today: '2026-12-07',
  trainingCloses: null,
  items: [item('ft:a'), item('ft:b')],
};
const run: RescueRun = {
  item: item('ft:a'),
  folder: '/r',
  format: 'chat',
  saved: newState('ft:a', 'openai'),
};
const need = (role: DataNeed['role'], suggestion: string | null): DataNeed => ({
  role,
  fileId: `file-${role}`,
  check: { kind: 'unknown', why: 'w' },
  suggestion,
});
const plan = (conversion: RetrainPlan['conversion']): RetrainPlan => ({
  model: 'local-base',
  trainingPath: '/r/training.jsonl',
  validationPath: null,
  format: 'chat',
  separator: null,
  stop: null,
  conversion,
  suffix: null,
  seed: null,
  hyperparameters: {},
  notes: [],
});

function reduce(state: WizardState, ...actions: Parameters<typeof wizardReducer>[1][]): WizardState {
  return actions.reduce(wizardReducer, state);
}

describe('the rescue path of the wizard, as state', () => {
  it('opens from the first screen and goes back to it with Esc', () => {
    const path: WizardState = { screen: 'path', path: '', candidates: [], message: null };
    const list = reduce(path, { type: 'rescue-open' });
    expect(list).toEqual(initialRescue());
    expect(reduce(list, { type: 'rescue-back' })).toMatchObject({ screen: 'path' });
  });

  it('puts the cursor on the model a banner named, or on the first when it is not listed', () => {
    expect(reduce(initialRescue('ft:b'), { type: 'rescue-inventory', inventory })).toMatchObject({
      cursor: 1,
    });
    expect(reduce(initialRescue('ft:zzz'), { type: 'rescue-inventory', inventory })).toMatchObject({
      cursor: 0,
    });
  });

  it('wraps the cursor around the list both ways', () => {
    const listed = reduce(initialRescue(), { type: 'rescue-inventory', inventory });
    expect(reduce(listed, { type: 'rescue-move', delta: -1 })).toMatchObject({ cursor: 1 });
    expect(reduce(listed, { type: 'rescue-move', delta: 2 })).toMatchObject({ cursor: 0 });
  });

  it('asks for each missing file in turn, offering where it was, then keeps them all', () => {
    const data = reduce(
      reduce(initialRescue(), { type: 'rescue-inventory', inventory }),
      { type: 'rescue-choose', folder: '/r' },
      {
        type: 'rescue-kept',
        saved: newState('ft:a', 'openai'),
        format: null,
        kept: [],
        needs: [need('training', '/old/train.jsonl'), need('validation', null)],
      },
    );
    expect(data).toMatchObject({ screen: 'rescue-data', phase: 'ask', path: '/old/train.jsonl' });
    const second = reduce(data, { type: 'rescue-give', path: '/mine/train.jsonl' });
    expect(second).toMatchObject({ phase: 'ask', path: '', local: { training: '/mine/train.jsonl' } });
    const keeping = reduce(second, { type: 'rescue-give', path: '/mine/valid.jsonl' });
    expect(keeping).toMatchObject({
      phase: 'keeping',
      local: { training: '/mine/train.jsonl', validation: '/mine/valid.jsonl' },
    });
  });

  it('asks again, saying why, when a copy the user gave is not the job’s file; fails when nothing was asked', () => {
    const error = {
      kind: 'unknown' as const,
      message: 'not the job’s training file',
      hint: '',
      retryable: false,
    };
    const asking: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'ask',
      kept: [],
      needs: [need('training', '/old/train.jsonl')],
      local: {},
      path: '',
      candidates: [],
      error: null,
    };
    const checking = reduce(asking, { type: 'rescue-give', path: 'wrong.jsonl' });
    expect(checking).toMatchObject({ phase: 'keeping', needs: [{ role: 'training' }] });
    expect(reduce(checking, { type: 'rescue-failed', error })).toMatchObject({
      phase: 'ask',
      local: {},
      path: '/old/train.jsonl',
      error: { message: 'not the job’s training file' },
    });
    const downloading = reduce(reduce(initialRescue(), { type: 'rescue-inventory', inventory }), {
      type: 'rescue-choose',
      folder: '/r',
    });
    expect(reduce(downloading, { type: 'rescue-failed', error })).toMatchObject({ phase: 'failed' });
  });

  it('records a golden set unless the model already stopped answering', () => {
    const kept: RescueView = {
      screen: 'rescue-data',
      run,
      phase: 'kept',
      kept: [],
      needs: [],
      local: {},
      path: '',
      candidates: [],
      error: null,
    };
    expect(reduce(kept, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-golden',
      phase: 'running',
    });
    const gone = { ...kept, run: { ...run, item: item('ft:a', 0) } };
    expect(reduce(gone, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-golden',
      phase: 'skipped',
    });
  });

  it('goes on with a stopped golden set, and only a finished one leads to the retraining', () => {
    const golden: RescueView = {
      screen: 'rescue-golden',
      run,
      phase: 'running',
      progress: null,
      error: null,
    };
    const stopped = reduce(golden, { type: 'rescue-stop' });
    expect(stopped).toMatchObject({ phase: 'stopped' });
    expect(reduce(stopped, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-golden',
      phase: 'running',
    });
    expect(reduce(golden, { type: 'rescue-next' })).toBe(golden);
    const done = reduce(golden, {
      type: 'rescue-golden-done',
      saved: newState('ft:a', 'openai'),
      stopped: false,
    });
    expect(reduce(done, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-target',
      phase: 'provider',
    });
  });

  it('follows the retraining job an earlier run created instead of creating a second one', () => {
    const retrain = {
      provider: 'local',
      baseURL: '',
      model: 'local-base',
      jobId: 'ftjob-9',
      manifest: 'm',
      fineTunedModel: null,
    };
    const before: RescueView = {
      screen: 'rescue-golden',
      run: { ...run, saved: { ...newState('ft:a', 'openai'), retrain } },
      phase: 'done',
      progress: null,
      error: null,
    };
    expect(keyContext(before)).toBe('rescueGoldenDoneJob');
    expect(reduce(before, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-target',
      phase: 'starting',
      provider: 'local',
      plan: null,
    });
    const fresh: RescueView = { ...before, run };
    expect(keyContext(fresh)).toBe('rescueGoldenDone');
    expect(reduce(fresh, { type: 'rescue-next' })).toMatchObject({
      screen: 'rescue-target',
      phase: 'provider',
    });
  });

  it('starts a job only from a plan the base can train on', () => {
    const target: RescueView = {
      screen: 'rescue-target',
      run,
      phase: 'plan',
      providers: ['openai', 'local'],
      providerCursor: 1,
      provider: 'local',
      models: [],
      modelCursor: 0,
      plan: plan('impossible'),
      error: null,
    };
    expect(reduce(target, { type: 'rescue-next' })).toBe(target);
    expect(reduce({ ...target, plan: plan('to-chat') }, { type: 'rescue-next' })).toMatchObject({
      phase: 'starting',
    });
    expect(reduce(target, { type: 'rescue-back' })).toMatchObject({ phase: 'models', plan: null });
  });

  it('offers the comparison only on a succeeded job of a rescue', () => {
    const job = { id: 'ftjob-1', status: 'succeeded', fine_tuned_model: 'ft:new' } as FineTuningJob;
    const panel = initialPanel({ provider: 'local' } as JobRecord, job);
    const mine: WizardState = { screen: 'job', file: '/r', panel, rescue: run };
    expect(reduce(mine, { type: 'rescue-compare' })).toMatchObject({
      screen: 'rescue-compare',
      phase: 'running',
    });
    const plain: WizardState = { screen: 'job', file: '/r', panel };
    expect(reduce(plain, { type: 'rescue-compare' })).toBe(plain);
    const running: WizardState = { ...mine, panel: { ...panel, job: { ...job, status: 'running' } } };
    expect(reduce(running, { type: 'rescue-compare' })).toBe(running);
    const compare = reduce(mine, { type: 'rescue-compare' });
    expect(reduce(compare, { type: 'rescue-back' })).toMatchObject({ screen: 'job', rescue: run });
  });

  it('asks the old model again only once, and only while it still answers', () => {
    const job = { id: 'ftjob-1', status: 'succeeded', fine_tuned_model: 'ft:new' } as FineTuningJob;
    const panel = initialPanel({ provider: 'local' } as JobRecord, job);
    const done = (over: Partial<RescueRun> = {}): WizardState => ({
      screen: 'rescue-compare',
      run: { ...run, ...over },
      file: '/r',
      panel,
      phase: 'done',
      progress: null,
      compared: null,
      view: 'report',
      live: false,
      cursor: 0,
      error: null,
    });
    const asking = reduce(done(), { type: 'rescue-live' });
    expect(asking).toMatchObject({ phase: 'running', live: true });
    expect(keyContext(done())).toBe('rescueReportLive');
    const gone = done({ item: item('ft:a', 0) });
    expect(reduce(gone, { type: 'rescue-live' })).toBe(gone);
    expect(keyContext(gone)).toBe('rescueReport');
    const again = { ...(done() as Extract<WizardState, { screen: 'rescue-compare' }>), live: true };
    expect(reduce(again, { type: 'rescue-live' })).toBe(again);
    expect(keyContext(again)).toBe('rescueReport');
  });
});
