import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { interruptFarewell } from '../../src/app/interrupt.js';
import { realEngine } from '../../src/app/real-engine.js';
import { jobState, modelState, writeResult } from './job-harness.js';
import { KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const CTRL_C = '\u0003';

function cleanFile(dir: string): string {
  const file = join(dir, 'clean.jsonl');
  const rows = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({
      prompt: `question ${i} about item ${i * 7} ->`,
      completion: ` answer ${i} is ${i * 3}\n`,
    }),
  );
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/** The wizard on a file with one optional fix, at its first fix; `exits` holds what onExit received. */
async function atFirstFix() {
  const dir = tempDir();
  const exits: Array<string | null> = [];
  const ui = render(
    <App
      file={cleanFile(dir)}
      services={services(realEngine(), tempDir(), dir)}
      onExit={(text) => exits.push(text)}
    />,
  );
  await waitFor(() => expect(ui.lastFrame()).toContain('Task type'));
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 1'));
  return { ui, exits };
}

describe('Ctrl+C in the wizard', () => {
  it('leaves mid-review saying that nothing is decided or written yet, and how to start again', async () => {
    const { ui, exits } = await atFirstFix();
    await press(ui, CTRL_C);
    await waitFor(() => expect(exits).toHaveLength(1));
    expect(exits[0]).toBe(
      'Stopped at fix 1 of 1: nothing decided yet. Nothing was written.\n`fine-tune clean.jsonl` starts the review again.',
    );
  });

  it('prints the written files and the next command once the data is written', async () => {
    const { ui, exits } = await atFirstFix();
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample 1 of/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('the file can be used as it is'), 10_000);
    await press(ui, CTRL_C);
    await waitFor(() => expect(exits[0]).toContain('next: fine-tune create -t clean.jsonl'));
  });

  it('says a running job goes on and how to follow it; a model step keeps the written files', () => {
    expect(interruptFarewell(jobState({ status: 'running' }), '/data')).toContain(
      'fine-tune follow ftjob-test1',
    );
    const result = writeResult('/data/t_prepared.jsonl');
    const model = interruptFarewell(modelState(makeAnalysis(), result), '/data') ?? '';
    expect(model).toContain('wrote t_prepared.jsonl');
    expect(model).toContain('next: fine-tune create -t t_prepared.jsonl');
  });
});
