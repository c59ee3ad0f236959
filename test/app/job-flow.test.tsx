import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { connect, type Connection } from '../../src/api/connect.js';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import type { Services } from '../../src/app/services.js';
import { KEY, press, services, tempDir, throughTheDataSteps, waitFor } from './helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));

let connection: Connection | null = null;
afterEach(async () => {
  cleanup();
  await connection?.close();
  connection = null;
});

describe('the whole wizard against the local provider', () => {
  it('goes from the raw file to a succeeded job, saves its record and rings once', async () => {
    const dir = tempDir();
    const home = tempDir();
    copyFileSync(EXAMPLE, join(dir, 'support-tickets.csv'));
    let opened = 0;
    let bells = 0;
    let farewell: string | null = null;
    const env = { FINE_TUNE_HOME: home };
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env,
      pollMs: 50,
      bell: () => (bells += 1),
      provider: {
        open: async () => {
          opened += 1;
          connection ??= await connect({
            provider: 'local',
            env: {},
            local: { dataDir: join(home, 'local'), stepDelayMs: 0, log: () => undefined },
          });
          return connection;
        },
      },
    };
    const ui = render(
      <App file={join(dir, 'support-tickets.csv')} services={wizard} onExit={(text) => (farewell = text)} />,
    );
    await throughTheDataSteps(ui);
    // The data steps never needed the provider.
    expect(opened).toBe(0);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('› local-base'), 10_000);
    expect(ui.lastFrame()).toContain('[local]');
    expect(ui.lastFrame()).toContain('local-small');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Suffix'));
    expect(ui.lastFrame()).toContain('$0.00 (local)');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('✓ succeeded'), 60_000);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/Model ft:local-base:[^\s]*support-tickets/);
    expect(frame).toMatch(/step (\d+)\/\1/);
    expect(frame).toMatch(/\d+ checkpoints? \(step/);
    expect(frame).toContain('The job has successfully completed');
    await waitFor(() => expect(bells).toBe(1));

    // The record names the files, the data format and, once the follow hook has saved it, the model.
    const readRecord = (): Record<string, unknown> => {
      const [name] = readdirSync(join(home, 'jobs'));
      return JSON.parse(readFileSync(join(home, 'jobs', name ?? ''), 'utf8')) as Record<string, unknown>;
    };
    await waitFor(() => expect(String(readRecord().fineTunedModel)).toMatch(/^ft:local-base:/));
    const record = readRecord();
    expect(record).toMatchObject({
      provider: 'local',
      model: 'local-base',
      suffix: 'support-tickets',
      dataFormat: 'prompt-completion',
      separator: ' ->',
    });
    expect(JSON.stringify(record)).not.toContain('ftl-');

    await press(ui, 'q');
    await waitFor(() => expect(farewell).toContain(`fine-tune chat ${String(record.fineTunedModel)}`));
  }, 90_000);

  it('offers the corrections beside the prepared data on the first job, and uploads them with it', async () => {
    const dir = tempDir();
    const home = tempDir();
    copyFileSync(EXAMPLE, join(dir, 'support-tickets.csv'));
    // Corrections from an earlier job on the same data (the tester writes them in the data's format).
    const corrections = [
      { prompt: 'My card was charged twice ->', completion: ' billing\n' },
      { prompt: 'The app crashes at login ->', completion: ' bug\n' },
    ];
    writeFileSync(
      join(dir, 'support-tickets_prepared_corrections.jsonl'),
      corrections.map((row) => JSON.stringify(row)).join('\n') + '\n',
    );
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env: { FINE_TUNE_HOME: home },
      pollMs: 50,
      provider: {
        open: async () =>
          (connection ??= await connect({
            provider: 'local',
            env: {},
            local: { dataDir: join(home, 'local'), stepDelayMs: 0, log: () => undefined },
          })),
      },
    };
    const ui = render(<App file={join(dir, 'support-tickets.csv')} services={wizard} />);
    await throughTheDataSteps(ui);
    const train = readFileSync(join(dir, 'support-tickets_prepared_train.jsonl'), 'utf8');
    const trained = train.split('\n').filter((line) => line !== '').length;
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('› local-base'), 10_000);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Corrections\s+include 2 rows/));
    const flat = (): string => (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(flat()).toContain(`Training ${trained + 2} examples`);
    expect(flat()).toMatch(/--provider local --corrections/);
    // Left out: the count and the command follow; back in for the job.
    await press(ui, KEY.up);
    await press(ui, KEY.right);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Corrections\s+leave out 2 rows/));
    expect(flat()).toContain(`Training ${trained} examples`);
    expect(flat()).not.toContain('--corrections');
    await press(ui, KEY.right);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Corrections\s+include 2 rows/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/✓ succeeded|running|validating|queued/), 30_000);
    // The upload was the training rows, then the corrections; the training file itself is left as is.
    const uploaded = readFileSync(join(dir, 'support-tickets_prepared_train+corrections.jsonl'), 'utf8');
    expect(
      uploaded
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      ...train
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown),
      ...corrections,
    ]);
    expect(readFileSync(join(dir, 'support-tickets_prepared_train.jsonl'), 'utf8')).toBe(train);
  }, 90_000);
});
