/** Request bodies: read with a size cap, then JSON validated by zod or multipart form data. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiError, invalid, missing } from './errors.js';

export const JSON_LIMIT = 16 * 1024 * 1024;
/** One multipart request (a file or an upload part); larger files go through `/uploads`. */
export const MULTIPART_LIMIT = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw tooLarge(limit);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The client stopped sending (closed the connection, or a body shorter than it said): its fault.
    throw invalid('The request body ended before it was complete (the connection closed while sending it).');
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    `The request is larger than the local server accepts (${limit / 1024 / 1024} MB). Use the Uploads API for large files.`,
    'invalid_request_error',
    null,
    'request_too_large',
  );
}

export function parseJson<T>(raw: Buffer, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
    );
  }
  // Every endpoint takes an object: an array or a bare value has no fields to name as missing.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw invalid(`The request body must be a JSON object, not ${kind}.`, null, 'invalid_type');
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? issue.path.map(String).join('.') : '';
  // zod 4 leaves `issue.input` out unless asked: whether the field is absent is read from the body.
  if (issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined) throw missing(param);
  throw invalid(
    `Invalid value for '${param}': ${issue?.message ?? 'invalid'}.`,
    param || null,
    'invalid_value',
  );
}

/** The value at a zod issue's path, undefined where the body has nothing. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

export async function parseForm(req: IncomingMessage, raw: Buffer): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw invalid('This endpoint expects a multipart/form-data body.', null, 'invalid_content_type');
  }
  try {
    return await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
  } catch {
    throw invalid('Could not parse the multipart form data of the request.');
  }
}
