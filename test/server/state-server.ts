/**
 * A local server whose jobs are put in any status by the test, for walking the job lifecycle and the
 * lists over HTTP: the real books, routes and request handler (`createLocalApp`), on port 0 at
 * 127.0.0.1, with the trainer closed so that a status changes only through the request under test.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { createLocalApp } from '../../src/server/index.js';
import type { Services } from '../../src/server/services.js';
import { newId } from '../../src/server/state/ids.js';
import { JobState, type Checkpoint, type JobStatus } from '../../src/server/state/records.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir } from './helpers.js';

export interface StateServer {
  readonly client: OpenAI;
  readonly baseURL: string;
  readonly apiKey: string;
  readonly services: Services;
  /** A job in `status`, straight into the job book (no trainer, no file check). */
  seed(status: JobStatus, checkpoints?: number): string;
  close(): Promise<void>;
}

function checkpoint(job: string, step: number): Checkpoint {
  return {
    object: 'fine_tuning.job.checkpoint',
    id: newId('ftckpt-'),
    created_at: 1_700_000_000,
    fine_tuned_model_checkpoint: `ft:local-small:local::x:ckpt-step-${step}`,
    fine_tuning_job_id: job,
    step_number: step,
    metrics: { step, train_loss: 1 / step },
  };
}

export function jobIn(status: JobStatus, checkpoints = 0): JobState {
  const id = newId('ftjob-');
  const hyperparameters = { n_epochs: 1, batch_size: 1, learning_rate_multiplier: 1 };
  return JobState.parse({
    job: {
      object: 'fine_tuning.job',
      id,
      created_at: 1_700_000_000,
      finished_at: null,
      model: 'local-small',
      fine_tuned_model: null,
      organization_id: 'org-local',
      status,
      error: null,
      estimated_finish: null,
      trained_tokens: null,
      training_file: 'file-seeded',
      validation_file: null,
      result_files: [],
      hyperparameters,
      method: { type: 'supervised', supervised: { hyperparameters } },
      seed: 1,
      metadata: null,
      integrations: null,
      user_provided_suffix: null,
    },
    requested: hyperparameters,
    modelName: `ft:local-small:local::${id}`,
    shortId: 'seeded',
    // Newest first, as the runner keeps them.
    checkpoints: Array.from({ length: checkpoints }, (_, i) => checkpoint(id, (checkpoints - i) * 10)),
    rows: [],
    totalSteps: null,
    resumeFrom: null,
    startedAt: null,
    createdMs: Date.now(),
    runStartStep: 0,
    legacy: null,
  });
}

export async function stateServer(): Promise<StateServer> {
  const dataDir = tempDir();
  const apiKey = 'sk-local-states';
  const { services, handler } = createLocalApp(new Store(dataDir), apiKey, { stepDelayMs: 0 });
  // No trainer: a resumed job stays queued, a cancelled one has no worker to stop.
  await services.runner.close();
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}/v1`;
  return {
    client: new OpenAI({ apiKey, baseURL, maxRetries: 0 }),
    baseURL,
    apiKey,
    services,
    seed: (status, checkpoints = 0) => {
      const state = jobIn(status, checkpoints);
      services.book.add(state);
      return state.job.id;
    },
    close: async () => {
      services.book.flush();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
