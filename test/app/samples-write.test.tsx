import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { OutputExistsError } from '../../src/core/prepare/names.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

// No key in the environment: the next step suggests the local provider's model.
beforeEach(() => {
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('FINE_TUNE_PROVIDER', '');
});
afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
});

async function toSamples(taskType: 'classification' | 'conditional generation' = 'classification') {
  const engine = fakeEngine(() =>
    makeAnalysis(taskType === 'classification' ? {} : { taskType, classification: null, stop: '\n' }),
  );
  const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
  await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 3'));
  await press(ui, 'a');
  await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of 3'));
  return { ui, engine };
}

describe('samples screen', () => {
  it('pages through samples, marks one to drop and counts it', async () => {
    const { ui } = await toSamples();
    expect(ui.lastFrame()).toContain('Sample prompt 0');
    expect(ui.lastFrame()).toContain('0 examples marked to drop');
    await press(ui, KEY.right);
    await waitFor(() => expect(ui.lastFrame()).toContain('Sample 2 of 3 · row 11'));
    await press(ui, 'd');
    await waitFor(() => expect(ui.lastFrame()).toContain('1 example marked to drop'));
    expect(ui.lastFrame()).toContain('marked to drop (d to keep)');
    await press(ui, 'd');
    await waitFor(() => expect(ui.lastFrame()).toContain('0 examples marked to drop'));
  });
});

describe('write screen', () => {
  it('asks the split question for classification, passes the decisions to the engine and shows the files it wrote', async () => {
    const { ui, engine } = await toSamples();
    await press(ui, 'd');
    await waitFor(() => expect(ui.lastFrame()).toContain('1 example marked to drop'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Split into a training set and a validation set?'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 2 files'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('tickets_prepared_train.jsonl (32 examples, training)');
    expect(frame).toContain('3 rows removed · 37 rows modified');
    expect(frame).toContain('end each prompt with " ->"');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'No example of class " food" in the validation file: its accuracy cannot be measured there.',
    );
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'fine-tune create -t tickets_prepared_train.jsonl -v tickets_prepared_valid.jsonl -m local-small',
    );
    const decisions = engine.calls.write[0];
    expect(decisions?.split).toBe(true);
    expect([...(decisions?.accepted ?? [])].sort()).toEqual(['completion-leading-space', 'duplicates']);
    expect([...(decisions?.dropped ?? [])]).toEqual([10]);
  });

  it('offers a stratified split, which leaves no class out', async () => {
    const { ui, engine } = await toSamples();
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('s stratified split'));
    await press(ui, 's');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 2 files'));
    expect(engine.calls.write[0]).toMatchObject({ split: true, stratify: true });
    expect(ui.lastFrame()).not.toContain('No example of');
  });

  it('asks the engine for one file, without the split question, when the data is not classification', async () => {
    const { ui, engine } = await toSamples('conditional generation');
    await press(ui, 's');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 1 file'));
    expect(ui.lastFrame()).not.toContain('Split into');
    expect(ui.lastFrame()).toContain('Stop generating at "\\n".');
    expect(ui.lastFrame()).toContain('fine-tune create -t tickets_prepared.jsonl -m');
    expect(engine.calls.write[0]?.split).toBe(false);
  });

  it('asks before replacing files that exist: o overwrites, n writes under another name', async () => {
    const base = fakeEngine(() =>
      makeAnalysis({ taskType: 'conditional generation', classification: null, stop: '\n' }),
    );
    const tries: Array<{ name?: string; force?: boolean }> = [];
    const engine = {
      ...base,
      writePrepared: async (...args: Parameters<typeof base.writePrepared>) => {
        const options = args[2] ?? {};
        tries.push({
          ...(options.name ? { name: options.name } : {}),
          ...(options.force ? { force: true } : {}),
        });
        const taken = options.name === undefined || options.name === 'taken';
        if (taken && options.force !== true) throw new OutputExistsError(['/data/tickets_prepared.jsonl']);
        return base.writePrepared(...args);
      },
    };
    const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 3'));
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of 3'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file exists already:'));
    expect(ui.lastFrame()).toContain('tickets_prepared.jsonl');
    expect(ui.lastFrame()).toContain('o overwrite · n another name · esc back · q quit');
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Writes tickets_prepared_2.jsonl.'));
    await press(ui, '\u0015');
    await press(ui, 'taken');
    await press(ui, KEY.enter);
    // That name exists too: asked again, about it; overwriting keeps the name chosen.
    await waitFor(() => expect(tries).toHaveLength(2));
    await waitFor(() => expect(ui.lastFrame()).toContain('This file exists already:'));
    await press(ui, 'o');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 1 file'));
    expect(tries).toEqual([{}, { name: 'taken' }, { name: 'taken', force: true }]);
  });
});
