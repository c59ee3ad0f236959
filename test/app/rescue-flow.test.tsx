import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { connect, type Connection } from '../../src/api/connect.js';
import { followJob } from '../../src/api/follow.js';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import type { Services } from '../../src/app/services.js';
import { noteJobEnded, startJobWithManifest } from '../../src/rescue/manifest.js';
import { defaultSeams } from '../../src/rescue/seams.js';
import { KEY, press, services, tempDir, waitFor } from './helpers.js';

// The wizard's rescue path from the first screen to the report, against the local provider: a small
// local-small fine-tune (trained once here) rescued onto local-base.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/train/${name}`, import.meta.url));
const CTRL_R = '\u0012';

let connection: Connection;
let dir: string;
let env: NodeJS.ProcessEnv;
let model: string;

function head(name: string, lines: number): string {
  const path = join(dir, name);
  writeFileSync(path, `${readFileSync(fixture(name), 'utf8').split('\n').slice(0, lines).join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  dir = tempDir();
  env = { FINE_TUNE_HOME: join(dir, 'home') };
  connection = await connect({
    provider: 'local',
    env: {},
    local: { dataDir: join(dir, 'local'), stepDelayMs: 0, log: () => undefined },
  });
  const { job } = await startJobWithManifest(
    connection,
    {
      model: 'local-small',
      trainingPath: head('topics_train.jsonl', 80),
      validationPath: head('topics_valid.jsonl', 24),
      suffix: 'topics',
      separator: '\n\n###\n\n',
    },
    { env },
  );
  const followed = await followJob(connection.client, job.id, { pollMs: 20 });
  await noteJobEnded(followed.job, env);
  model = followed.job.fine_tuned_model ?? '';
});
afterAll(async () => {
  cleanup();
  await connection.close();
});

describe('the rescue path of the wizard', () => {
  it('goes from the first screen through the data, the golden set and a new job to the comparison', async () => {
    let farewell: string | null = null;
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env,
      pollMs: 50,
      bell: () => undefined,
      rescueSeams: defaultSeams(new Date('2026-12-07T12:00:00Z')),
      provider: { open: async () => connection },
    };
    const ui = render(<App file={undefined} services={wizard} onExit={(text) => (farewell = text)} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Ctrl+R'));
    await press(ui, CTRL_R);
    await waitFor(() => expect(ui.lastFrame()).toContain(model), 10_000);
    expect(ui.lastFrame()).toContain('training ✓ · validation ✓');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('validation.jsonl · 24 examples'), 10_000);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Recorded: 24 answers'), 10_000);
    expect(ui.lastFrame()).toContain('24 of 24 answers · $0.00 so far');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which provider'));
    // openai, azure, then local.
    await press(ui, KEY.up);
    await waitFor(() => expect(ui.lastFrame()).toContain('› local'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('› local-base'), 10_000);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Enter uploads the kept data'), 10_000);
    expect(ui.lastFrame()).toMatch(/epochs \d+ · batch size \d+/);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter compare'), 20_000);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Agrees on \d+ of 24 golden answers/), 10_000);
    await press(ui, KEY.tab);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Flipped 1 of \d+|No example flipped/));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter compare'));
    await press(ui, 'q');
    await waitFor(() => expect(farewell).toMatch(/Report: .*report-local-base-.*\.md/));
  });

  it('leaves from the data step with the command that goes on with the rescue', async () => {
    let farewell: string | null = null;
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env,
      provider: { open: async () => connection },
    };
    const ui = render(<App file={undefined} services={wizard} onExit={(text) => (farewell = text)} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Ctrl+R'));
    await press(ui, CTRL_R);
    await waitFor(() => expect(ui.lastFrame()).toContain(model), 10_000);
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
    await press(ui, CTRL_R);
    await waitFor(() => expect(ui.lastFrame()).toContain(model), 10_000);
    // The model retrained by the test above is newer, so it is listed first.
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain(`› ${model}`));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter record the golden set'), 10_000);
    await press(ui, 'q');
    await waitFor(() => expect(farewell).toContain(`Go on with: fine-tune rescue ${model} --out rescue-`));
  });
});
