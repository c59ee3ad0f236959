import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import type { ProviderName } from '../../src/api/providers/index.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { hintsFor } from '../../src/app/keys.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { initialState, type WizardState } from '../../src/app/state/wizard-state.js';
import { fieldProblems } from '../../src/app/state/model-step.js';
import { SummaryScreen } from '../../src/app/screens/summary-screen.js';
import { job, modelState, openApp, quietProvider, RECORD, writeResult } from './job-harness.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

describe('choosing the provider when several keys are set', () => {
  function open(ask: readonly ProviderName[], banner: string | null = null) {
    const chosen: ProviderName[] = [];
    const base = services(
      fakeEngine(() => makeAnalysis()),
      tempDir(),
    );
    const provider = {
      ...quietProvider().provider!,
      ask,
      choose: async (name: ProviderName) => void chosen.push(name),
    };
    const ui = render(<App file={undefined} services={{ ...base, provider, banner }} />);
    return { ui, chosen };
  }

  it('asks once, with what each supports, then remembers the choice and goes on to the file', async () => {
    const { ui, chosen } = open(['azure', 'together']);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('Which provider should this folder use?');
    expect(frame).toMatch(/› Azure OpenAI +AZURE_OPENAI_API_KEY +Azure OpenAI \/ Microsoft Foundry/);
    expect(frame).toMatch(/ {2}Together AI +TOGETHER_API_KEY +Together AI: open models/);
    expect(frame).toContain(
      'Azure OpenAI: methods: supervised, dpo · ✓ pause · ✓ checkpoints · ≥ 10 examples',
    );
    expect(frame).toContain('↑↓ provider · enter use it here · q quit');
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain('Together AI: methods: supervised, dpo · ✗ pause'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file do you want to prepare?'));
    expect(chosen).toEqual(['together']);
  });

  it('does not ask with one provider, and quits from the question with q', async () => {
    const single = open([]);
    expect(single.ui.lastFrame()).toContain('Which data file do you want to prepare?');
    cleanup();
    const { ui, chosen } = open(['openai', 'nebius']);
    await press(ui, 'q');
    await waitFor(() => expect(ui.lastFrame()?.trim()).toBe(''));
    expect(chosen).toEqual([]);
  });

  it('shows the radar banner at the start, and not once the data is loaded', async () => {
    const { ui } = open(
      [],
      'ft:gpt-4o-mini:a:b:c stops training on 2027-01-06 (30 days): see `fine-tune radar`.',
    );
    expect(ui.lastFrame()).toContain('⚠ ft:gpt-4o-mini:a:b:c stops training on 2027-01-06 (30 days)');
    const step: WizardState = {
      screen: 'samples',
      analysis: makeAnalysis(),
      columnMap: undefined,
      decisions: {},
      dropped: [],
      samples: null,
      page: 0,
    };
    expect(wizardReducer(step, { type: 'next' }).screen).not.toBe('provider');
  });

  it('starts on the question only when there is something to ask', () => {
    expect(initialState('x.csv', ['openai', 'azure'])).toMatchObject({
      screen: 'provider',
      then: { screen: 'reading', path: 'x.csv' },
    });
    expect(initialState('x.csv', ['openai']).screen).toBe('reading');
  });
});

describe('the data checked against the provider at the start', () => {
  const summary = (provider: ProviderName, examples: number) => {
    const state = {
      screen: 'summary',
      analysis: makeAnalysis({ examples }),
      columnMap: undefined,
      decisions: {},
      dropped: [],
      saved: null,
    } as const;
    return render(
      <SummaryScreen state={state} dispatch={() => undefined} width={80} height={19} provider={provider} />,
    );
  };

  it('says what the provider needs that the data lacks, and that it fits otherwise', () => {
    expect(summary('azure', 8).lastFrame()).toMatch(
      /Provider +Azure OpenAI needs at least 10 training examples; this data has 8\./,
    );
    expect(summary('azure', 10).lastFrame()).toMatch(
      /Provider +Azure OpenAI trains on chat or preference data/,
    );
    expect(summary('nebius', 10).lastFrame()).toMatch(/Provider +Nebius: fits its file rules/);
  });
});

describe("the model step on each provider's row", () => {
  const analysis = makeAnalysis({ input: '/data/tickets.csv' });

  it("shows Azure's training type, labels and ranges, and puts the choice in the command", async () => {
    const state = modelState(analysis, writeResult('/data/t_train.jsonl', '/data/t_valid.jsonl'), 'azure');
    const { ui } = openApp(state);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Training type'));
    const frame = ui.lastFrame() ?? '';
    // The rows hold the values; the line under them says what the focused field takes.
    expect(frame).toMatch(/Suffix +tickets/);
    expect(frame).toContain('Suffix: 1–40 of letters, digits, - _ (no dots)');
    expect(frame).toMatch(/Training type +GlobalStandard\n/);
    expect(frame).toContain('[Azure OpenAI]');
    await press(ui, KEY.down);
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain('Training type: GlobalStandard (any region)'));
    expect(ui.lastFrame()).toContain('(←→ to change)');
    await press(ui, KEY.right);
    await press(ui, KEY.right);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Training type +Developer/));
    expect(ui.lastFrame()?.replace(/\n/g, ' ')).toMatch(/--training-type Developer .*--provider azure/);
  });

  it('refuses a dot in an Azure suffix as it is typed, and takes it on OpenAI', () => {
    const result = writeResult('/data/t.jsonl');
    const azure = {
      ...(modelState(analysis, result, 'azure') as Extract<WizardState, { screen: 'model' }>),
      suffix: 'v1.2',
    };
    expect(fieldProblems(azure).suffix).toMatch(/no dots/);
    const openai = {
      ...(modelState(analysis, result, 'openai') as Extract<WizardState, { screen: 'model' }>),
      suffix: 'v1.2',
    };
    expect(fieldProblems(openai).suffix).toBeUndefined();
  });

  it('says when the data is too small for the provider and will not start, at 10 it will', () => {
    const small = writeResult('/data/t.jsonl');
    const nine = { ...small, outputs: [{ ...small.outputs[0]!, examples: 9 }] };
    const state = modelState(analysis, nine, 'azure') as Extract<WizardState, { screen: 'model' }>;
    expect(fieldProblems(state).data).toBe(
      'Azure OpenAI needs at least 10 training examples; this data has 9.',
    );
    const options = { ...state, phase: 'options' as const };
    expect(wizardReducer(options, { type: 'start-job' }).screen).toBe('model');
    const ten = { ...small, outputs: [{ ...small.outputs[0]!, examples: 10 }] };
    expect(
      fieldProblems(modelState(analysis, ten, 'azure') as Extract<WizardState, { screen: 'model' }>).data,
    ).toBeUndefined();
  });
});

describe('the job panel keys follow the row', () => {
  const panel = (provider: ProviderName, overrides: Parameters<typeof job>[0] = {}): WizardState => ({
    screen: 'job',
    file: '/data/t.csv',
    panel: initialPanel({ ...RECORD, provider }, job(overrides)),
  });

  it('offers pause only where the provider can pause', () => {
    expect(keyContext(panel('azure', { status: 'running' }))).toBe('job');
    expect(keyContext(panel('together', { status: 'running' }))).toBe('jobNoPause');
    expect(hintsFor('jobNoPause').map((h) => h.key)).not.toContain('p');
    expect(hintsFor('job').map((h) => h.key)).toContain('p');
  });

  it('says what a Nebius job needs before its model answers, and offers no chat key', () => {
    const { ui } = openApp(panel('nebius', { status: 'succeeded', fine_tuned_model: null }));
    const frame = ui.lastFrame()?.replace(/\n/g, ' ') ?? '';
    expect(frame).toContain('Nebius serves a fine-tune once a checkpoint is deployed');
    expect(frame).not.toContain('t chat tester');
    expect(frame).toContain('q quit');
  });

  it('offers the chat tester only when the model answers under its name', () => {
    expect(keyContext(panel('compatible', { status: 'succeeded', fine_tuned_model: 'ft:m:o::1' }))).toBe(
      'jobDone',
    );
    expect(keyContext(panel('compatible', { status: 'succeeded', fine_tuned_model: null }))).toBe('jobEnded');
    expect(keyContext(panel('nebius', { status: 'succeeded', fine_tuned_model: null }))).toBe('jobEnded');
    // Azure's fine-tune answers through a deployment: the panel says so instead.
    expect(keyContext(panel('azure', { status: 'succeeded', fine_tuned_model: 'm.ft-1' }))).toBe('jobEnded');
  });
});
