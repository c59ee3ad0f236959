import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ChatTester } from '../../src/app/chat/chat-tester.js';
import { fakeClient, KEY, press, waitFor } from './fake-api.js';

afterEach(cleanup);

const completionJob = {
  id: 'ftjob-1',
  model: 'babbage-002',
  dataFormat: 'prompt-completion' as const,
  separator: '\n\n###\n\n',
  stop: '\n',
  systemPrompt: null,
};

async function type(ui: ReturnType<typeof render>, text: string) {
  await press(ui, text);
  await press(ui, KEY.enter);
}

describe('ChatTester', () => {
  it('streams a reply with a generating state, then moves the exchange to the transcript', async () => {
    const { client, calls } = fakeClient(() => ({ chunks: [' spo', 'rts'], hang: true }));
    const ui = render(
      <ChatTester connection={{ client }} model="ft:babbage-002:org:t:1" jobRecord={completionJob} />,
    );
    await type(ui, 'the match went to penalties');
    await waitFor(() => expect(ui.lastFrame()).toContain('sports'));
    expect(ui.lastFrame()).toContain('generating');
    expect(ui.lastFrame()).toContain('esc stop reply');
    // The separator and stop sequence come from the job record, shown escaped.
    expect(ui.lastFrame()).toContain('separator "\\n\\n###\\n\\n" · stop "\\n"');
    expect(calls[0]?.path).toBe('/v1/completions');
    expect(calls[0]?.body).toMatchObject({
      prompt: 'the match went to penalties\n\n###\n\n',
      stop: ['\n'],
      stream: true,
    });
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('[stopped]'));
    expect(ui.lastFrame()).not.toContain('generating');
    expect(ui.lastFrame()).toContain('enter send');
  });

  it('quits on Ctrl+C while a reply streams and on Ctrl+D when idle', async () => {
    const { client } = fakeClient(() => ({ chunks: [' spo', 'rts'], hang: true }));
    let quits = 0;
    const ui = render(
      <ChatTester
        connection={{ client }}
        model="ft:babbage-002:org:t:1"
        jobRecord={completionJob}
        onExit={() => (quits += 1)}
      />,
    );
    await type(ui, 'the match went to penalties');
    await waitFor(() => expect(ui.lastFrame()).toContain('generating'));
    await press(ui, KEY.ctrl('c'));
    await waitFor(() => expect(quits).toBe(1));
    cleanup();
    const idle = render(
      <ChatTester connection={{ client }} model="gpt-4o-mini" onExit={() => (quits += 1)} />,
    );
    await waitFor(() => expect(idle.lastFrame()).toContain('enter send'));
    await press(idle, KEY.ctrl('d'));
    await waitFor(() => expect(quits).toBe(2));
  });

  it('shows the exact prompt sent when the prompt toggle is on', async () => {
    const { client } = fakeClient(() => ({ chunks: [' food'] }));
    const ui = render(
      <ChatTester connection={{ client }} model="ft:babbage-002:org:t:1" jobRecord={completionJob} />,
    );
    await press(ui, KEY.ctrl('p'));
    await type(ui, 'garlic soup');
    await waitFor(() => expect(ui.lastFrame()).toContain('sent: "garlic soup\\n\\n###\\n\\n"'));
  });

  it('sends the same prompt to the base model side by side in compare mode', async () => {
    const base = ' base-answer and a few more words that wrap onto a second line of the column';
    const { client, calls } = fakeClient((call) => ({
      chunks: [call.body.model === 'babbage-002' ? base : ' tuned-answer'],
    }));
    const ui = render(
      <ChatTester connection={{ client }} model="ft:babbage-002:org:t:1" jobRecord={completionJob} />,
    );
    await press(ui, KEY.ctrl('r'));
    await waitFor(() => expect(ui.lastFrame()).toContain('vs babbage-002'));
    await type(ui, 'hello');
    await waitFor(() => expect(ui.lastFrame()).toContain('base-answer'));
    await waitFor(() => expect(ui.lastFrame()).toContain('tuned-answer'));
    const models = calls.filter((c) => c.path === '/v1/completions').map((c) => c.body.model);
    expect(models.sort()).toEqual(['babbage-002', 'ft:babbage-002:org:t:1']);
    expect(new Set(calls.map((c) => c.body.prompt))).toEqual(new Set(['hello\n\n###\n\n']));
    // Each column's text starts where its model's name does, first line and wrapped lines alike.
    await waitFor(() => expect(ui.lastFrame()).not.toContain('generating'));
    const lines = (ui.lastFrame() ?? '').split('\n');
    const header = lines.find((l) => l.includes('base babbage-002')) ?? '';
    const column = header.indexOf('base babbage-002');
    const body = lines.slice(lines.indexOf(header) + 1).filter((l) => l.length > column && l.trim() !== '');
    expect(body[0]?.indexOf('tuned-answer')).toBe(0);
    expect(body[0]?.indexOf('base-answer')).toBe(column);
    expect(body[1]?.search(/\S/)).toBe(column);
  });

  // The job's new model, or one a pending job recorded here made though no record names it yet.
  it.each([
    ['its job record', { jobRecord: completionJob }],
    ['a pending job recorded here', { madeHere: true, flags: { separator: ' ->' } }],
  ])('retries a fine-tuned model that answers 404 with a countdown, then streams (%s)', async (_, made) => {
    const { client, calls } = fakeClient((_call, i) =>
      i < 1 ? { status: 404 } : { chunks: [' ready now'] },
    );
    const ui = render(
      <ChatTester
        connection={{ client }}
        model="ft:babbage-002:org:t:1"
        notReadyDelaysMs={[1500]}
        {...made}
      />,
    );
    await type(ui, 'hi');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/not ready yet \(404\): retrying in [12]s/));
    await waitFor(() => expect(ui.lastFrame()).toContain('ready now'), 5000);
    expect(calls).toHaveLength(2);
  });

  it('says at once that a mistyped model id does not exist, with the nearest ids, and never retries it', async () => {
    const models = ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'babbage-002', 'ft:gpt-4o-mini:org:tt:1'];
    // A fine-tuned model's id, one letter off: not the job's new model, so a 404 means it does not exist.
    const typo = 'ft:gpt-4o-mini:org:t:1';
    const { client, calls, lists } = fakeClient(
      (call) => (call.body.model === typo ? { status: 404 } : { chunks: ['ok'] }),
      [],
      models,
    );
    const ui = render(
      <ChatTester
        connection={{ client }}
        model="ft:gpt-4o-mini:org:tt:1"
        jobRecord={{ ...completionJob, model: 'gpt-4o-mini', dataFormat: 'chat' as const }}
        notReadyDelaysMs={[60_000]}
      />,
    );
    await press(ui, KEY.ctrl('o'));
    await waitFor(() => expect(ui.lastFrame()).toContain('any model id'));
    for (let i = 0; i < 2; i++) await press(ui, KEY.down);
    await press(ui, KEY.enter);
    await press(ui, typo);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain(`now talking to ${typo}`));
    await type(ui, 'hello');
    await waitFor(() => expect(ui.lastFrame()).toContain('does not exist on this provider'));
    expect(ui.lastFrame()?.replace(/\n/g, '')).toContain('Did you mean ft:gpt-4o-mini:org:tt:1?');
    expect(ui.lastFrame()).not.toContain('not ready');
    // One request, one look at the list: no wait of 60 s, no second try.
    expect(calls).toHaveLength(1);
    expect(lists()).toBe(1);
  });

  it('says "stop none" for a classifier, whose one-token label needs no stop sequence', () => {
    const { client } = fakeClient(() => ({ chunks: [' a'] }));
    const ui = render(
      <ChatTester
        connection={{ client }}
        model="ft:babbage-002:org:t:1"
        jobRecord={{ ...completionJob, separator: ' ->', stop: null }}
      />,
    );
    expect(ui.lastFrame()).toContain('separator " ->" · stop none · temperature');
  });

  it('prefills the training system prompt for chat models and keeps the conversation', async () => {
    const { client, calls } = fakeClient(() => ({ chunks: ['Hi!'] }));
    const chatJob = {
      ...completionJob,
      model: 'gpt-4o-mini',
      dataFormat: 'chat' as const,
      separator: null,
      stop: null,
      systemPrompt: 'You are terse.',
    };
    const ui = render(
      <ChatTester connection={{ client }} model="ft:gpt-4o-mini:org:t:1" jobRecord={chatJob} />,
    );
    expect(ui.lastFrame()).toContain('system prompt "You are terse."');
    await type(ui, 'one');
    await waitFor(() => expect(ui.lastFrame()).toContain('Hi!'));
    await type(ui, 'two');
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.path).toBe('/v1/chat/completions');
    expect(calls[1]?.body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'two' },
    ]);
  });

  it('edits settings and switches to any model id', async () => {
    const { client, calls } = fakeClient(() => ({ chunks: ['x'] }));
    const ui = render(<ChatTester connection={{ client }} model="ft:gpt-4o-mini:org:t:1" />);
    await press(ui, KEY.ctrl('t'));
    await waitFor(() => expect(ui.lastFrame()).toContain('Settings'));
    await press(ui, KEY.enter); // edit temperature
    for (let i = 0; i < 3; i++) await press(ui, '\u007f');
    await press(ui, '0.2');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('temperature: 0.2'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('settings updated'));
    await press(ui, KEY.ctrl('o'));
    await waitFor(() => expect(ui.lastFrame()).toContain('any model id'));
    await press(ui, KEY.down);
    await press(ui, KEY.down);
    await press(ui, KEY.enter);
    await press(ui, 'gpt-4o');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('now talking to gpt-4o'));
    await type(ui, 'q');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.body).toMatchObject({ model: 'gpt-4o', temperature: 0.2 });
  });

  it('sends a line whose Enter arrives in the same chunk, but keeps the lines of a multi-line paste', async () => {
    const { client, calls } = fakeClient(() => ({ chunks: ['ok'] }));
    const ui = render(<ChatTester connection={{ client }} model="gpt-4o-mini" />);
    await press(ui, 'first\r');
    await waitFor(() => expect(calls).toHaveLength(1));
    await waitFor(() => expect(ui.lastFrame()).toContain('ok'));
    await press(ui, 'a\rb\r');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/› a\n\s+b/));
    expect(calls).toHaveLength(1);
  });

  it('writes a multi-line message and saves the transcript as JSONL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-save-'));
    const { client } = fakeClient(() => ({ chunks: ['ok'] }));
    const ui = render(<ChatTester connection={{ client }} model="gpt-4o-mini" saveDir={dir} />);
    await press(ui, 'line one');
    await press(ui, '\n');
    await press(ui, 'line two');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/line one\n\s+line two/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('ok'));
    await press(ui, KEY.ctrl('s'));
    await waitFor(() => expect(ui.lastFrame()).toContain('saved 1 exchange to'));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const lines = readFileSync(join(dir, files[0] ?? ''), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { role: 'user', content: 'line one\nline two' },
      expect.objectContaining({ role: 'assistant', model: 'gpt-4o-mini', content: 'ok', status: 'done' }),
    ]);
  });

  it('saves transcripts in the data directory, not in the working directory', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chat-home-'));
    vi.stubEnv('FINE_TUNE_HOME', home);
    try {
      const { client } = fakeClient(() => ({ chunks: ['ok'] }));
      const ui = render(<ChatTester connection={{ client }} model="gpt-4o-mini" />);
      await type(ui, 'hello');
      await waitFor(() => expect(ui.lastFrame()).toContain('ok'));
      await press(ui, KEY.ctrl('s'));
      await waitFor(() =>
        expect(ui.lastFrame()).toContain(`saved 1 exchange to ${join(home, 'transcripts')}`),
      );
      expect(readdirSync(join(home, 'transcripts'))).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
