import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ChatTester } from '../../src/app/chat/chat-tester.js';
import { fakeClient, KEY, press, waitFor } from '../chat/fake-api.js';

afterEach(cleanup);

function jobWithData(rows: readonly object[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ft-correct-'));
  const path = join(dir, 'd_prepared_train.jsonl');
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return {
    corrections: join(dir, 'd_prepared_corrections.jsonl'),
    job: {
      id: 'ftjob-1',
      model: 'babbage-002',
      dataFormat: 'prompt-completion' as const,
      separator: '\n\n###\n\n',
      stop: null,
      systemPrompt: null,
      trainingFile: { path },
    },
  };
}

describe('correcting an answer in the chat tester', () => {
  it('offers ^f once there is an answer, prefills it, and saves the edit in the data format', async () => {
    const { job, corrections } = jobWithData([
      { prompt: 'a\n\n###\n\n', completion: ' food' },
      { prompt: 'b\n\n###\n\n', completion: ' tech' },
    ]);
    const { client } = fakeClient(() => ({ chunks: [' spo', 'rts'] }));
    const ui = render(<ChatTester connection={{ client }} model="ft:babbage-002:org:t:1" jobRecord={job} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter send'));
    expect(ui.lastFrame()).not.toContain('^f fix answer');
    await press(ui, 'garlic soup');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('^f fix answer'));
    await press(ui, KEY.ctrl('f'));
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to: garlic soup'));
    expect(ui.lastFrame()).toContain('› sports');
    expect(ui.lastFrame()).toContain('enter save correction');
    // Wipe the prefilled answer (^u) and type the right one.
    await press(ui, KEY.ctrl('u'));
    await press(ui, 'food');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('1 correction saved for the next training run'));
    expect(readFileSync(corrections, 'utf8')).toBe(
      `${JSON.stringify({ prompt: 'garlic soup\n\n###\n\n', completion: ' food' })}\n`,
    );
  });

  it('leaves the corrections file alone on Esc, and never offers ^f without training data', async () => {
    const { job, corrections } = jobWithData([{ prompt: 'a\n\n###\n\n', completion: ' food' }]);
    const { client } = fakeClient(() => ({ chunks: [' sports'] }));
    const ui = render(<ChatTester connection={{ client }} model="ft:babbage-002:org:t:1" jobRecord={job} />);
    await press(ui, 'x');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('^f fix answer'));
    await press(ui, KEY.ctrl('f'));
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('enter send'));
    expect(() => readFileSync(corrections)).toThrow();
    cleanup();
    const bare = render(<ChatTester connection={{ client }} model="gpt-4o-mini" />);
    await press(bare, 'x');
    await press(bare, KEY.enter);
    await waitFor(() => expect(bare.lastFrame()).toContain('sports'));
    await waitFor(() => expect(bare.lastFrame()).toContain('enter send'));
    expect(bare.lastFrame()).not.toContain('^f');
    await press(bare, KEY.ctrl('f'));
    expect(bare.lastFrame()).not.toContain('The right answer');
  });
});
