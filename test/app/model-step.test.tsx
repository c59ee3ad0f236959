import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import {
  createCommandLine,
  fieldProblems,
  initialModelStep,
  jobInput,
} from '../../src/app/state/model-step.js';
import type OpenAI from 'openai';
import { PROFILES } from '../../src/api/providers/index.js';
import { modelState, openApp, quietProvider, recordingProvider, writeResult } from './job-harness.js';
import { KEY, makeAnalysis, press, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const analysis = makeAnalysis({ input: '/data/tickets.csv' });
const result = writeResult('/data/tickets_prepared_train.jsonl', '/data/tickets_prepared_valid.jsonl');

function open(state = modelState(analysis, result)) {
  return openApp(state).ui;
}

/** The model step on prepared files that exist, with a provider that keeps the job it is asked for. */
function openRecording() {
  const dir = tempDir();
  const line = '{"prompt":"Printer jams ->","completion":" hardware\\n"}\n';
  const train = join(dir, 'tickets_prepared_train.jsonl');
  const valid = join(dir, 'tickets_prepared_valid.jsonl');
  writeFileSync(train, line.repeat(32));
  writeFileSync(valid, line.repeat(8));
  const { services, created } = recordingProvider(tempDir());
  const { ui } = openApp(modelState(analysis, writeResult(train, valid)), services);
  return { ui, created };
}

/** From the model list to the options of the model under the cursor after `downs` presses. */
async function options(ui: ReturnType<typeof open>, downs = 0) {
  for (let i = 0; i < downs; i += 1) await press(ui, KEY.down);
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toContain('Suffix'));
}

describe('the model step', () => {
  it('lists fine-tunable models first, says which fit the data and shows shutdown dates', () => {
    const frame = open().lastFrame() ?? '';
    const lines = frame.split('\n');
    const row = (id: string) => lines.find((l) => l.includes(id)) ?? '';
    expect(row('babbage-002')).toContain('fits your data');
    // The soonest day still ahead: OpenAI closes training on 2027-01-06.
    expect(row('gpt-4o-mini-2024-07-18 ')).toContain('converts to chat · until 2027-01-06');
    expect(row('ft:gpt-4o-mini')).toMatch(/abc123 +converts to chat/);
    expect(row('gpt-3.5-turbo-0613')).toContain('shut down');
    // The shut-down model comes after every fine-tunable one.
    expect(lines.findIndex((l) => l.includes('gpt-3.5'))).toBeGreaterThan(
      lines.findIndex((l) => l.includes('ft:')),
    );
    expect(frame).toContain('[OpenAI]');
    // The cursor starts on the first model that takes the data as it is; the line below tells more.
    expect(row('babbage-002')).toContain('› babbage-002');
    expect(frame.replace(/\n/g, ' ')).toContain(
      'babbage-002: a base model · trains on prompt/completion data · training ends 2027-01-06 (43 days left).',
    );
  });

  it('says what the model under the cursor is: a fine-tune of yours to continue, its shutdown date', async () => {
    const ui = open();
    await press(ui, KEY.up);
    await press(ui, KEY.up);
    await waitFor(() => expect(ui.lastFrame()).toContain('› ft:gpt-4o-mini'));
    expect(ui.lastFrame()?.replace(/\n/g, ' ')).toContain(
      'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc123: your fine-tuned model: a new job continues its training · trains on chat or preference data (yours is converted, as one more fix) · training ends 2027-01-06 (43 days left) · answers until 2027-01-14 (51 days left).',
    );
  });

  it('validates the suffix as it is typed', async () => {
    const ui = open();
    await options(ui);
    expect(ui.lastFrame()).toContain('› Suffix        tickets');
    await press(ui, '!');
    await waitFor(() => expect(ui.lastFrame()).toContain('✗ the suffix may use only letters, digits'));
    expect(ui.lastFrame()).toContain('✗ the suffix may use only');
    await press(ui, KEY.backspace);
    await waitFor(() => expect(ui.lastFrame()).not.toContain('✗'));
    await press(ui, 'x'.repeat(60));
    await waitFor(() =>
      expect(ui.lastFrame()).toContain('✗ the suffix is 67 characters long (at most 64 on OpenAI)'),
    );
    // Enter does not start a job while a field is wrong.
    await press(ui, KEY.enter);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ui.lastFrame()).toContain('Suffix');
    // Ctrl+U clears the field at once.
    await press(ui, '\u0015');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('✗'));
    expect(ui.lastFrame()).toMatch(/› Suffix +auto/);
    expect(ui.lastFrame()).toContain('^u clear');
  });

  it('keeps hyperparameters within the API ranges and starts once they fit', async () => {
    const { ui, created } = openRecording();
    await options(ui);
    expect(ui.lastFrame()).toMatch(/Epochs\s+auto/);
    await press(ui, KEY.down);
    await press(ui, KEY.down);
    await press(ui, '51');
    await waitFor(() => expect(ui.lastFrame()).toContain('✗ epochs must be a whole number from 1 to 50'));
    await press(ui, KEY.backspace);
    await waitFor(() => expect(ui.lastFrame()).not.toContain('✗'));
    expect(ui.lastFrame()).toContain('5 epochs');
    await press(ui, KEY.tab);
    await press(ui, '257');
    await waitFor(() =>
      expect(ui.lastFrame()).toContain('✗ batch size must be a whole number from 1 to 256'),
    );
    await press(ui, KEY.backspace);
    await press(ui, KEY.down);
    await press(ui, '0');
    await waitFor(() => expect(ui.lastFrame()).toContain('✗ learning rate multiplier must be above 0'));
    await press(ui, '.5');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('✗'));
    await press(ui, KEY.enter);
    // What reaches the provider: OpenAI's create-job body with the hyperparameters typed.
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toMatchObject({ model: 'babbage-002' });
    expect(JSON.stringify(created[0])).toContain('"n_epochs":5');
    expect(JSON.stringify(created[0])).toContain('"batch_size":25');
    expect(JSON.stringify(created[0])).toContain('"learning_rate_multiplier":0.5');
  });

  it('applies keys that arrive in one read in order: text, erase, Tab, and a final Enter starts', async () => {
    const { ui, created } = openRecording();
    await options(ui);
    // As a script or a fast typist sends them: the suffix edited, then Enter.
    await press(ui, '-v3\u007f4\r');
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toMatchObject({ model: 'babbage-002', suffix: 'tickets-v4' });
  });

  it('shows the equivalent fine-tune create command for the choices', async () => {
    const ui = open();
    await options(ui);
    await press(ui, '-v2');
    await press(ui, KEY.down);
    await press(ui, KEY.down);
    await press(ui, '2');
    await waitFor(() => expect(ui.lastFrame()).toContain('2 epochs'));
    const command = (ui.lastFrame() ?? '').split('Same as:')[1]?.replace(/\s*\n\s*/g, ' ') ?? '';
    expect(command).toContain(
      "fine-tune create -t tickets_prepared_train.jsonl -v tickets_prepared_valid.jsonl -m babbage-002 --suffix tickets-v2 --epochs 2 --separator ' ->' --stop $'\\n' --provider openai",
    );
    // The estimate follows the epochs typed: 800 tokens over 40 examples, 32 of them for training.
    expect(ui.lastFrame()).toMatch(/32 examples · ≈640 tokens × 2 epochs · cost <?\$0\.\d\d/);
  });

  it('offers the chat conversion for a chat model and writes the converted files beside the prepared ones', async () => {
    const dir = tempDir();
    const train = join(dir, 'tickets_prepared_train.jsonl');
    const valid = join(dir, 'tickets_prepared_valid.jsonl');
    writeFileSync(train, '{"prompt":"Printer jams ->","completion":" hardware\\n"}\n');
    writeFileSync(valid, '{"prompt":"Cannot log in ->","completion":" account\\n"}\n');
    const ui = open(modelState(analysis, writeResult(train, valid)));
    await press(ui, KEY.down); // gpt-4o-mini, a chat model
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('One more fix: convert the data to chat messages'));
    expect(ui.lastFrame()).toContain('the separator " ->" at the end of prompts');
    expect(ui.lastFrame()).toContain('tickets_prepared_train_chat.jsonl');
    expect(ui.lastFrame()).toContain('y convert to chat · n other model');
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Suffix'));
    expect(readFileSync(join(dir, 'tickets_prepared_train_chat.jsonl'), 'utf8')).toBe(
      '{"messages":[{"role":"user","content":"Printer jams"},{"role":"assistant","content":"hardware"}]}\n',
    );
    expect(readFileSync(join(dir, 'tickets_prepared_valid_chat.jsonl'), 'utf8')).toContain('"account"');
    // The prepared file stays as it was; the command trains on the chat files, without a separator.
    expect(readFileSync(train, 'utf8')).toContain('"prompt"');
    const command = (ui.lastFrame() ?? '').split('Same as:')[1]?.replace(/\s*\n\s*/g, '') ?? '';
    expect(command).toContain('tickets_prepared_train_chat.jsonl');
    expect(command).not.toContain('--separator');
  });

  it('goes back to the list when the conversion is declined', async () => {
    const ui = open();
    await press(ui, KEY.down);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('One more fix'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Choose the base model'));
  });

  it('says the local provider refuses DPO for preference data', () => {
    const preference = makeAnalysis({ dataFormat: 'preference' });
    let state = modelState(preference, result, 'local');
    state = wizardReducer(state, {
      type: 'models-loaded',
      models: [],
      provider: { name: 'local', reason: '' },
      today: '2026-11-24',
    });
    if (state.screen !== 'model') throw new Error('not the model step');
    expect(state.method).toBe('dpo');
    expect(fieldProblems(state).method).toContain('supervised method only');
  });
});

it('quitting from the model list prints the written files and the command for the model chosen', async () => {
  const { ui, exits } = openApp(modelState(analysis, result));
  await press(ui, 'q');
  await waitFor(() => expect(exits).toHaveLength(1));
  expect(exits[0]).toContain('wrote tickets_prepared_train.jsonl (32 examples)');
  expect(exits[0]).toContain('-m babbage-002');
});

it('lists the models again with r after the provider could not be reached', async () => {
  const written = wizardReducer(modelState(analysis, result), { type: 'model-back' });
  const loading = wizardReducer(written, { type: 'choose-model' });
  let attempts = 0;
  const client = {
    models: {
      list: async function* () {
        yield { id: 'babbage-002', object: 'model', created: 0, owned_by: 'system' };
      },
    },
  } as unknown as OpenAI;
  const provider = {
    open: async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      // A list as OpenAI gives it: read by OpenAI's row.
      return {
        ...(await quietProvider().provider!.open()),
        client,
        provider: 'openai' as const,
        profile: PROFILES.openai,
      };
    },
  };
  const { ui } = openApp(loading, { ...quietProvider(), provider });
  await waitFor(() => expect(ui.lastFrame()).toContain("Could not list the provider's models"));
  expect(ui.lastFrame()).toContain('r try again · esc back · q quit');
  await press(ui, 'r');
  await waitFor(() => expect(ui.lastFrame()).toContain('babbage-002'));
  expect(ui.lastFrame()).not.toContain('Could not list');
  expect(attempts).toBe(2);
});

it('counts the examples of a file used as it is, which nothing was written for', async () => {
  const unchanged = { ...result, outputs: [], unchanged: true };
  const ui = open(modelState(analysis, unchanged));
  await waitFor(() => expect(ui.lastFrame()).toContain('40 training examples'));
  await options(ui);
  expect(ui.lastFrame()).toContain('Training 40 examples');
});

it('records the system prompt of chat data in the job and its equivalent command', () => {
  const chat = makeAnalysis({ dataFormat: 'chat', taskType: null });
  const step = initialModelStep(chat, { ...result, systemPrompt: 'You sort tickets.' });
  expect(jobInput(step, 'gpt-4o-mini-2024-07-18').systemPrompt).toBe('You sort tickets.');
  expect(createCommandLine(step, 'gpt-4o-mini-2024-07-18', (p) => p)).toContain(
    "--system-prompt 'You sort tickets.'",
  );
});
