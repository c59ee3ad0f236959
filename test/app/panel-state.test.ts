import { describe, expect, it } from 'vitest';
import type { FineTuningJobEvent } from '../../src/api/jobs.js';
import {
  applyUpdate,
  etaSeconds,
  initialPanel,
  isFinal,
  progressOf,
  type Panel,
} from '../../src/app/state/panel.js';
import { RECORD, job } from './job-fixtures.js';

// The live job panel as data: how batches of events become metrics, checkpoints and a scroll
// position, and the progress and time left it shows. Panels are built inside each test.

const T0 = 1_800_000_000;
const metric = (step: number, at = T0 + step, total: number | null = 100): FineTuningJobEvent =>
  ({
    id: `m${step}-${at}`,
    object: 'fine_tuning.job.event',
    created_at: at,
    level: 'info',
    message: `Step ${step}`,
    type: 'metrics',
    data: { step, ...(total === null ? {} : { total_steps: total }), train_loss: 1 },
  }) as FineTuningJobEvent;
const note = (id: string, message: string, at: number, data: unknown = null): FineTuningJobEvent =>
  ({
    id,
    object: 'fine_tuning.job.event',
    created_at: at,
    level: 'info',
    message,
    type: 'message',
    data,
  }) as FineTuningJobEvent;
const panel = (status = 'running'): Panel => initialPanel(RECORD, job({ status: status as never }));

describe('updates', () => {
  it('opens connecting, on the loss chart, with nothing yet', () => {
    expect(panel()).toMatchObject({
      events: [],
      metrics: [],
      checkpoints: [],
      follow: { state: 'connecting' },
      chart: 'loss',
      scroll: 0,
      overlay: 'none',
      pending: null,
      notice: null,
      classification: null,
    });
  });

  it('adds new events once: a replay of known or older events counts nothing twice', () => {
    const one = applyUpdate(panel(), { events: [metric(1), metric(2)] });
    expect(one.metrics.map((m) => m.step)).toEqual([1, 2]);
    const again = applyUpdate(one, { events: [metric(1), metric(2), metric(3)] });
    expect(again.events.map((e) => e.id)).toEqual(['m1-1800000001', 'm2-1800000002', 'm3-1800000003']);
    expect(again.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    // Older than the newest, with a new id: history already shown.
    const old = applyUpdate(again, { events: [note('x', 'late', T0)] });
    expect(old.events).toBe(again.events);
    // At the same second as the newest: new.
    expect(applyUpdate(again, { events: [note('y', 'same', T0 + 3)] }).events).toHaveLength(4);
  });

  it('keeps the last 500 events', () => {
    const many = Array.from({ length: 510 }, (_, i) => note(`n${i}`, 'x', T0 + i));
    const p = applyUpdate(panel(), { events: many });
    expect(p.events).toHaveLength(500);
    expect(p.events[0]?.id).toBe('n10');
  });

  it('a resumed job drops the metrics after the step it resumed from', () => {
    const p = applyUpdate(panel(), { events: [metric(1), metric(2), metric(3)] });
    const resumed = applyUpdate(p, {
      events: [note('r', 'resumed', T0 + 10, { resumed_from_step: 2 }), metric(3, T0 + 11)],
    });
    expect(resumed.metrics.map((m) => m.step)).toEqual([1, 2, 3]);
    const back = applyUpdate(p, { events: [note('r', 'resumed', T0 + 10, { resumed_from_step: 1 })] });
    expect(back.metrics.map((m) => m.step)).toEqual([1]);
  });

  it('collects checkpoints from the events, sorted; the final list replaces them', () => {
    const p = applyUpdate(panel(), {
      events: [
        note('c2', 'Checkpoint created at step 20', T0 + 1),
        note('c1', 'checkpoint created at step 10', T0 + 2),
      ],
    });
    expect(p.checkpoints).toEqual([10, 20]);
    expect(applyUpdate(p, { checkpoints: [30, 5] }).checkpoints).toEqual([5, 30]);
    expect(applyUpdate(p, {}).checkpoints).toEqual([10, 20]);
  });

  it('takes the job, follow state, notice and classification sent, keeps the others', () => {
    const p = panel();
    const next = applyUpdate(p, {
      job: job({ status: 'succeeded' }),
      follow: { state: 'live' } as never,
      notice: { kind: 'network', message: 'x' } as never,
      classification: { accuracy: 1 } as never,
    });
    expect(next).toMatchObject({
      job: { status: 'succeeded' },
      follow: { state: 'live' },
      notice: { message: 'x' },
      classification: { accuracy: 1 },
    });
    const same = applyUpdate(next, {});
    expect(same).toMatchObject({
      job: next.job,
      follow: next.follow,
      notice: next.notice,
      classification: next.classification,
    });
  });

  it('a scrolled-back view stays on its events as new ones arrive; at the bottom it follows', () => {
    const p = applyUpdate(panel(), { events: [metric(1), metric(2), metric(3)] });
    expect(applyUpdate({ ...p, scroll: 1 }, { events: [metric(4)] }).scroll).toBe(2);
    expect(applyUpdate({ ...p, scroll: 2 }, { events: [metric(4), metric(5)] }).scroll).toBe(4);
    expect(applyUpdate({ ...p, scroll: 2 }, { events: [metric(4), metric(5), metric(6)] }).scroll).toBe(5);
    expect(applyUpdate(p, { events: [metric(4)] }).scroll).toBe(0);
  });
});

describe('what the panel shows', () => {
  it('is final once the job ended', () => {
    expect(isFinal(panel('succeeded'))).toBe(true);
    expect(isFinal(panel('running'))).toBe(false);
  });

  it('progress is the latest step of the latest known total', () => {
    expect(progressOf(panel())).toBeNull();
    const p = applyUpdate(panel(), { events: [metric(1, T0 + 1, 80), metric(2, T0 + 2, null)] });
    expect(progressOf(p)).toEqual({ step: 2, total: 80 });
    const none = applyUpdate(panel(), { events: [metric(1, T0 + 1, null)] });
    expect(progressOf(none)).toEqual({ step: 1, total: null });
  });

  it('time left from the pace between the first and latest metrics, only while running', () => {
    // Steps 10 → 30 in 40 s: 2 s a step, 70 steps left.
    const p = applyUpdate(panel(), {
      events: [note('a', 'start', T0), metric(10, T0 + 10), metric(30, T0 + 50)],
    });
    expect(etaSeconds(p)).toBe(140);
    expect(etaSeconds({ ...p, job: job({ status: 'paused' as never }) })).toBeNull();
    expect(etaSeconds(panel())).toBeNull();
    const one = applyUpdate(panel(), { events: [metric(10, T0 + 10)] });
    expect(etaSeconds(one)).toBeNull();
    const noTotal = applyUpdate(panel(), { events: [metric(10, T0 + 10, null), metric(30, T0 + 50, null)] });
    expect(etaSeconds(noTotal)).toBeNull();
    const sameSecond = applyUpdate(panel(), { events: [metric(10, T0 + 10), metric(30, T0 + 10)] });
    expect(etaSeconds(sameSecond)).toBeNull();
  });
});
