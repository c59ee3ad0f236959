import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  describeJob,
  nextStep,
  suffixOf,
  takeInventory,
  type InventoryItem,
  type SourceJob,
} from '../../src/rescue/inventory.js';
import { defaultTargetProfile, type RescueSeams } from '../../src/rescue/seams.js';
import {
  fileObject,
  jobObject,
  sendError,
  sendJson,
  startFakeApi,
  type FakeApi,
  type Handler,
} from '../api/fake-api.js';

// Step 1 of a rescue against a recording server that answers as OpenAI's reference says:
// https://platform.openai.com/docs/api-reference/models/list (models),
// https://platform.openai.com/docs/api-reference/fine-tuning/list (jobs, paged with `after` and
// `has_more`), https://platform.openai.com/docs/api-reference/files/retrieve (a gone file is a 404).
let api: FakeApi;
let client: OpenAI;
beforeAll(async () => {
  api = await startFakeApi();
  client = new OpenAI({ apiKey: 'sk-test-inventory', baseURL: `${api.origin}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.requests.length = 0;
});

const A = 'ft:my-base:acme:alpha:a1';
const B = 'ft:my-base:acme:beta:b1';
const C = 'ft:my-base:acme:gamma:c1';
const D = 'ft:my-base:acme:delta:d1';

const seams: RescueSeams = {
  today: '2026-12-07',
  shutdownOf: (id) => ({ [A]: '2027-01-06', [C]: '2026-12-17', [D]: '2026-12-17' })[id] ?? null,
  trainingClosesOn: (provider) => (provider === 'openai' ? '2026-12-10' : null),
  targetProfile: defaultTargetProfile,
};

const model = (id: string, created: number) => ({ id, object: 'model', created, owned_by: 'acme' });

/** Models A–D (and a base, which is no fine-tune); jobs on two pages; `files` by id (absent: 404). */
function organisation(pages: Record<string, unknown>[][], files: Record<string, number>): Handler {
  return (request, res) => {
    const path = request.url.pathname;
    if (path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [
          model('my-base', 1),
          model(A, 1_700_000_000),
          model(B, 1_700_000_100),
          model(C, 1_700_000_200),
          model(D, 1_700_000_300),
        ],
      });
    }
    if (path === '/v1/fine_tuning/jobs') {
      const after = request.url.searchParams.get('after');
      const index = after === null ? 0 : pages.findIndex((p) => p.at(-1)?.id === after) + 1;
      return sendJson(res, 200, {
        object: 'list',
        data: pages[index] ?? [],
        has_more: index < pages.length - 1,
      });
    }
    const file = /^\/v1\/files\/([^/]+)$/.exec(path);
    const bytes = files[file?.[1] ?? ''];
    if (file && bytes !== undefined) return sendJson(res, 200, fileObject(file[1] ?? '', 'x.jsonl', bytes));
    if (file?.[1] === 'file-broken') return sendError(res, 500, 'The server had an error');
    return sendError(res, 404, `No such File object: ${file?.[1] ?? path}`);
  };
}

const job = (id: string, fineTuned: string | null, fields: Record<string, unknown> = {}) =>
  jobObject({
    id,
    status: fineTuned ? 'succeeded' : 'failed',
    model: 'my-base',
    fine_tuned_model: fineTuned,
    training_file: `file-${id}`,
    ...fields,
  });

describe('the inventory', () => {
  it('lists each fine-tune soonest shutdown first, with its job found across pages and its files', async () => {
    api.setHandler(
      organisation(
        [
          [
            job('j-c', C, { validation_file: 'file-gone' }),
            job('j-failed', null),
            job('j-other', 'ft:x:y:z:w'),
          ],
          [job('j-a', A, { created_at: 1_760_000_001 }), job('j-a-older', A, { created_at: 1 })],
        ],
        { 'file-j-c': 300, 'file-j-a': 400 },
      ),
    );
    const inventory = await takeInventory(client, 'openai', seams);
    expect(inventory.provider).toBe('openai');
    expect(inventory.today).toBe('2026-12-07');
    expect(inventory.trainingCloses).toEqual({ date: '2026-12-10', daysLeft: 3 });
    // C and D on the same day (newest first), then A; B has no announced date: last.
    expect(inventory.items.map((i) => [i.model, i.daysLeft])).toEqual([
      [D, 10],
      [C, 10],
      [A, 30],
      [B, null],
    ]);
    const [d, c, a, b] = inventory.items;
    expect(d).toMatchObject({
      base: 'my-base',
      created: 1_700_000_300,
      shutdownDate: '2026-12-17',
      job: null,
    });
    expect(b).toMatchObject({ shutdownDate: null, job: null });
    expect(c?.job).toMatchObject({
      id: 'j-c',
      trainingFile: { id: 'file-j-c', available: true, bytes: 300, filename: 'x.jsonl' },
      validationFile: { id: 'file-gone', available: false, bytes: null, filename: null },
    });
    // The first job found for a model is kept (the list is newest first).
    expect(a?.job).toMatchObject({ id: 'j-a', createdAt: 1_760_000_001, validationFile: null });
    // The second page was asked after the last job of the first, 100 at a time.
    const pages = api.requests.filter((r) => r.url.pathname === '/v1/fine_tuning/jobs');
    expect(pages.map((r) => [r.url.searchParams.get('limit'), r.url.searchParams.get('after')])).toEqual([
      ['100', null],
      ['100', 'j-other'],
    ]);
  });

  it('stops paging once every model has its job, and reports no closing day when none is announced', async () => {
    api.setHandler(
      // Four jobs on the first page, one of them of another model: D's job is on the second page.
      organisation(
        [
          [job('j-a', A), job('j-b', B), job('j-other', 'ft:x:y:z:w'), job('j-c', C)],
          [job('j-d', D)],
          [job('j-never', null)],
        ],
        { 'file-j-a': 1, 'file-j-b': 1, 'file-j-c': 1, 'file-j-d': 1 },
      ),
    );
    const inventory = await takeInventory(client, 'together', seams);
    expect(inventory.trainingCloses).toBeNull();
    expect(inventory.items.every((i) => i.job !== null)).toBe(true);
    expect(api.requests.filter((r) => r.url.pathname === '/v1/fine_tuning/jobs')).toHaveLength(2);
  });

  it('stops paging on an empty page that still says there is more', async () => {
    api.setHandler((request, res) => {
      if (request.url.pathname === '/v1/models')
        return sendJson(res, 200, { object: 'list', data: [model(A, 1)] });
      return sendJson(res, 200, { object: 'list', data: [], has_more: true });
    });
    const inventory = await takeInventory(client, 'openai', seams);
    expect(inventory.items.map((i) => i.job)).toEqual([null]);
    expect(api.requests.filter((r) => r.url.pathname === '/v1/fine_tuning/jobs')).toHaveLength(1);
  });

  it('orders dated models soonest first (newest first on the same day), then those with no date, bases left out', async () => {
    const dates: Record<string, string> = { X: '2027-01-06', Y: '2026-12-17', Z: '2026-12-17' };
    const id = (name: string) => `ft:my-base:acme:${name}:1`;
    const dated: RescueSeams = { ...seams, shutdownOf: (m) => dates[m.split(':')[3] ?? ''] ?? null };
    api.setHandler((request, res) => {
      if (request.url.pathname === '/v1/models') {
        const base = { id: 'gpt-4o-mini-2024-07-18', object: 'model', created: 999, owned_by: 'system' };
        const data = [
          base,
          model(id('N1'), 400),
          model(id('X'), 300),
          model(id('Y'), 200),
          model(id('Z'), 100),
          model(id('N2'), 50),
        ];
        return sendJson(res, 200, { object: 'list', data });
      }
      return sendJson(res, 200, { object: 'list', data: [], has_more: false });
    });
    const inventory = await takeInventory(client, 'openai', dated);
    expect(inventory.items.map((i) => i.model.split(':')[3])).toEqual(['Y', 'Z', 'X', 'N1', 'N2']);
  });

  it('takes the shutdown day from the model list when the seams know none', async () => {
    const dated = 'ft:gpt-4o-mini-2024-07-18:acme:support:x1';
    api.setHandler((request, res) => {
      if (request.url.pathname === '/v1/models')
        return sendJson(res, 200, { object: 'list', data: [model(dated, 1)] });
      return sendJson(res, 200, { object: 'list', data: [], has_more: false });
    });
    const inventory = await takeInventory(client, 'openai', seams);
    // gpt-4o-mini stops answering on 2027-01-14 (src/core/shutdowns.ts); no job: the base from the name.
    expect(inventory.items[0]).toMatchObject({
      shutdownDate: '2027-01-14',
      daysLeft: 38,
      base: 'gpt-4o-mini-2024-07-18',
    });
  });

  it('fails when a file cannot be looked up for another reason than being gone', async () => {
    api.setHandler(organisation([[job('j-a', A, { training_file: 'file-broken' })]], {}));
    await expect(takeInventory(client, 'openai', seams)).rejects.toThrow(/500 The server had an error/);
  });
});

describe("a source job's description", () => {
  beforeEach(() => api.setHandler(organisation([], { 'file-t': 10, 'file-v': 5 })));
  const base = { training_file: 'file-t', validation_file: 'file-v' };

  it('reads the settings from the method, the suffix as stated, the seed and tokens', async () => {
    const hyperparameters = { n_epochs: 3, batch_size: 'auto', learning_rate_multiplier: 1.8 };
    const described = await describeJob(
      client,
      jobObject({
        ...base,
        id: 'j1',
        model: 'gpt-4o-mini-2024-07-18',
        seed: 7,
        trained_tokens: 900,
        finished_at: 1_760_000_500,
        fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:acme:fromname:j1',
        user_provided_suffix: 'stated',
        hyperparameters: { n_epochs: 9, batch_size: 9, learning_rate_multiplier: 9 },
        method: { type: 'supervised', supervised: { hyperparameters } },
      }) as never,
    );
    expect(described).toEqual({
      id: 'j1',
      base: 'gpt-4o-mini-2024-07-18',
      suffix: 'stated',
      method: 'supervised',
      hyperparameters: { nEpochs: 3, batchSize: 'auto', learningRate: 1.8, beta: null },
      seed: 7,
      trainedTokens: 900,
      createdAt: 1_760_000_000,
      finishedAt: 1_760_000_500,
      trainingFile: { id: 'file-t', available: true, bytes: 10, filename: 'x.jsonl' },
      validationFile: { id: 'file-v', available: true, bytes: 5, filename: 'x.jsonl' },
    } satisfies SourceJob);
  });

  it('reads a DPO job’s beta, and falls back to the top-level settings, the name’s suffix and nulls', async () => {
    const dpo = await describeJob(
      client,
      jobObject({
        ...base,
        method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.1, n_epochs: 'auto', batch_size: '8' } } },
      }) as never,
    );
    expect(dpo.method).toBe('dpo');
    expect(dpo.hyperparameters).toEqual({ nEpochs: 'auto', batchSize: null, learningRate: null, beta: 0.1 });

    const old = await describeJob(
      client,
      jobObject({
        ...base,
        method: undefined,
        seed: undefined,
        validation_file: null,
        fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:acme:fromname:j1',
        hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 },
      }) as never,
    );
    expect(old).toMatchObject({
      method: 'supervised',
      suffix: 'fromname',
      seed: null,
      trainedTokens: null,
      finishedAt: null,
      validationFile: null,
      hyperparameters: { nEpochs: 2, batchSize: 4, learningRate: 0.5, beta: null },
    });
    const bare = await describeJob(client, jobObject({ ...base, hyperparameters: undefined }) as never);
    expect(bare.hyperparameters).toEqual({ nEpochs: null, batchSize: null, learningRate: null, beta: null });
    expect(bare.suffix).toBeNull();
  });

  it('takes the suffix from a fine-tuned model name only when it has one', () => {
    expect(suffixOf('ft:gpt-4o-mini-2024-07-18:acme:support:AbC123')).toBe('support');
    expect(suffixOf('ft:gpt-4o-mini-2024-07-18:acme::AbC123')).toBeNull();
    expect(suffixOf('ft:gpt-4o-mini-2024-07-18:acme:AbC123')).toBeNull();
    expect(suffixOf('xx:gpt-4o-mini-2024-07-18:acme:support:AbC123')).toBeNull();
  });
});

describe('the next step for a model', () => {
  const file = (available: boolean) => ({ id: 'f', available, bytes: null, filename: null });
  const item = (daysLeft: number | null, job: Partial<SourceJob> | null = {}): InventoryItem => ({
    model: A,
    base: 'my-base',
    created: 0,
    shutdownDate: null,
    daysLeft,
    job:
      job === null
        ? null
        : ({ trainingFile: file(true), validationFile: null, ...job } as unknown as SourceJob),
  });

  it('says what to do on each side of each guard', () => {
    expect(nextStep(item(0))).toBe('shut down: retrain from your own copy of the data');
    expect(nextStep(item(-3, null))).toBe('shut down: retrain from your own copy of the data');
    expect(nextStep(item(1, null))).toBe('no job found here: rescue with your own data files');
    expect(nextStep(item(null, null))).toBe('no job found here: rescue with your own data files');
    expect(nextStep(item(1, { validationFile: file(false) }))).toBe(
      'data gone from the provider: rescue with your local files',
    );
    expect(nextStep(item(1, { trainingFile: file(false), validationFile: file(true) }))).toBe(
      'data gone from the provider: rescue with your local files',
    );
    expect(nextStep(item(null, { validationFile: file(true) }))).toBe('rescue when you like');
    expect(nextStep(item(1))).toBe('rescue: keep the data, record a golden set');
  });
});
