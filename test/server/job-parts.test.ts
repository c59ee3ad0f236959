import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventClock, eventId, eventSequence } from '../../src/server/jobs/event-ids.js';
import { JobBook } from '../../src/server/jobs/job-book.js';
import { deletedMessage, say } from '../../src/server/jobs/messages.js';
import {
  checkpointName,
  isTunedName,
  legacyModelName,
  modelName,
  rootBase,
} from '../../src/server/jobs/names.js';
import { apiMetrics, resultsCsv } from '../../src/server/jobs/results-csv.js';
import { WorkerInput } from '../../src/server/jobs/protocol.js';
import { continuedModelDir, workerInput } from '../../src/server/jobs/worker-input.js';
import { workerUrl } from '../../src/server/jobs/worker-url.js';
import { FileBook } from '../../src/server/state/files.js';
import type { JobState, LegacySettings, Metrics } from '../../src/server/state/records.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir } from './helpers.js';
import { jobIn } from './state-server.js';

// The pieces of the local server's jobs that clients read without knowing it: event ids a cursor
// pages by, the wording of each API's events, model names, the results file, what a worker is told,
// and the job book that keeps all of it across a restart. Pure or on a temporary directory: no training.

afterEach(() => {
  vi.restoreAllMocks();
});

const legacy = (over: Partial<LegacySettings> = {}): LegacySettings => ({
  model: 'ada',
  prompt_loss_weight: 0.01,
  compute_classification_metrics: false,
  classification_n_classes: null,
  classification_positive_class: null,
  classification_betas: null,
  ...over,
});

describe('event ids', () => {
  it('encode their sequence so that ids sort as the events were logged', () => {
    const sequences = [0, 1, 61, 62, 3843, 1_765_000_000_000, 1_765_000_000_001];
    const ids = sequences.map(eventId);
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(/^ftevent-[0-9A-Za-z]{8}[A-Za-z0-9]{16}$/);
      expect(eventSequence(id)).toBe(sequences[i]);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(eventId(62).slice(8, 16)).toBe('00000010');
    expect(eventId(0).slice(8, 16)).toBe('00000000');
  });

  it('read no sequence from an id they did not make', () => {
    const good = eventId(5);
    expect(eventSequence(good.replace('ftevent-', 'ftevnt--'))).toBeUndefined();
    expect(eventSequence(`${good}x`)).toBeUndefined();
    expect(eventSequence(good.slice(0, -1))).toBeUndefined();
    expect(eventSequence(`ftevent-0000000-${'a'.repeat(16)}`)).toBeUndefined();
    expect(eventSequence(`ftevent-00000005${'-'.repeat(16)}`)).toBe(5);
  });

  it('come from a clock that follows time, never repeats, and continues past ids seen before', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1000);
    const clock = new EventClock();
    expect(clock.next()).toBe(1000);
    expect(clock.next()).toBe(1001); // faster than the clock
    now.mockReturnValue(5000);
    expect(clock.next()).toBe(5000);
    const restarted = new EventClock();
    restarted.seen(eventId(9000));
    restarted.seen(eventId(7000));
    restarted.seen('not-an-event-id');
    expect(restarted.next()).toBe(9001);
  });
});

describe('what a job says', () => {
  it("speaks like today's service for a fine_tuning job", () => {
    const s = say(jobIn('queued'));
    expect(s).toBe(say(undefined));
    expect(s.created('ftjob-1')).toBe('Created fine-tuning job: ftjob-1');
    expect(s.validating('file-1')).toBe('Validating training file: file-1');
    expect(s.validated(0)).toEqual(['Files validated, moving job to queued state']);
    expect(s.validated(1)).toEqual([
      'Files validated, moving job to queued state',
      'Waiting for the job in training: the local provider trains one job at a time.',
    ]);
    expect(s.started(0)).toBe('Fine-tuning job started');
    expect(s.started(40)).toBe('Fine-tuning job started again at step 40');
    expect(s.epoch(1, 3, 12)).toBe('Checkpoint created at step 12');
    expect(s.model('ft:m')).toBe('New fine-tuned model created: ft:m');
    expect(s.results('file-r')).toBeNull();
    expect(s.succeeded()).toBe('The job has successfully completed');
    expect(s.cancelled()).toBe('Fine-tuning job cancelled');
  });

  it('speaks like the old service for a job made through /fine-tunes', () => {
    const s = say({ legacy: legacy() });
    expect(s.created('ft-1')).toBe('Created fine-tune: ft-1');
    expect(s.validating('file-1')).toBeNull();
    expect(s.validated(2)).toEqual(['Fine-tune costs $0.00', 'Fine-tune enqueued. Queue number: 2']);
    expect(s.started(0)).toBe('Fine-tune started');
    expect(s.started(3)).toBe('Fine-tune started again at step 3');
    expect(s.epoch(2, 4, 10)).toBe('Completed epoch 2/4');
    expect(s.model('ada:ft-x')).toBe('Uploaded model: ada:ft-x');
    expect(s.results('file-r')).toBe('Uploaded result file: file-r');
    expect(s.succeeded()).toBe('Fine-tune succeeded');
    expect(s.cancelled()).toBe('Fine-tune cancelled');
  });

  it('says which file was deleted under a job', () => {
    expect(deletedMessage('validation', 'file-v')).toBe(
      'The validation file file-v was deleted before the job could read it; upload it again and create a new job.',
    );
  });
});

describe('model names', () => {
  it('are shaped as the service names fine-tunes and their checkpoints', () => {
    expect(modelName('local-small', 'mine', 'abc')).toBe('ft:local-small:local:mine:abc');
    expect(modelName('local-small', null, 'abc')).toBe('ft:local-small:local::abc');
    expect(checkpointName('ft:b:local::abc', 30)).toBe('ft:b:local::abc:ckpt-step-30');
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    expect(legacyModelName('ada', 'my-model', at)).toBe('ada:ft-local:my-model-2026-01-02-03-04-05');
    expect(legacyModelName('ada', null, at)).toBe('ada:ft-local-2026-01-02-03-04-05');
  });

  it('tell a fine-tune from a base, and find the base it grew from', () => {
    expect(isTunedName('ft:local-small:local::abc')).toBe(true);
    expect(isTunedName('ada:ft-local-2026-01-02-03-04-05')).toBe(true);
    expect(isTunedName('local-small')).toBe(false);
    expect(isTunedName('my:ft-x')).toBe(true);
    expect(isTunedName('My:ft-x')).toBe(false);
    expect(isTunedName('x ada:ft-local')).toBe(false);
    expect(rootBase('ft:local-small:local:x:abc')).toBe('local-small');
    expect(rootBase('ada:ft-local:x-2026')).toBe('ada');
    expect(rootBase('babbage-002')).toBe('babbage-002');
  });
});

describe('the results file', () => {
  const rows: Metrics[] = [
    { step: 1, train_loss: 2, train_mean_token_accuracy: 0.5, batch_tokens: 10, batch_examples: 2 },
    {
      step: 2,
      train_loss: 1.5,
      train_mean_token_accuracy: 0.6,
      valid_loss: 1.7,
      valid_mean_token_accuracy: 0.55,
      train_sequence_accuracy: 0,
      valid_sequence_accuracy: 0.5,
      batch_tokens: 12,
      batch_examples: 2,
      classification: { 'f0.5': 0.4, recall: 0.7, accuracy: 0.9, 'f1.0': 0.6 },
    },
    {
      step: 3,
      train_loss: 1,
      train_mean_token_accuracy: 0.7,
      classification: { weighted_f1_score: 6, auprc: 5, auroc: 4, recall: 3, precision: 2, accuracy: 1 },
    },
  ];
  const state = (over: Partial<JobState>): JobState => ({ ...jobIn('succeeded'), rows, ...over });

  it("has today's columns for a fine_tuning job, blank where a step has no value", () => {
    expect(resultsCsv(state({}))).toBe(
      'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,2,0.5,,\n2,1.5,0.6,1.7,0.55\n3,1,0.7,,\n',
    );
    expect(resultsCsv(state({ rows: [] }))).toBe(
      'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n',
    );
  });

  it("has the old guide's columns for a legacy job: running totals, then classification in the old order", () => {
    expect(
      resultsCsv(state({ legacy: legacy({ compute_classification_metrics: true }) })).split('\n'),
    ).toEqual([
      'step,elapsed_tokens,elapsed_examples,training_loss,training_sequence_accuracy,training_token_accuracy,' +
        'validation_loss,validation_sequence_accuracy,validation_token_accuracy,' +
        'classification/accuracy,classification/precision,classification/recall,classification/auroc,' +
        'classification/auprc,classification/weighted_f1_score,classification/f0.5,classification/f1.0',
      '1,10,2,2,,0.5,,,,,,,,,,,',
      '2,22,4,1.5,0,0.6,1.7,0.5,0.55,0.9,,0.7,,,,0.4,0.6',
      '3,22,4,1,,0.7,,,,1,2,3,4,5,6,,',
      '',
    ]);
    // A row without batch sizes adds nothing to the totals.
    const bare = resultsCsv(
      state({ legacy: legacy(), rows: [{ step: 1, train_loss: 1, train_mean_token_accuracy: 0 }] }),
    );
    expect(bare.split('\n')[1]).toBe('1,0,0,1,,0,,,');
  });

  it('keeps only the API fields in events and checkpoints', () => {
    expect(apiMetrics(rows[1] as Metrics)).toEqual({
      step: 2,
      train_loss: 1.5,
      train_mean_token_accuracy: 0.6,
      valid_loss: 1.7,
      valid_mean_token_accuracy: 0.55,
    });
  });
});

describe('what a worker is told', () => {
  it('is what the worker accepts, and the worker is loaded from the build', () => {
    const store = new Store(tempDir());
    const ctx = { store, book: new JobBook(store), files: new FileBook(store), stepDelayMs: 0 };
    const legacyJob = { ...jobIn('queued'), legacy: legacy({ compute_classification_metrics: true }) };
    for (const state of [jobIn('queued'), legacyJob]) {
      const input = workerInput(state, 'validate', ctx);
      expect(WorkerInput.parse(input)).toEqual(input);
    }
    expect(() => WorkerInput.parse({ ...workerInput(jobIn('queued'), 'train', ctx), mode: 'run' })).toThrow();
    // Under vitest this module is TypeScript, which a worker thread cannot load: the built copy is used.
    const url = workerUrl();
    expect(url.protocol).toBe('file:');
    expect(url.pathname.endsWith('/dist/server/jobs/worker.js')).toBe(true);
    expect(existsSync(url)).toBe(true);
  });

  function context() {
    const store = new Store(tempDir());
    return { store, book: new JobBook(store), files: new FileBook(store), stepDelayMs: 7 };
  }

  it('names the files and snapshots by path, and the files by id for its messages', () => {
    const ctx = context();
    const state = { ...jobIn('queued'), resumeFrom: 'jobs/x/pause', earlyStop: 3 };
    state.job = { ...state.job, training_file: 'file-t', validation_file: 'file-v', seed: 42 };
    expect(workerInput(state, 'train', ctx)).toEqual({
      mode: 'train',
      trainingFile: ctx.files.contentPath('file-t'),
      trainingFileId: 'file-t',
      validationFile: ctx.files.contentPath('file-v'),
      validationFileId: 'file-v',
      jobDir: ctx.store.path('jobs', state.job.id),
      base: 'local-small',
      continueFrom: null,
      resumeFrom: ctx.store.path('jobs/x/pause'),
      requested: state.requested,
      seed: 42,
      stepDelayMs: 7,
      earlyStop: 3,
      classification: null,
    });
    const plain = workerInput(jobIn('queued'), 'validate', ctx);
    expect(plain).toMatchObject({
      mode: 'validate',
      validationFile: null,
      validationFileId: null,
      resumeFrom: null,
    });
  });

  it("continues a fine-tuned model from its job's final snapshot", () => {
    const ctx = context();
    const owner = jobIn('succeeded');
    owner.job = { ...owner.job, fine_tuned_model: 'ft:local-small:local::own' };
    ctx.book.add(owner);
    ctx.book.add(jobIn('succeeded'));
    const state = jobIn('queued');
    state.job = { ...state.job, model: 'ft:local-small:local::own' };
    expect(workerInput(state, 'train', ctx).continueFrom).toBe(ctx.store.path('jobs', owner.job.id, 'final'));
    expect(continuedModelDir(ctx.book, 'ft:local-small:local::gone')).toBe('');
  });

  it("passes a legacy job's classification settings, with the old defaults", () => {
    const ctx = context();
    const asked = { ...jobIn('queued'), legacy: legacy({ compute_classification_metrics: true }) };
    expect(workerInput(asked, 'train', ctx).classification).toEqual({
      nClasses: 2,
      positiveClass: null,
      betas: [1],
    });
    const full = {
      ...jobIn('queued'),
      legacy: legacy({
        compute_classification_metrics: true,
        classification_n_classes: 3,
        classification_positive_class: ' yes',
        classification_betas: [0.5, 2],
      }),
    };
    expect(workerInput(full, 'train', ctx).classification).toEqual({
      nClasses: 3,
      positiveClass: ' yes',
      betas: [0.5, 2],
    });
    expect(workerInput({ ...jobIn('queued'), legacy: legacy() }, 'train', ctx).classification).toBeNull();
  });
});

describe('the job book', () => {
  it('keeps jobs newest first, even two created in the same millisecond, across a restart', () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    const a = jobIn('queued');
    const b = jobIn('queued');
    b.createdMs = a.createdMs;
    book.add(a);
    book.add(b);
    expect(book.all().map((s) => s.job.id)).toEqual([b.job.id, a.job.id]);
    const again = new JobBook(store);
    expect(again.all().map((s) => s.job.id)).toEqual([b.job.id, a.job.id]);
    const c = jobIn('queued');
    c.createdMs = a.createdMs; // a clock behind the last job made
    again.add(c);
    expect(again.all()[0]?.job.id).toBe(c.job.id);
  });

  it('logs events with their type, level and data, tells listeners, and saves them', () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    const state = jobIn('running');
    book.add(state);
    const heard: string[] = [];
    const stop = book.listen(state.job.id, (event) => heard.push(event.message));
    book.event(state.job.id, 'plain');
    book.event(state.job.id, 'step 1', { data: { step: 1 } });
    book.event(state.job.id, 'odd', { level: 'warn', type: 'message', data: { step: 2 } });
    // Another listener of the same job (a second client following it) still hears after the first stops.
    const other: string[] = [];
    const stopOther = book.listen(state.job.id, (event) => other.push(event.message));
    stop();
    book.event(state.job.id, 'second only');
    stopOther();
    book.event(state.job.id, 'unheard');
    book.event('ftjob-none', 'nowhere');
    expect(heard).toEqual(['plain', 'step 1', 'odd']);
    expect(other).toEqual(['second only']);
    const events = book.listEvents(state.job.id);
    expect(events.map((e) => [e.message, e.type, e.level, e.data])).toEqual([
      ['unheard', 'message', 'info', {}],
      ['second only', 'message', 'info', {}],
      ['odd', 'message', 'warn', { step: 2 }],
      ['step 1', 'metrics', 'info', { step: 1 }],
      ['plain', 'message', 'info', {}],
    ]);
    expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);
    expect(book.listEvents('ftjob-none')).toEqual([]);
    book.flush();
    const again = new JobBook(store);
    expect(again.listEvents(state.job.id).map((e) => e.id)).toEqual(events.map((e) => e.id));
    // Ids of the events logged after a restart still sort after the old ones.
    again.event(state.job.id, 'later');
    expect((again.listEvents(state.job.id)[0]?.id ?? '') > (events[0]?.id ?? '')).toBe(true);
  });

  it('reads back the jobs of a data directory where a kill left a job without its record', () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    const kept = jobIn('queued');
    book.add(kept);
    // Events are written before the job's record: a kill between the two on a job's first save.
    store.writeJson('jobs/ftjob-half/events.json', []);
    const again = new JobBook(store);
    expect(again.all().map((s) => s.job.id)).toEqual([kept.job.id]);
    expect(again.get('ftjob-half')).toBeUndefined();
  });

  it('saves a change at once when asked, and others within a moment', async () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    const state = jobIn('running');
    book.add(state);
    const onDisk = () => new JobBook(store).get(state.job.id)?.job.status;
    book.update(state.job.id, (s) => void (s.job.status = 'paused'), true);
    expect(onDisk()).toBe('paused');
    book.update(state.job.id, (s) => void (s.job.status = 'running'));
    await vi.waitFor(() => expect(onDisk()).toBe('running'));
    book.update('ftjob-none', () => {
      throw new Error('not called');
    });
  });

  it('drops the events of steps a resumed job will log again, by their data or checkpoint message', () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    const state = jobIn('running');
    book.add(state);
    const id = state.job.id;
    book.event(id, 'Fine-tuning job started');
    book.event(id, 'Step 10', { data: { step: 10 } });
    book.event(id, 'Checkpoint created at step 10');
    book.event(id, 'Step 20', { data: { step: 20 } });
    book.event(id, 'Checkpoint created at step 20');
    book.event(id, 'Step 21', { data: { step: '21' } });
    book.dropEventsAfter(id, 10);
    expect(book.listEvents(id).map((e) => e.message)).toEqual([
      'Checkpoint created at step 10',
      'Step 10',
      'Fine-tuning job started',
    ]);
    book.dropEventsAfter('ftjob-none', 0);
    book.flush();
    expect(new JobBook(store).listEvents(id)).toHaveLength(3);
  });

  it('finds where a page continues after an event that was dropped', () => {
    const events = [eventId(50), eventId(40), eventId(30)].map((id) => ({ id }) as never);
    expect(JobBook.olderThan(events, eventId(45))).toBe(1);
    expect(JobBook.olderThan(events, eventId(40))).toBe(2);
    expect(JobBook.olderThan(events, eventId(60))).toBe(0);
    expect(JobBook.olderThan(events, eventId(30))).toBe(3);
    expect(JobBook.olderThan(events, 'ftevent-bad')).toBeUndefined();
  });

  it('removes a snapshot directory of a job', () => {
    const store = new Store(tempDir());
    const book = new JobBook(store);
    store.write('jobs/j/pause/weights.bin', 'w');
    book.removeSnapshot('j', 'pause');
    expect(store.exists('jobs/j/pause')).toBe(false);
    expect(store.exists('jobs/j')).toBe(true);
  });
});
