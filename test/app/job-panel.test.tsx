import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { FineTuningJobEvent } from '../../src/api/jobs.js';
import { plotChart } from '../../src/core/chart-grid.js';
import { applyUpdate, initialPanel } from '../../src/app/state/panel.js';
import { JobPanel } from '../../src/app/screens/job-panel.js';
import { job, jobState, openApp, quietProvider, RECORD } from './job-harness.js';
import { KEY, press, waitFor } from './helpers.js';

afterEach(cleanup);

let n = 0;
function event(message: string, extra: Partial<FineTuningJobEvent> = {}): FineTuningJobEvent {
  n += 1;
  return {
    id: `ftevent-${n}`,
    object: 'fine_tuning.job.event',
    created_at: 1_800_000_000 + n,
    level: 'info',
    message,
    type: 'message',
    ...extra,
  } as FineTuningJobEvent;
}

function metrics(step: number, total: number, loss: number, valid: number): FineTuningJobEvent {
  return event(`Step ${step}/${total}: training loss=${loss.toFixed(4)}`, {
    type: 'metrics',
    data: {
      step,
      total_steps: total,
      train_loss: loss,
      valid_loss: valid,
      train_mean_token_accuracy: 1 - loss / 3,
    },
  });
}

function open(state = jobState()) {
  return openApp(state, quietProvider());
}

describe('the job panel', () => {
  it('draws progress, the loss chart and the latest events from a sequence of updates', async () => {
    const { ui, dispatch } = open();
    dispatch({
      type: 'job-update',
      update: { follow: { state: 'live' }, events: [event('Fine-tuning job started')] },
    });
    const steps = Array.from({ length: 50 }, (_, i) => metrics(i + 1, 100, 2 - i * 0.03, 2.1 - i * 0.025));
    dispatch({ type: 'job-update', update: { events: steps.slice(0, 25) } });
    dispatch({
      type: 'job-update',
      update: { events: [...steps.slice(25), event('Checkpoint created at step 50')] },
    });
    await waitFor(() => expect(ui.lastFrame()).toContain('step 50/100'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain(' 50%');
    expect(frame).toContain('● running');
    expect(frame).toMatch(/train 0\.530 ━ validation 0\.875/);
    expect(
      frame
        .split('\n')
        .filter((line) => line.includes('┤'))
        .join(''),
    ).toMatch(/[▘▝▀▖▌▞▛▗▚▐▜▄▙▟█]/); // the chart's quadrant blocks
    expect(frame).toContain('2.100 ┤');
    expect(frame).toContain('1 checkpoint (step 50)');
    expect(frame).toContain('· Checkpoint created at step 50');
    expect(frame).toMatch(/ETA 0:5\d/);
    // The whole frame fits an 80×24 terminal, one line short so Ink never scrolls it.
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toContain('Accuracy'));
    await press(ui, KEY.up);
    await waitFor(() => expect(ui.lastFrame()).toContain('(1 newer below)'));
  });

  it('shows the classification metrics of a finished job that computed them, and nothing otherwise', async () => {
    const { ui, dispatch } = open();
    const done = job({ status: 'succeeded', fine_tuned_model: 'ada:ft-local:topics-2026-01-02-03-04-05' });
    dispatch({ type: 'job-update', update: { job: done, follow: { state: 'done', status: 'succeeded' } } });
    await waitFor(() => expect(ui.lastFrame()).toContain('Model ada:ft-local:topics'));
    expect(ui.lastFrame()).not.toContain('Classification');
    const classification = {
      step: 120,
      metrics: [
        ['accuracy', 0.95],
        ['precision', 0.9],
        ['f1.0', 0.9473],
      ] as const,
    };
    dispatch({ type: 'job-update', update: { classification } });
    await waitFor(() =>
      expect(ui.lastFrame()).toContain(
        'Classification (step 120) accuracy 0.950 · precision 0.900 · f1.0 0.947',
      ),
    );
    expect((ui.lastFrame() ?? '').split('\n').length).toBeLessThanOrEqual(23);
  });

  it('says when it is reconnecting, and when it is live again', async () => {
    const { ui, dispatch } = open();
    const error = {
      kind: 'server',
      message: 'The API had a problem (502).',
      hint: '',
      retryable: true,
    } as const;
    dispatch({
      type: 'job-update',
      update: { follow: { state: 'reconnecting', attempt: 2, retryInMs: 2000, error, failingForMs: 4000 } },
    });
    await waitFor(() =>
      expect(ui.lastFrame()).toContain(
        'Reconnecting (attempt 2, next try in 2 s): The API had a problem (502).',
      ),
    );
    dispatch({ type: 'job-update', update: { follow: { state: 'live' } } });
    await waitFor(() => expect(ui.lastFrame()).not.toMatch(/reconnecting/i));
  });

  it('shows the error code, message, field at fault and what to do when the job fails', async () => {
    const { ui, dispatch } = open();
    const failed = job({
      status: 'failed',
      error: {
        code: 'invalid_training_file',
        message: 'Line 12: the completion is missing.',
        param: 'training_file',
      },
    });
    dispatch({ type: 'job-update', update: { job: failed, follow: { state: 'done', status: 'failed' } } });
    await waitFor(() => expect(ui.lastFrame()).toContain('The job failed (invalid_training_file)'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('Line 12: the completion is missing.');
    expect(frame).toContain('At fault: training_file');
    expect(frame).toContain('Fix the line named above');
    expect(frame).toContain('✗ failed');
    // A failed job cannot be cancelled any more: the footer offers no cancel.
    expect(frame).not.toContain('c cancel');
  });

  it('asks before cancelling, keeps the job on n, and sends the cancel on y', async () => {
    const { ui } = open();
    await press(ui, 'c');
    await waitFor(() => expect(ui.lastFrame()).toContain('Cancel job ftjob-test1?'));
    expect(ui.lastFrame()).toContain('y cancel the job · n keep it running');
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('Cancel job'));
    await press(ui, 'c');
    await waitFor(() => expect(ui.lastFrame()).toContain('Cancel job ftjob-test1?'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('✗ cancelled'));
    expect(ui.lastFrame()).not.toContain('Cancel job');
    expect(ui.lastFrame()).not.toContain('c cancel');
  });

  it('prints the follow command when detached from a running job', async () => {
    const { ui, exits } = open();
    await press(ui, 'd');
    await waitFor(() => expect(exits).toHaveLength(1));
    expect(exits[0]).toContain('fine-tune follow ftjob-test1');
    expect(exits[0]).toContain('goes on (running)');
  });

  it('offers the chat tester once the job succeeded', async () => {
    const { ui, dispatch } = open();
    dispatch({
      type: 'job-update',
      update: {
        job: job({
          status: 'succeeded',
          fine_tuned_model: 'ft:local-small:local:tickets:abc',
          trained_tokens: 1234,
        }),
      },
    });
    await waitFor(() => expect(ui.lastFrame()).toContain('Model ft:local-small:local:tickets:abc'));
    expect(ui.lastFrame()).toContain('Trained tokens 1,234');
    expect(ui.lastFrame()).toContain('t chat tester');
    expect(ui.lastFrame()).toContain('✓ succeeded');
  });
});

it('pauses and resumes a running job with p', async () => {
  const { ui } = open();
  await press(ui, 'p');
  await waitFor(() => expect(ui.lastFrame()).toContain('● paused'));
  await press(ui, 'p');
  await waitFor(() => expect(ui.lastFrame()).toContain('● running'));
});

it('drops the points after the step a resumed job went back to', () => {
  const panel = applyUpdate(initialPanel(RECORD, job()), {
    events: [1, 2, 3, 4].map((step) => metrics(step, 10, 1, 1)),
  });
  const resumed = applyUpdate(panel, {
    events: [
      event('Fine-tuning job started again at step 2', { data: { resumed_from_step: 2 } }),
      metrics(3, 10, 0.5, 0.5),
    ],
  });
  expect(resumed.metrics.map((m) => [m.step, m.trainLoss])).toEqual([
    [1, 1],
    [2, 1],
    [3, 0.5],
  ]);
});

describe('the chart without colours (NO_COLOR)', () => {
  it('draws the validation loss with dots and says so in the legend; with colours both are lines', () => {
    const steps = Array.from({ length: 40 }, (_, i) => metrics(i + 1, 40, 2 - i * 0.04, 2.4 - i * 0.01));
    const panel = applyUpdate(initialPanel(RECORD, job({ status: 'running' })), { events: steps });
    const chartLines = (frame: string) => frame.split('\n').filter((line) => line.includes('┤'));
    const plain =
      render(<JobPanel panel={panel} width={80} height={19} hideClock monochrome />).lastFrame() ?? '';
    expect(plain).toMatch(/▀ train \d\.\d{3} • validation \d\.\d{3}/);
    const cells = chartLines(plain).join('');
    expect(cells).toContain('•');
    expect(cells).toMatch(/[▘▝▀▖▌▞▛▗▚▐▜▄▙▟█]/);
    const coloured =
      render(<JobPanel panel={panel} width={80} height={19} hideClock monochrome={false} />).lastFrame() ??
      '';
    expect(coloured).toMatch(/━ train \d\.\d{3} ━ validation/);
    expect(chartLines(coloured).join('')).not.toContain('•');
  });
});

describe('the chart grid', () => {
  it('puts a falling series high on the left and low on the right', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({ step: i + 1, value: 40 - i }));
    const grid = plotChart([points], { width: 20, height: 4, lastStep: 40 });
    expect(grid.min).toBe(1);
    expect(grid.max).toBe(40);
    expect(grid.rows[0]?.[0]?.series).toBe(0);
    expect(grid.rows[0]?.[19]?.char).toBe(' ');
    expect(grid.rows[3]?.[19]?.series).toBe(0);
    expect(grid.rows[3]?.[0]?.char).toBe(' ');
  });

  it('leaves the part of the x axis not reached yet empty', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, value: i % 2 }));
    const grid = plotChart([points], { width: 20, height: 3, lastStep: 100 });
    const filled = grid.rows.map((row) => row.findLastIndex((cell) => cell.char !== ' '));
    expect(Math.max(...filled)).toBeLessThanOrEqual(1);
  });
});
