import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseForm, parseJson, readBody } from '../../src/server/http/body.js';
import { ApiError, jobNotFound, missing, modelNotFound, notFound } from '../../src/server/http/errors.js';

// What a client reads when its request body is wrong: the status, and OpenAI's error object
// (`message`, `type`, `param`, `code`; https://platform.openai.com/docs/guides/error-codes) that SDKs
// and scripts branch on. Pure: a request is a stream with headers, no server.

function request(chunks: Array<string | Buffer>, headers: Record<string, string> = {}): IncomingMessage {
  const stream = Readable.from(chunks.map((c) => Buffer.from(c)));
  return Object.assign(stream, { headers }) as unknown as IncomingMessage;
}

function broken(headers: Record<string, string> = {}): IncomingMessage {
  const stream = new Readable({
    read() {
      this.push(Buffer.from('{"par'));
      this.destroy(new Error('aborted'));
    },
  });
  return Object.assign(stream, { headers }) as unknown as IncomingMessage;
}

async function refusal(run: () => Promise<unknown> | unknown): Promise<ApiError> {
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof ApiError)) throw new Error(`not an ApiError: ${String(error)}`);
  return error;
}

const MB = 1024 * 1024;

describe('readBody', () => {
  it('joins the chunks as sent', async () => {
    expect((await readBody(request(['{"a"', ':1}']), 100)).toString()).toBe('{"a":1}');
    expect((await readBody(request([]), 100)).length).toBe(0);
  });

  it('takes a body of exactly the limit, declared or not, and refuses one byte more with a 413', async () => {
    const limit = 2 * MB;
    const full = 'x'.repeat(limit);
    expect((await readBody(request([full], { 'content-length': String(limit) }), limit)).length).toBe(limit);
    expect((await readBody(request([full.slice(1), 'y']), limit)).length).toBe(limit);
    for (const req of [
      request(['x'], { 'content-length': String(limit + 1) }), // refused on its header, before reading
      request([full, 'y']), // no header: refused while reading
    ]) {
      const error = await refusal(() => readBody(req, limit));
      expect(error.status).toBe(413);
      expect(error.body().error).toEqual({
        message:
          'The request is larger than the local server accepts (2 MB). Use the Uploads API for large files.',
        type: 'invalid_request_error',
        param: null,
        code: 'request_too_large',
      });
    }
  });

  it('answers a body cut off by the client with a 400, not a server error', async () => {
    const error = await refusal(() => readBody(broken(), 100));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^The request body ended before it was complete/);
  });
});

const Schema = z.object({ model: z.string(), nested: z.object({ n: z.number() }).optional() });

describe('parseJson', () => {
  it('reads an object, and an empty body as an empty object', () => {
    expect(parseJson(Buffer.from('{"model":"m","nested":{"n":1}}'), Schema)).toEqual({
      model: 'm',
      nested: { n: 1 },
    });
    expect(parseJson(Buffer.alloc(0), z.object({ a: z.string().optional() }))).toEqual({});
  });

  it("refuses what is not JSON with the service's hint", async () => {
    const error = await refusal(() => parseJson(Buffer.from('{"model":'), Schema));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^We could not parse the JSON body of your request\. \(HINT:/);
  });

  it('refuses a body that is not an object, naming what it is', async () => {
    const cases: Array<[string, string]> = [
      ['[1]', 'an array'],
      ['null', 'null'],
      ['3', 'a number'],
      ['"s"', 'a string'],
      ['true', 'a boolean'],
    ];
    for (const [body, kind] of cases) {
      const error = await refusal(() => parseJson(Buffer.from(body), Schema));
      expect(error.body().error).toEqual({
        message: `The request body must be a JSON object, not ${kind}.`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_type',
      });
    }
  });

  it('names a missing field as missing, and a wrong one by its dotted path', async () => {
    const absent = await refusal(() => parseJson(Buffer.from('{}'), Schema));
    expect(absent.body().error).toEqual({
      message: "Missing required parameter: 'model'.",
      type: 'invalid_request_error',
      param: 'model',
      code: 'missing_required_parameter',
    });
    const wrong = await refusal(() => parseJson(Buffer.from('{"model":"m","nested":{"n":"1"}}'), Schema));
    expect(wrong.status).toBe(400);
    expect(wrong.param).toBe('nested.n');
    expect(wrong.code).toBe('invalid_value');
    expect(wrong.message).toMatch(/^Invalid value for 'nested\.n': .+\.$/);
    // A field given as null is there: wrong, not missing.
    expect((await refusal(() => parseJson(Buffer.from('{"model":null}'), Schema))).code).toBe(
      'invalid_value',
    );
  });

  it('gives no param for a rule on the whole object', async () => {
    const Whole = z.object({ a: z.number() }).refine((v) => v.a > 1, 'a must be more than 1');
    const error = await refusal(() => parseJson(Buffer.from('{"a":1}'), Whole));
    expect(error.body().error).toEqual({
      message: "Invalid value for '': a must be more than 1.",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_value',
    });
  });
});

describe('parseForm', () => {
  const boundary = 'XyZ';
  const form = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="purpose"',
    '',
    'fine-tune',
    `--${boundary}--`,
    '',
  ].join('\r\n');

  it('reads multipart form data', async () => {
    const type = `multipart/form-data; boundary=${boundary}`;
    const data = await parseForm(request([], { 'content-type': type }), Buffer.from(form));
    expect(data.get('purpose')).toBe('fine-tune');
  });

  it('refuses another content type, or none, and a form that does not parse', async () => {
    for (const headers of [{ 'content-type': 'application/json' }, {}]) {
      const error = await refusal(() => parseForm(request([], headers), Buffer.from(form)));
      expect(error.body().error).toEqual({
        message: 'This endpoint expects a multipart/form-data body.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_content_type',
      });
    }
    const type = `multipart/form-data; boundary=${boundary}`;
    const error = await refusal(() => parseForm(request([], { 'content-type': type }), Buffer.from('junk')));
    expect(error.status).toBe(400);
    expect(error.message).toBe('Could not parse the multipart form data of the request.');
  });
});

describe('the error objects', () => {
  it('default to an invalid request with no param or code', () => {
    expect(new ApiError(400, 'm').body()).toEqual({
      error: { message: 'm', type: 'invalid_request_error', param: null, code: null },
    });
    expect(notFound('gone').status).toBe(404);
    expect(notFound('gone').body().error).toEqual({
      message: 'gone',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    expect(missing('x').status).toBe(400);
  });

  it('answer an unknown model and an unknown job as the service does', () => {
    expect(modelNotFound('ft:x').status).toBe(404);
    expect(modelNotFound('ft:x').body().error).toEqual({
      message: 'The model `ft:x` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
    expect(jobNotFound('ftjob-1').status).toBe(404);
    expect(jobNotFound('ftjob-1').body().error).toEqual({
      message: 'Could not find fine tune: ftjob-1',
      type: 'invalid_request_error',
      param: 'fine_tune_id',
      code: 'fine_tune_not_found',
    });
  });
});
