import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ChatTester } from '../../src/app/chat/chat-tester.js';
import { KEY, press, waitFor } from './fake-api.js';
import { SEPARATOR, trainTopics, type TrainedTopics } from './local-model.js';

let t: TrainedTopics;
beforeAll(async () => {
  // Paced streaming (a piece every 50 ms), so a reply can be stopped halfway.
  t = await trainTopics({ streamDelayMs: 50 });
});
afterAll(async () => t?.close());
afterEach(cleanup);

function tester() {
  const jobRecord = {
    id: t.jobId,
    model: 'local-small',
    dataFormat: 'prompt-completion' as const,
    separator: SEPARATOR,
    stop: null,
    systemPrompt: null,
  };
  return render(
    <ChatTester
      connection={{ client: t.client }}
      model={t.model}
      jobRecord={jobRecord}
      settings={{ temperature: 0 }}
    />,
  );
}

describe('ChatTester on the local provider', () => {
  it('answers with the trained label once the separator is applied, and shows the prompt sent', async () => {
    const ui = tester();
    expect(ui.lastFrame()).toContain('separator "\\n\\n###\\n\\n"');
    await press(ui, KEY.ctrl('p'));
    await press(ui, 'parliament minister law reform campaign');
    await press(ui, KEY.enter);
    // The reply is " politics"; shown under the model's name, without its leading space.
    await waitFor(() => expect(ui.lastFrame()).toMatch(/^politics$/m));
    expect(ui.lastFrame()).toContain('sent: "parliament minister law reform campaign\\n\\n###\\n\\n"');
  });

  it('streams the fine-tuned and the base model side by side in compare mode', async () => {
    const ui = tester();
    await press(ui, KEY.ctrl('r'));
    await waitFor(() => expect(ui.lastFrame()).toContain('vs local-small'));
    await press(ui, 'browser code device chip encryption');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('untrained'));
    await waitFor(() => expect(ui.lastFrame()).toMatch(/^tech\b/m));
    expect(ui.lastFrame()).toContain('base local-small');
  });

  it('stops a streaming reply with Esc, keeping the words that arrived', async () => {
    const ui = tester();
    await press(ui, KEY.ctrl('o'));
    await waitFor(() => expect(ui.lastFrame()).toContain('base model'));
    for (let i = 0; i < 6; i++) await press(ui, KEY.down);
    await press(ui, KEY.up); // the base model: the row above "any model id"
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('now talking to local-small'));
    await press(ui, 'hello');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('generating'));
    await waitFor(() => expect(ui.lastFrame()).toContain('I am'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('[stopped]'));
    expect(ui.lastFrame()).not.toContain('useful answers');
  });

  it('offers each checkpoint of the job in the model switcher', async () => {
    const ui = tester();
    await press(ui, KEY.ctrl('o'));
    await waitFor(() => expect(ui.lastFrame()).toMatch(/ckpt-step-\d+/));
    await press(ui, KEY.down);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/now talking to .*:ckpt-step-\d+/));
  });
});
