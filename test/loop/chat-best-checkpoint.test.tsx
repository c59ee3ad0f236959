import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { ChatTester } from '../../src/app/chat/chat-tester.js';
import { bestScored } from '../../src/core/best-scored.js';
import { saveEvalScore } from '../../src/store/runs.js';
import { fakeClient, KEY, press, waitFor } from '../chat/fake-api.js';

afterEach(cleanup);

const FINAL = 'ft:babbage-002:org:t:1';
const STEP10 = `${FINAL}:ckpt-step-10`;
const STEP20 = `${FINAL}:ckpt-step-20`;
const job = {
  id: 'ftjob-1',
  model: 'babbage-002',
  dataFormat: 'prompt-completion' as const,
  separator: '\n\n###\n\n',
  stop: '\n',
  systemPrompt: null,
};

/** A data home whose evals.json holds these scores, as `eval --checkpoints` or the panel's x left it. */
async function scored(scores: ReadonlyArray<readonly [string, number]>): Promise<NodeJS.ProcessEnv> {
  const env = { FINE_TUNE_HOME: mkdtempSync(join(tmpdir(), 'ft-best-')) };
  for (const [model, score] of scores) {
    await saveEvalScore(
      {
        model,
        file: '/d/t_valid.jsonl',
        kind: 'generation',
        score,
        metric: 'exact match',
        examples: 10,
        at: 1,
      },
      env,
    );
  }
  return env;
}

describe("the chat tester's best checkpoint", () => {
  it('marks the best of the scored checkpoints in the model switcher and switches to it with b', async () => {
    const env = await scored([
      [STEP10, 0.6],
      [STEP20, 0.9],
      [FINAL, 0.7],
    ]);
    const { client, calls } = fakeClient(() => ({ chunks: ['x'] }), [STEP10, STEP20]);
    const ui = render(<ChatTester connection={{ client }} model={FINAL} jobRecord={job} env={env} />);
    await press(ui, KEY.ctrl('o'));
    await waitFor(() =>
      expect(ui.lastFrame()).toContain('step 20 scored best: 90.0% exact match on t_valid.jsonl'),
    );
    const rows = (ui.lastFrame() ?? '').split('\n');
    expect(rows.filter((r) => r.includes('★ best'))).toHaveLength(1);
    expect(rows.find((r) => r.includes('★ best'))).toContain('ckpt-step-20');
    expect(ui.lastFrame()).toContain('b best checkpoint');
    await press(ui, 'b');
    await waitFor(() => expect(ui.lastFrame()).toContain(`now talking to ${STEP20}`));
    await press(ui, 'hi');
    await press(ui, KEY.enter);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.body).toMatchObject({ model: STEP20 });
  });

  it('offers no best (nor b) while fewer than two of the job’s models were scored', async () => {
    const env = await scored([[FINAL, 0.7]]);
    const { client } = fakeClient(() => ({ chunks: ['x'] }), [STEP10, STEP20]);
    const ui = render(<ChatTester connection={{ client }} model={FINAL} jobRecord={job} env={env} />);
    await press(ui, KEY.ctrl('o'));
    await waitFor(() => expect(ui.lastFrame()).toContain('ckpt-step-10'));
    expect(ui.lastFrame()).not.toContain('★');
    expect(ui.lastFrame()).not.toContain('b best');
    await press(ui, 'b');
    await press(ui, KEY.down);
    expect(ui.lastFrame()).toContain('any model id');
  });
});

describe('bestScored', () => {
  const at = (file: string, score: number, when: number) => ({ file, score, metric: 'accuracy', at: when });
  it('compares only scores on the file scored last, ties to the oldest checkpoint', () => {
    const scores = new Map([
      ['a', at('v.jsonl', 0.8, 2)],
      ['b', at('v.jsonl', 0.8, 2)],
      ['c', at('other.jsonl', 0.99, 1)],
      ['d', at('v.jsonl', 0.5, 2)],
    ]);
    expect(bestScored(['a', 'b', 'c', 'd'], scores)).toMatchObject({ model: 'a', score: 0.8 });
    expect(bestScored(['d', 'b'], scores)?.model).toBe('b');
    expect(bestScored(['c', 'd'], scores)).toBeNull();
  });
});
