import { createHash } from 'node:crypto';
import { request } from 'node:http';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, tinyData, uploadText, type Harness } from './helpers.js';

describe('files and uploads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('stores an uploaded file and serves its record, its content and the list', async () => {
    const text = tinyData(12);
    const id = await uploadText(h.client, text, 'tiny.jsonl');
    const file = await h.client.files.retrieve(id);
    expect(file).toMatchObject({
      id,
      object: 'file',
      filename: 'tiny.jsonl',
      purpose: 'fine-tune',
      bytes: Buffer.byteLength(text),
    });
    expect(await (await h.client.files.content(id)).text()).toBe(text);
    const listed = [];
    for await (const f of h.client.files.list({ purpose: 'fine-tune' })) listed.push(f.id);
    expect(listed).toContain(id);
  });

  it('pages through files with after and limit', async () => {
    const ids = [await uploadText(h.client, tinyData(10)), await uploadText(h.client, tinyData(11))];
    const first = await h.client.files.list({ limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.has_more).toBe(true);
    const all = [];
    for await (const f of h.client.files.list({ limit: 1 })) all.push(f.id);
    expect(all).toEqual(expect.arrayContaining(ids));
    expect(new Set(all).size).toBe(all.length);
  });

  it('deletes a file, then answers 404 with the error body the API uses', async () => {
    const id = await uploadText(h.client, tinyData(10));
    expect(await h.client.files.delete(id)).toMatchObject({ id, deleted: true });
    const error = await h.client.files.retrieve(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: `No such File object: ${id}`,
      type: 'invalid_request_error',
      param: 'id',
      code: null,
    });
  });

  it('refuses a fine-tune file that is not .jsonl, and a missing purpose', async () => {
    const wrong = await h.client.files
      .create({ file: await toFile(Buffer.from('a,b\n'), 'data.csv'), purpose: 'fine-tune' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((wrong as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('file');
    const form = new FormData();
    form.set('file', new Blob(['{}\n']), 'x.jsonl');
    const response = await fetch(`${h.server.baseURL}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.server.apiKey}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { param: 'purpose', code: 'missing_required_parameter' },
    });
  });

  it('assembles an upload from parts in the given order and checks the md5', async () => {
    const text = tinyData(20);
    const bytes = Buffer.from(text);
    const upload = await h.client.uploads.create({
      bytes: bytes.length,
      filename: 'big.jsonl',
      mime_type: 'text/jsonl',
      purpose: 'fine-tune',
    });
    expect(upload.status).toBe('pending');
    const half = Math.floor(bytes.length / 2);
    const second = await h.client.uploads.parts.create(upload.id, {
      data: await toFile(bytes.subarray(half), 'p2'),
    });
    const first = await h.client.uploads.parts.create(upload.id, {
      data: await toFile(bytes.subarray(0, half), 'p1'),
    });

    const wrongMd5 = await h.client.uploads
      .complete(upload.id, { part_ids: [first.id, second.id], md5: '0'.repeat(32) })
      .catch((e: unknown) => e);
    expect(wrongMd5).toBeInstanceOf(OpenAI.BadRequestError);

    const md5 = createHash('md5').update(bytes).digest('hex');
    const done = await h.client.uploads.complete(upload.id, { part_ids: [first.id, second.id], md5 });
    expect(done.status).toBe('completed');
    expect(done.file?.bytes).toBe(bytes.length);
    expect(await (await h.client.files.content(done.file?.id ?? '')).text()).toBe(text);
  });

  it('refuses to complete an upload whose parts do not add up, and cancels it', async () => {
    const upload = await h.client.uploads.create({
      bytes: 100,
      filename: 'x.jsonl',
      mime_type: 'text/jsonl',
      purpose: 'fine-tune',
    });
    const part = await h.client.uploads.parts.create(upload.id, {
      data: await toFile(Buffer.from('{}\n'), 'p'),
    });
    await expect(h.client.uploads.complete(upload.id, { part_ids: [part.id] })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    expect((await h.client.uploads.cancel(upload.id)).status).toBe('cancelled');
    await expect(h.client.uploads.cancel(upload.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('refuses an upload over the size cap with 413 before reading it', async () => {
    const url = new URL(`${h.server.baseURL}/files`);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.server.apiKey}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(200 * 1024 * 1024),
        },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      req.on('error', reject);
      req.write('--x\r\n');
    });
    expect(status).toBe(413);
  });
});
