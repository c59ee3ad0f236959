import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { ChatTester } from '../../src/app/chat/chat-tester.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import { fakeClient } from '../chat/fake-api.js';
import { KEY, makeAnalysis, press, waitFor } from './helpers.js';
import { chatServices, drawAt } from './draw-state.js';
import { job, modelState, RECORD, writeResult } from './job-fixtures.js';
import { applyUpdate, initialPanel } from '../../src/app/state/panel.js';

afterEach(cleanup);

type Model = Extract<WizardState, { screen: 'model' }>;

const analysis = makeAnalysis({ input: '/data/tickets.csv' });
const result = writeResult('/data/tickets_prepared_train.jsonl', '/data/tickets_prepared_valid.jsonl');

/** The options of Azure's model step as a user left them: another model, their suffix, numbers, option. */
function chosen(): Model {
  const base = modelState(analysis, result, 'azure') as Model;
  return {
    ...base,
    phase: 'options',
    cursor: 2,
    field: 'lr',
    suffix: 'tickets-v2',
    epochs: '4',
    batch: '8',
    lr: '0.5',
    options: { trainingType: 'Developer' },
  };
}

function reduce(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, state);
}

/** The job the model step started (through the upload), then in the status given. */
function jobFrom(step: Model, status: FineTuningJob['status']): WizardState {
  const upload = reduce(step, { type: 'start-job' });
  expect(upload.screen).toBe('upload');
  return reduce(
    upload,
    { type: 'job-started', job: job({ status: 'running' }), record: RECORD },
    { type: 'job-update', update: { job: job({ status }) } },
  );
}

describe('after a failed or cancelled job', () => {
  it.each(['failed', 'cancelled'] as const)(
    'b on a %s job goes back to the model step with every choice as it was',
    async (status) => {
      const step = chosen();
      const { ui, trace } = drawAt(jobFrom(step, status), 80, 24);
      await waitFor(() => expect(ui.lastFrame()).toContain('b back to the model step'));
      await press(ui, 'b');
      await waitFor(() => expect(trace.state.screen).toBe('model'));
      expect(trace.state).toEqual(step);
      await waitFor(() => expect(ui.lastFrame()).toContain('Suffix        tickets-v2'));
      expect(ui.lastFrame()).toMatch(/Training type +Developer/);
    },
  );

  it('has no b while the job runs or once it succeeded', async () => {
    for (const status of ['running', 'succeeded'] as const) {
      const { ui, trace } = drawAt(jobFrom(chosen(), status), 80, 24);
      await waitFor(() => expect(ui.lastFrame()).toContain('q quit'));
      expect(ui.lastFrame()).not.toContain('b back');
      await press(ui, 'b');
      await press(ui, 'a');
      // a (the chart) arrives after b: b did nothing.
      await waitFor(() => expect(trace.actions.map((a) => a.type)).toEqual(['job-chart']));
      expect(trace.state.screen).toBe('job');
      cleanup();
    }
  });

  it('has no b on a job the wizard did not start from its model step (one it follows)', async () => {
    const started = jobFrom(chosen(), 'failed');
    if (started.screen !== 'job') throw new Error('no job');
    const { retry: _retry, ...followed } = started;
    const { ui, trace } = drawAt(followed, 80, 24);
    await waitFor(() => expect(ui.lastFrame()).toContain('q quit'));
    expect(ui.lastFrame()).not.toContain('b back');
    await press(ui, 'b');
    await press(ui, 'a');
    await waitFor(() => expect(trace.actions.map((a) => a.type)).toEqual(['job-chart']));
  });
});

describe('the chat tester inside the wizard', () => {
  const succeeded = (): WizardState =>
    reduce(jobFrom(chosen(), 'running'), {
      type: 'job-update',
      update: { job: job({ status: 'succeeded', fine_tuned_model: 'ft:local-small:local:tickets:abc' }) },
    });

  it('goes back to the job panel on Esc, where t and e are, and evaluation opens from there', async () => {
    const { ui, trace } = drawAt(succeeded(), 80, 24, chatServices());
    await press(ui, 't');
    await waitFor(() => expect(ui.lastFrame()).toContain('esc job panel'));
    expect(trace.state.screen).toBe('chat');
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('t chat tester · e evaluate'));
    expect(trace.state.screen).toBe('job');
    await press(ui, 'e');
    await waitFor(() => expect(trace.state.screen).toBe('eval'));
  });

  it('stops a streaming reply on Esc rather than leaving', async () => {
    const { client } = fakeClient(() => ({ chunks: [' bill'], hang: true }));
    let back = 0;
    const ui = render(
      <ChatTester
        connection={{ client }}
        model="ft:local-small:local:tickets:abc"
        onBack={() => (back += 1)}
      />,
    );
    await press(ui, 'my card was charged twice');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('esc stop reply'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('esc job panel'));
    expect(back).toBe(0);
    await press(ui, KEY.escape);
    await waitFor(() => expect(back).toBe(1));
  });

  it('shows no Esc on its own (fine-tune chat), where there is no step before it', async () => {
    const { client } = fakeClient(() => ({ chunks: [' billing'] }));
    const ui = render(<ChatTester connection={{ client }} model="ft:local-small:local:tickets:abc" />);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter send'));
    expect(ui.lastFrame()).not.toContain('esc');
  });
});

describe('the cancel question', () => {
  it('closes when the job ends while it is asked, and stays while the job still runs', () => {
    const asking = reduce(jobFrom(chosen(), 'running'), { type: 'job-overlay', overlay: 'cancel' });
    const still = reduce(asking, { type: 'job-update', update: { job: job({ status: 'running' }) } });
    expect(still).toMatchObject({ panel: { overlay: 'cancel' } });
    const ended = reduce(asking, { type: 'job-update', update: { job: job({ status: 'succeeded' }) } });
    expect(ended).toMatchObject({ panel: { overlay: 'none' } });
  });
});

describe('following a job again', () => {
  it('does not count its history twice when the panel is followed again (back from chat or eval)', () => {
    const events = Array.from({ length: 5 }, (_, i) => ({
      id: `ev-${i}`,
      object: 'fine_tuning.job.event' as const,
      created_at: 1_800_000_000 + i,
      level: 'info' as const,
      message: `Step ${i + 1}/5: training loss=1.0`,
      type: 'metrics' as const,
      data: { step: i + 1, total_steps: 5, train_loss: 1 },
    }));
    const once = applyUpdate(initialPanel(RECORD, job()), { events });
    const again = applyUpdate(once, { events });
    expect(again.events).toHaveLength(5);
    expect(again.metrics).toHaveLength(5);
    const next = {
      ...events[4]!,
      id: 'ev-5',
      created_at: 1_800_000_005,
      message: 'Step 6/6: training loss=0.9',
    };
    expect(applyUpdate(again, { events: [...events, next] }).events).toHaveLength(6);
  });
});
