import type { Run } from '../../src/rescue/run-history.js';
import type { FineTuningJob, FineTuningJobEvent } from '../../src/api/jobs.js';
import type { Overlay, WizardState } from '../../src/app/state/wizard-state.js';
import { applyUpdate, initialPanel } from '../../src/app/state/panel.js';
import type { RescueRun } from '../../src/app/state/rescue-state.js';
import { agreementReport } from '../../src/core/agreement.js';
import { score } from '../../src/core/eval-metrics.js';
import type { InventoryItem } from '../../src/rescue/inventory.js';
import { newState } from '../../src/rescue/state.js';
import { finding, makeAnalysis, row } from './helpers.js';
import { qualityAnalysis } from './quality-fixtures.js';
import { job, MODELS, modelState, RECORD, writeResult } from './job-fixtures.js';

/**
 * One state per screen of the wizard, with long realistic text (paths, messages, model ids), for the
 * layout tests: each is drawn at 60×20 and 80×24 from the state alone.
 */
const LONG = '/home/someone/projects/customer-support/exports/support-tickets-2026-11.csv';
const analysis = makeAnalysis({ input: LONG });
const quality = qualityAnalysis({ input: LONG });
const loaded = { analysis, columnMap: undefined, decisions: {}, dropped: [] } as const;
const result = writeResult(
  '/home/someone/projects/customer-support/exports/support-tickets-2026-11_prepared_train.jsonl',
  '/home/someone/projects/customer-support/exports/support-tickets-2026-11_prepared_valid.jsonl',
);

const chat = makeAnalysis({
  input: LONG.replace('.csv', '.jsonl'),
  format: 'jsonl',
  dataFormat: 'chat',
  findings: [
    finding(
      'add-system-message',
      'optional',
      'No example has a system message; most of the file starts with the same one.',
      [row(3, ['Where is my parcel?', 'shipping'], ['Where is my parcel?', 'shipping'])],
      40,
    ),
  ],
  plan: {
    kind: 'chat',
    context: {
      kind: 'chat',
      duplicatePositions: new Set(),
      overLimitPositions: new Set(),
      systemMessage: 'You sort support tickets into billing, shipping, account or technical.',
      systemPrompts: [
        { text: 'You sort support tickets into billing, shipping, account or technical.', count: 38 },
      ],
      model: 'gpt-4o-mini-2024-07-18',
      limit: 65536,
    },
  },
});

type Model = Extract<WizardState, { screen: 'model' }>;
const model = modelState(analysis, result) as Model;
const options: Model = { ...model, phase: 'options', field: 'lr', suffix: 'support-tickets' };
const azure = {
  ...(modelState(analysis, result, 'azure') as Model),
  phase: 'options',
  field: 'suffix',
} as Model;

const running = initialPanel(
  { ...RECORD, trainingFile: { id: 'file-1', path: result.outputs[0]?.path ?? '' } },
  job({ status: 'running' }),
);
const events = Array.from({ length: 30 }, (_, i) => ({
  id: `ev-${i}`,
  object: 'fine_tuning.job.event' as const,
  created_at: 1_800_000_000 + i,
  level: 'info' as const,
  message: `Step ${i + 1}/138: training loss=${(2 - i * 0.05).toFixed(4)}, validation loss=0.9954`,
  type: 'metrics' as const,
  data: { step: i + 1, total_steps: 138, train_loss: 2 - i * 0.05, valid_loss: 2.1 - i * 0.04 },
}));
const trained = applyUpdate(running, { events: events as FineTuningJobEvent[], follow: { state: 'live' } });
const withJob = (overrides: Partial<FineTuningJob>) => ({
  ...trained,
  job: { ...trained.job, ...overrides } as FineTuningJob,
});
const succeeded = withJob({
  status: 'succeeded',
  fine_tuned_model: 'ft:local-small:local:support-tickets-2026-11:j5pux8db',
});
const failed = withJob({
  status: 'failed',
  error: {
    code: 'invalid_training_file',
    message: 'The training file has 3 examples; at least 10 are needed.',
    param: null,
  },
} as Partial<FineTuningJob>);

const item: InventoryItem = {
  model: 'ft:gpt-4o-mini-2024-07-18:acme-support:ticket-router-v2:9zXy81Ab',
  base: 'gpt-4o-mini-2024-07-18',
  created: 1_700_000_000,
  shutdownDate: '2027-01-14',
  daysLeft: 38,
  job: null,
};
const run: RescueRun = {
  item,
  folder: '/home/someone/rescue/ticket-router-v2',
  format: 'chat',
  saved: newState(item.model, 'openai'),
};
const pairs = Array.from({ length: 20 }, (_, i) => ({
  input: `A customer question number ${i} that is long enough to be cut on a narrow terminal`,
  expected: ['billing', 'shipping', 'account'][i % 3] ?? 'billing',
  golden: ['billing', 'shipping', 'account'][i % 3] ?? 'billing',
  candidate: i % 4 === 0 ? 'technical' : (['billing', 'shipping', 'account'][i % 3] ?? 'billing'),
}));
const agreement = agreementReport(pairs);
const report = {
  source: item.model,
  candidate: 'ft:local-base:local:ticket-router-v2:abcd1234',
  provider: 'local',
  goldenSet: `${run.folder}/golden.jsonl`,
  n: pairs.length,
  goldenTotal: pairs.length,
  agreement,
  flips: agreement.flipped.map((i) => ({ ...pairs[i]!, i, expected: pairs[i]?.expected ?? null })),
  live: null,
  createdAt: '2026-12-07T00:00:00Z',
};
const progress = {
  done: 12,
  total: 40,
  resumed: 0,
  promptTokens: 1_234,
  completionTokens: 56,
  costUsd: 0.01,
  elapsedMs: 4_000,
  etaSeconds: 10,
  waiting: null,
};
const evalReports = [succeeded.job.fine_tuned_model ?? '', 'local-small'].map((m, k) => ({
  model: m,
  report: score(
    pairs.map((p, i) => ({ expected: p.expected, predicted: (i + k) % 5 === 0 ? 'other' : p.expected })),
    'classification',
  ),
}));

const RUN: Run = {
  id: 'ftjob-1',
  provider: 'local',
  baseURL: '',
  model: 'local-small',
  suffix: 'topics',
  fineTunedModel: 'ft:local-small:local:topics:abc',
  status: 'succeeded',
  createdAt: 1_796_600_000,
  training: { path: '/d/t.jsonl', fileId: 'file-t', sha256: 'a'.repeat(64), rows: 200 },
  validation: { path: '/d/v.jsonl', fileId: 'file-v', sha256: 'b'.repeat(64), rows: 60 },
  hyperparameters: { n_epochs: 3, batch_size: 2, learning_rate_multiplier: 1 },
  totalSteps: 300,
  trainedTokens: 12_000,
  finalTrainLoss: 0.1851,
  finalValidLoss: 0.3215,
  eval: {
    model: 'ft:local-small:local:topics:abc',
    file: '/d/v.jsonl',
    kind: 'classification',
    score: 0.95,
    metric: 'accuracy',
    examples: 60,
    at: 1,
  },
  costUsd: 0,
  followedOnly: false,
};

export interface ScreenCase {
  readonly name: string;
  readonly state: WizardState;
  /** Text the screen must show at both sizes. */
  readonly shows: readonly (string | RegExp)[];
}

const review = (index: number, overlay: Overlay = 'none') =>
  ({
    screen: 'review',
    ...loaded,
    index,
    overlay,
    rowsOffset: 0,
    sequence: null,
  }) as const;

export const SCREENS: readonly ScreenCase[] = [
  {
    name: 'provider choice',
    state: {
      screen: 'provider',
      candidates: ['openai', 'azure', 'together'],
      cursor: 0,
      chosen: null,
      then: { screen: 'path', path: '', candidates: [], message: null },
    },
    shows: ['Azure OpenAI', 'Together AI'],
  },
  {
    name: 'path',
    state: { screen: 'path', path: 'exp', candidates: ['exports/', 'examples/'], message: null },
    shows: ['Which data file'],
  },
  {
    name: 'reading',
    state: {
      screen: 'reading',
      path: LONG,
      columnMap: undefined,
      progress: { bytesRead: 50, totalBytes: 100 },
    },
    shows: ['Reading'],
  },
  {
    name: 'reading, quality checks',
    state: {
      screen: 'reading',
      path: LONG,
      columnMap: undefined,
      progress: { bytesRead: 100, totalBytes: 100, checking: { step: 'likely mislabels', fraction: 0.6 } },
    },
    shows: ['Looking for wrong examples: likely mislabels'],
  },
  {
    name: 'sheet picker',
    state: {
      screen: 'pick-sheet',
      path: LONG.replace('.csv', '.xlsx'),
      columnMap: undefined,
      sheets: [
        { name: 'tickets', rows: 61 },
        { name: 'notes', rows: 3 },
      ],
      cursor: 0,
    },
    shows: ['tickets', 'notes'],
  },
  {
    name: 'column mapping',
    state: {
      screen: 'map-columns',
      path: LONG,
      columns: ['ticket text', 'team', 'priority', 'created at'],
      field: 'completion',
      cursor: 1,
      prompt: 'ticket text',
      firstRow: {
        fields: [
          { label: 'ticket text', text: 'I was charged twice for my subscription this month, please help' },
          { label: 'team', text: 'billing' },
          { label: 'priority', text: 'high' },
          { label: 'created at', text: '2026-11-02' },
        ],
      },
      message: null,
    },
    shows: ['team'],
  },
  {
    name: 'summary',
    state: { screen: 'summary', ...loaded, saved: null },
    // The notes use the rows left, at 60×20 too (they were cut there with room to spare).
    shows: ['Examples', /fixes? to review/, '• There are 40 examples'],
  },
  { name: 'review, necessary fix', state: review(0), shows: ['Fix 1 of 3', 'not used'] },
  {
    name: 'review, likely mislabelled',
    state: { ...review(0), analysis: quality },
    shows: ['example 1 of 3', 'row 4 · confidence 0.95', 'billing → account', 'Near account 1'],
  },
  {
    name: 'review, conflicting labels',
    state: { ...review(1), analysis: quality },
    shows: ['group 1 of 2', '2 billing', 'Prompt of row 21'],
  },
  {
    name: 'review, relabel above',
    state: { ...review(0, 'threshold'), analysis: quality },
    shows: ['confidence ≥ 0.90', '2 of 3 examples'],
  },
  { name: 'review, optional fix', state: review(1), shows: ['Fix 2 of 3', 'repeat'] },
  { name: 'review, changed rows', state: review(2), shows: ['Fix 3 of 3', 'start with a space'] },
  {
    name: 'review, help',
    state: review(1, 'help'),
    shows: ['Reviewing fixes', 'accept this fix', 'this help', 'quit; your decisions'],
  },
  { name: 'review, decline', state: review(0, 'decline'), shows: ['without writing'] },
  {
    name: 'review, system-message field',
    state: { ...review(0, 'system'), analysis: chat },
    shows: ['The system message to add', 'You sort support tickets'],
  },
  {
    name: 'samples',
    state: {
      screen: 'samples',
      ...loaded,
      samples: [
        {
          position: 5,
          example: {
            fields: [
              { label: 'prompt', text: 'The app crashes every time I open the camera screen. ->' },
              { label: 'completion', text: ' technical' },
            ],
          },
        },
      ],
      page: 0,
    },
    shows: ['Sample 1 of 1', 'camera'],
  },
  { name: 'split question', state: { screen: 'split', ...loaded }, shows: ['Split into'] },
  {
    name: 'writing',
    state: {
      screen: 'writing',
      ...loaded,
      split: true,
      output: { name: null, force: false, stratify: false },
    },
    shows: ['Writing'],
  },
  {
    name: 'exists question',
    state: {
      screen: 'exists',
      ...loaded,
      split: true,
      paths: result.outputs.map((o) => o.path),
      suggestion: 'support-tickets-2026-11_prepared-2',
      output: { name: null, force: false, stratify: false },
      naming: false,
    },
    shows: ['overwrite'],
  },
  {
    name: 'written',
    state: { screen: 'written', ...loaded, result, message: null },
    shows: ['Wrote', 'fine-tune create'],
  },
  {
    name: 'written, a class missing from validation',
    state: {
      screen: 'written',
      ...loaded,
      result: { ...result, missingClasses: { validation: [' food'], training: [] } },
      message: null,
    },
    shows: ['Wrote', 'food', 'Next: train'],
  },
  { name: 'model list', state: model, shows: ['Choose the base model', 'gpt-4o-mini'] },
  {
    name: 'model options',
    state: options,
    shows: ['Suffix', 'Method', 'Epochs', 'Batch size', 'LR multiplier'],
  },
  {
    name: 'model options, corrections found',
    state: {
      ...options,
      field: 'corrections',
      corrections: { path: result.outputs[0]?.path.replace('_train', '_corrections') ?? '', rows: 12 },
      correctionsOf: options.files.train,
    },
    shows: [/Corrections +include 12 rows/, 'Press enter to upload'],
  },
  { name: 'model options, Azure', state: azure, shows: ['Suffix', 'Training type'] },
  {
    name: 'upload',
    state: {
      screen: 'upload',
      ...loaded,
      step: options,
      input: { model: 'gpt-4o-mini-2024-07-18', trainingPath: result.outputs[0]?.path ?? '', suffix: null },
      progress: { which: 'training', sentBytes: 5_000, totalBytes: 20_000 },
      error: null,
    } as WizardState,
    shows: ['Uploading'],
  },
  { name: 'job running', state: { screen: 'job', file: LONG, panel: trained }, shows: ['running', 'Events'] },
  {
    name: 'job paused',
    state: { screen: 'job', file: LONG, panel: withJob({ status: 'paused' as FineTuningJob['status'] }) },
    shows: ['paused'],
  },
  {
    name: 'job cancel confirm',
    state: { screen: 'job', file: LONG, panel: { ...trained, overlay: 'cancel' } },
    shows: ['Cancel job'],
  },
  {
    name: 'job succeeded',
    state: { screen: 'job', file: LONG, panel: succeeded },
    shows: ['succeeded', 'ft:local-small'],
  },
  {
    name: 'job failed',
    state: { screen: 'job', file: LONG, panel: failed },
    shows: ['failed', 'at least 10'],
  },
  {
    name: 'eval running',
    state: {
      screen: 'eval',
      file: LONG,
      panel: succeeded,
      target: {
        file: result.outputs[1]?.path ?? '',
        onTraining: false,
        models: evalReports.map((r) => r.model),
      },
      run: { phase: 'running', done: 7, total: 20, note: null },
    },
    shows: ['7 of 20 answers'],
  },
  {
    name: 'eval done',
    state: {
      screen: 'eval',
      file: LONG,
      panel: succeeded,
      target: {
        file: result.outputs[1]?.path ?? '',
        onTraining: false,
        models: evalReports.map((r) => r.model),
      },
      run: {
        phase: 'done',
        reports: evalReports,
        scroll: 0,
        misses: [],
        view: { mode: 'report' },
        corrected: [],
        moved: [],
        corrections: null,
      },
    },
    shows: ['accuracy'],
  },
  {
    name: 'resume question',
    state: {
      screen: 'resume',
      ...loaded,
      saved: { decisions: { duplicates: 'accept' }, index: 2, dropped: [] },
    },
    shows: ['resume'],
  },
  { name: 'model conversion offer', state: { ...model, cursor: 1, phase: 'convert' }, shows: ['chat'] },
  {
    name: 'job failed, started here',
    state: { screen: 'job', file: LONG, panel: failed, retry: options },
    shows: ['failed', 'b back to the model step'],
  },
  {
    name: 'job cancelled, started here',
    state: { screen: 'job', file: LONG, panel: withJob({ status: 'cancelled' }), retry: options },
    shows: ['cancelled', 'b back to the model step'],
  },
  {
    name: 'rescue list',
    state: {
      screen: 'rescue-list',
      inventory: {
        provider: 'openai',
        today: '2026-12-07',
        trainingCloses: null,
        items: [item, { ...item, model: `${item.model}-2`, daysLeft: null, shutdownDate: null }],
      },
      error: null,
      cursor: 0,
      preselect: null,
    },
    shows: ['ticket-router-v2'],
  },
  {
    name: 'rescue data',
    state: {
      screen: 'rescue-data',
      run,
      phase: 'ask',
      kept: [],
      needs: [
        {
          role: 'training',
          fileId: 'file-abc',
          check: { kind: 'unknown', why: 'the job is gone' },
          suggestion: '/old/train.jsonl',
        },
      ],
      local: {},
      path: '/old/train.jsonl',
      candidates: [],
      error: null,
    },
    shows: ['training'],
  },
  {
    name: 'rescue golden set',
    state: { screen: 'rescue-golden', run, phase: 'running', progress, error: null },
    shows: ['12'],
  },
  {
    name: 'rescue target',
    state: {
      screen: 'rescue-target',
      run,
      phase: 'models',
      providers: ['local', 'openai'],
      providerCursor: 0,
      provider: 'local',
      models: MODELS,
      modelCursor: 0,
      plan: null,
      error: null,
    },
    shows: ['local-small'],
  },
  {
    name: 'rescue compare',
    state: {
      screen: 'rescue-compare',
      run,
      file: run.folder,
      panel: succeeded,
      phase: 'done',
      progress: null,
      compared: { report, paths: { markdown: `${run.folder}/report.md`, json: `${run.folder}/report.json` } },
      view: 'report',
      live: false,
      cursor: 0,
      error: null,
    },
    shows: [/agree/i],
  },
  {
    name: 'runs',
    state: {
      screen: 'runs',
      runs: [
        RUN,
        { ...RUN, id: 'ftjob-2', fineTunedModel: null, status: 'running', eval: null, followedOnly: true },
      ],
      error: null,
      cursor: 0,
      back: { screen: 'path', path: '', candidates: [], message: null },
    },
    shows: ['ft:local-small:local:topics:abc', '2 created or followed here'],
  },
  {
    name: 'runs, A marked',
    state: {
      screen: 'runs',
      runs: [RUN, { ...RUN, id: 'ftjob-2', fineTunedModel: null, status: 'running', eval: null }],
      error: null,
      cursor: 1,
      marked: 0,
      back: { screen: 'path', path: '', candidates: [], message: null },
    },
    shows: ['A marked'],
  },
  {
    name: 'runs compared',
    state: {
      screen: 'runs',
      runs: [RUN, { ...RUN, id: 'ftjob-2' }],
      error: null,
      cursor: 1,
      compare: {
        a: RUN,
        b: {
          ...RUN,
          id: 'ftjob-2',
          hyperparameters: { n_epochs: 5, batch_size: 4, learning_rate_multiplier: 2 },
        },
        curves: {
          a: {
            train: Array.from({ length: 30 }, (_, i) => ({ epoch: (i + 1) / 10, value: 2 / (1 + i) })),
            validation: [1, 2, 3].map((e) => ({ epoch: e, value: 1 / e })),
          },
          b: {
            train: Array.from({ length: 50 }, (_, i) => ({ epoch: (i + 1) / 10, value: 1.5 / (1 + i) })),
            validation: [1, 2, 3, 4, 5].map((e) => ({ epoch: e, value: 0.8 / e })),
          },
        },
        notes: [],
      },
      back: { screen: 'job', file: LONG, panel: succeeded },
    },
    shows: ['≠ epochs', /A valid(ation loss)?\b/, 'smoothed', 'eval A'],
  },
  {
    name: 'runs, none yet',
    state: {
      screen: 'runs',
      runs: [],
      error: null,
      cursor: 0,
      back: { screen: 'job', file: LONG, panel: succeeded },
    },
    shows: ['No runs yet'],
  },
  {
    name: 'runs unreadable',
    state: {
      screen: 'runs',
      runs: null,
      error: 'EACCES',
      cursor: 0,
      back: { screen: 'path', path: '', candidates: [], message: null },
    },
    shows: ['Could not read the run history'],
  },
];
