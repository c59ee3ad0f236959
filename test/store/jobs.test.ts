import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findRecordForModel,
  listJobRecords,
  loadJobRecord,
  madeHere,
  saveJobRecord,
  setRecordModel,
  type NewJobRecord,
} from '../../src/store/jobs.js';
import { dataHome, jobsDir } from '../../src/store/paths.js';

let home: string;
let env: NodeJS.ProcessEnv;

const record = (id: string, createdAt: number): NewJobRecord => ({
  id,
  provider: 'local',
  baseURL: 'http://127.0.0.1:1234/v1',
  trainingFile: { id: 'file-a', path: '/data/train.jsonl' },
  validationFile: null,
  model: 'local-small',
  suffix: 'topics',
  dataFormat: 'prompt-completion',
  separator: '\n\n###\n\n',
  stop: '\n',
  systemPrompt: null,
  createdAt,
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'ft-store-'));
  env = { FINE_TUNE_HOME: home };
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('job records', () => {
  it('lives under FINE_TUNE_HOME when set, else under the platform data dir', () => {
    expect(dataHome(env)).toBe(home);
    expect(jobsDir(env)).toBe(join(home, 'jobs'));
    expect(dataHome({})).toMatch(/fine-tune$/);
  });

  it('round-trips a record and leaves no temporary file behind', async () => {
    await saveJobRecord(record('ftjob-1', 100), env);
    const loaded = await loadJobRecord('ftjob-1', env);
    expect(loaded).toMatchObject({ id: 'ftjob-1', separator: '\n\n###\n\n', fineTunedModel: null });
    expect(await readdir(jobsDir(env))).toEqual(['ftjob-1.json']);
  });

  it('lists records newest first and skips files that do not validate', async () => {
    await saveJobRecord(record('ftjob-old', 100), env);
    await saveJobRecord(record('ftjob-new', 200), env);
    await writeFile(join(jobsDir(env), 'ftjob-bad.json'), '{"id": "ftjob-bad", "apiKey": "sk-x"}');
    const ids = (await listJobRecords(env)).map((r) => r.id);
    expect(ids).toEqual(['ftjob-new', 'ftjob-old']);
    expect(await loadJobRecord('ftjob-bad', env)).toBeNull();
  });

  it('refuses fields it does not know, so a key can never be stored', async () => {
    const withKey = { ...record('ftjob-k', 1), apiKey: 'sk-secret' } as NewJobRecord;
    await expect(saveJobRecord(withKey, env)).rejects.toThrow(/apiKey/);
  });

  it('rejects ids that would leave the jobs directory', async () => {
    await expect(saveJobRecord(record('../escape', 1), env)).rejects.toThrow(/job id/);
  });

  it('finds the record of a fine-tuned model and of its checkpoints', async () => {
    await saveJobRecord(record('ftjob-2', 100), env);
    await setRecordModel('ftjob-2', 'ft:local-small:local:topics:abc', env);
    expect((await findRecordForModel('ft:local-small:local:topics:abc', env))?.id).toBe('ftjob-2');
    expect((await findRecordForModel('ft:local-small:local:topics:abc:ckpt-step-8', env))?.id).toBe(
      'ftjob-2',
    );
    expect(await findRecordForModel('ft:local-small:local:other:xyz', env)).toBeNull();
    const text = await readFile(join(jobsDir(env), 'ftjob-2.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ fineTunedModel: 'ft:local-small:local:topics:abc' });
  });

  it('knows which fine-tuned models a job recorded here made, named or still pending', async () => {
    expect(await madeHere('ft:local-small:local:topics:abc', env)).toBe(false);
    // Created with --no-follow: the record does not name its model yet; base and suffix fit.
    await saveJobRecord(record('ftjob-3', 100), env);
    expect(await madeHere('ft:local-small:local:topics:new1', env)).toBe(true);
    expect(await madeHere('ft:local-small:local:other:new1', env)).toBe(false);
    expect(await madeHere('ft:local-base:local:topics:new1', env)).toBe(false);
    expect(await madeHere('local-small', env)).toBe(false);
    // Once named, only that model and its checkpoints.
    await setRecordModel('ftjob-3', 'ft:local-small:local:topics:abc', env);
    expect(await madeHere('ft:local-small:local:topics:abc:ckpt-step-8', env)).toBe(true);
    expect(await madeHere('ft:local-small:local:topics:abd', env)).toBe(false);
    // A job without a suffix makes ids with an empty suffix segment.
    await saveJobRecord({ ...record('ftjob-4', 200), suffix: null }, env);
    expect(await madeHere('ft:local-small:local::xyz', env)).toBe(true);
  });
});
