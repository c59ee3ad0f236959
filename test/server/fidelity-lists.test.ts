import { rmSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, tempDir, tinyData, uploadText, type Harness } from './helpers.js';

async function badRequest(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.BadRequestError>> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as InstanceType<typeof OpenAI.BadRequestError>;
}

describe('lists as the SDK pages them', () => {
  const dataDir = tempDir();
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ dataDir });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists files created within the same second newest first, and keeps that order after a restart', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await uploadText(h.client, tinyData(10 + i), `order-${i}.jsonl`));
    const newest = await h.client.files.list({ limit: 1 });
    expect(newest.data[0]?.id).toBe(ids[3]);
    const listed = (await h.client.files.list()).data.map((f) => f.id).filter((id) => ids.includes(id));
    expect(listed).toEqual([...ids].reverse());
    const ascending = (await h.client.files.list({ order: 'asc' })).data.map((f) => f.id);
    expect(ascending.filter((id) => ids.includes(id))).toEqual(ids);

    await h.close();
    h = await harness({ dataDir });
    const again = (await h.client.files.list()).data.map((f) => f.id).filter((id) => ids.includes(id));
    expect(again).toEqual([...ids].reverse());
  });

  it('keeps a deleted file deleted after a restart, and its place as a cursor', async () => {
    const [older, gone, newer] = [
      await uploadText(h.client, tinyData(10), 'keep-1.jsonl'),
      await uploadText(h.client, tinyData(11), 'gone.jsonl'),
      await uploadText(h.client, tinyData(12), 'keep-2.jsonl'),
    ];
    await h.client.files.delete(gone);

    await h.close();
    h = await harness({ dataDir });
    const ids = (await h.client.files.list()).data.map((f) => f.id);
    expect(ids).toContain(older);
    expect(ids).toContain(newer);
    expect(ids).not.toContain(gone);
    await expect(h.client.files.retrieve(gone)).rejects.toThrow(`No such File object: ${gone}`);
    await expect(h.client.files.content(gone)).rejects.toThrow(`No such File object: ${gone}`);
    // A client that paged up to the deleted file before the restart goes on from where it was.
    expect((await h.client.files.list({ after: gone, limit: 1 })).data.map((f) => f.id)).toEqual([older]);
    const ascending = await h.client.files.list({ after: gone, limit: 1, order: 'asc' });
    expect(ascending.data.map((f) => f.id)).toEqual([newer]);
  });

  it('names an after cursor that was never a file instead of starting over', async () => {
    const id = await uploadText(h.client, tinyData(10));
    expect((await h.client.files.list({ after: id, limit: 5 })).data.map((f) => f.id)).not.toContain(id);
    const error = await badRequest(h.client.files.list({ after: 'file-nope', limit: 5 }));
    expect(error.param).toBe('after');
    expect(error.message).toContain("'file-nope'");
  });

  it('pages on past a file deleted since the page that named it, seeing each file once', async () => {
    for (let i = 0; i < 5; i++) await uploadText(h.client, tinyData(10), `sweep-${i}.jsonl`);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const pageOf = await h.client.files.list({ limit: 2, ...(after ? { after } : {}) });
      for (const file of pageOf.data) {
        seen.push(file.id);
        await h.client.files.delete(file.id);
      }
      if (!pageOf.has_more) break;
      after = pageOf.data.at(-1)?.id;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect((await h.client.files.list()).data).toEqual([]);
  });

  it('filters jobs by metadata, and refuses an after cursor that names no job', async () => {
    const training_file = await uploadText(h.client, tinyData(10));
    const blue = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file,
      metadata: { team: 'blue', run: '1' },
    });
    const red = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file,
      metadata: { team: 'red' },
    });
    const plain = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file });
    const ids = async (metadata: Record<string, string> | null) =>
      (await h.client.fineTuning.jobs.list({ metadata })).data.map((j) => j.id);
    expect(await ids({ team: 'blue' })).toEqual([blue.id]);
    expect(await ids({ team: 'blue', run: '2' })).toEqual([]);
    expect(await ids({ team: 'red' })).toEqual([red.id]);
    expect(await ids(null)).toEqual([plain.id]);
    expect((await h.client.fineTuning.jobs.list()).data.map((j) => j.id)).toEqual([
      plain.id,
      red.id,
      blue.id,
    ]);
    expect((await h.client.fineTuning.jobs.list({ after: red.id })).data.map((j) => j.id)).toEqual([blue.id]);
    const error = await badRequest(h.client.fineTuning.jobs.list({ after: 'ftjob-gone' }));
    expect(error.message).toContain("'ftjob-gone'");
  });
});
