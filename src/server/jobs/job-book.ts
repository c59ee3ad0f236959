/**
 * Jobs and their events in memory, persisted to `jobs/{id}/job.json` and `events.json`. Progress
 * arrives many times a second, so writes are batched (every 100 ms, or 1 s for long logs) and flushed at once
 * on status changes and on close.
 */
import { z } from 'zod';
import { nowSeconds } from '../state/ids.js';
import { JobEvent, JobState } from '../state/records.js';
import type { Store } from '../state/store.js';
import { EventClock, eventId, eventSequence } from './event-ids.js';

const EventList = z.array(JobEvent);

export class JobBook {
  private readonly states = new Map<string, JobState>();
  private readonly events = new Map<string, JobEvent[]>();
  private readonly dirty = new Set<string>();
  private readonly clock = new EventClock();
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Map<string, Set<(event: JobEvent) => void>>();
  /** The latest creation time handed out: two jobs created in one millisecond still sort. */
  private lastCreated = 0;

  constructor(private readonly store: Store) {
    for (const id of store.list('jobs')) {
      const state = store.readJson(`jobs/${id}/job.json`, JobState);
      if (!state) continue;
      this.states.set(id, state);
      this.lastCreated = Math.max(this.lastCreated, state.createdMs);
      const events = store.readJson(`jobs/${id}/events.json`, EventList) ?? [];
      for (const event of events) this.clock.seen(event.id);
      this.events.set(id, events);
    }
  }

  get(id: string): JobState | undefined {
    return this.states.get(id);
  }

  /** Newest first. */
  all(): JobState[] {
    return [...this.states.values()].sort((a, b) => b.createdMs - a.createdMs);
  }

  add(state: JobState): void {
    this.lastCreated = Math.max(this.lastCreated + 1, state.createdMs);
    state.createdMs = this.lastCreated;
    this.states.set(state.job.id, state);
    this.events.set(state.job.id, []);
    this.save(state.job.id, true);
  }

  update(id: string, change: (state: JobState) => void, now = false): void {
    const state = this.states.get(id);
    if (!state) return;
    change(state);
    this.save(id, now);
  }

  event(
    id: string,
    message: string,
    extra: { level?: JobEvent['level']; data?: Record<string, unknown>; type?: JobEvent['type'] } = {},
  ): void {
    const list = this.events.get(id);
    if (!list) return;
    const event: JobEvent = {
      object: 'fine_tuning.job.event',
      id: eventId(this.clock.next()),
      created_at: nowSeconds(),
      level: extra.level ?? 'info',
      message,
      type: extra.type ?? (extra.data ? 'metrics' : 'message'),
      data: extra.data ?? {},
    };
    list.push(event);
    this.save(id, false);
    for (const listener of this.listeners.get(id) ?? []) listener(event);
  }

  /** Calls `listener` with each event of job `id` from now on; returns the way to stop. */
  listen(id: string, listener: (event: JobEvent) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    this.listeners.set(id, set.add(listener));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /**
   * A job resuming from the checkpoint at `step` will log the later steps again: their metrics
   * events (and checkpoint messages) go, so each step appears once in the log.
   */
  dropEventsAfter(id: string, step: number): void {
    const list = this.events.get(id);
    if (!list) return;
    const kept = list.filter((event) => {
      // Metrics and epoch messages carry their step (older logs: only in the checkpoint message).
      const at = Number(
        event.data?.step ?? /^Checkpoint created at step (\d+)$/.exec(event.message)?.[1] ?? 0,
      );
      return !(at > step);
    });
    this.events.set(id, kept);
    this.save(id, false);
  }

  removeSnapshot(id: string, name: string): void {
    this.store.remove(`jobs/${id}/${name}`);
  }

  /** Newest first. */
  listEvents(id: string): JobEvent[] {
    return [...(this.events.get(id) ?? [])].reverse();
  }

  /** Where a page of `listEvents` starts after an event that is no longer there: the older ones. */
  static olderThan(events: readonly JobEvent[], after: string): number | undefined {
    const sequence = eventSequence(after);
    if (sequence === undefined) return undefined;
    const index = events.findIndex((event) => (eventSequence(event.id) ?? 0) < sequence);
    return index < 0 ? events.length : index;
  }

  private save(id: string, now: boolean): void {
    this.dirty.add(id);
    if (now) return this.flush();
    // Long event logs are rewritten less often: each write is the whole file.
    const delay = (this.events.get(id)?.length ?? 0) > 2000 ? 1000 : 100;
    this.timer ??= setTimeout(() => this.flush(), delay).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.dirty) {
      const state = this.states.get(id);
      if (!state) continue;
      // Events first: a kill between the two writes leaves events past the job's last checkpoint,
      // which recovery drops, rather than a checkpoint whose steps' events were never written.
      this.store.writeJson(`jobs/${id}/events.json`, this.events.get(id) ?? []);
      this.store.writeJson(`jobs/${id}/job.json`, state);
    }
    this.dirty.clear();
  }
}
