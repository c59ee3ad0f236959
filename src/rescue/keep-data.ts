import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { UserError } from '../core/errors.js';
import { factsOf, placeWithoutOverwriting, scanJsonl, tempBeside, type FileFacts } from './data-file.js';
import type { FileStatus, SourceJob } from './inventory.js';

/**
 * Step 2 of a rescue: the job's training and validation files copied into the rescue folder,
 * downloaded with `files.content` while the provider still has them, or taken from the user's own
 * copy (checked against what the job is known to have trained on). Nothing is ever overwritten.
 */
export type Role = 'training' | 'validation';

export interface KeptFile extends FileFacts {
  readonly role: Role;
  readonly path: string;
  readonly origin: 'downloaded' | 'local';
  /** The provider's file id it came from (the job's), or null for a local copy of unknown origin. */
  readonly fileId: string | null;
  /** An identical file was already in the folder: nothing was written. */
  readonly reused: boolean;
}

/** What a local copy must match: an exact record, a range of example counts, or nothing known. */
export type ExampleCheck =
  | {
      readonly kind: 'exact';
      readonly examples: number;
      readonly sha256: string | null;
      readonly why: string;
    }
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

type Request = { readonly signal?: AbortSignal | undefined };

function bodyChunks(response: Response): AsyncIterable<Uint8Array> {
  const body = response.body;
  if (body === null) return (async function* () {})();
  return body as unknown as AsyncIterable<Uint8Array>;
}

/** Downloads one of the job's files into `folder` as `training.jsonl` / `validation.jsonl`. */
export async function downloadFile(
  client: OpenAI,
  file: FileStatus,
  role: Role,
  folder: string,
  r: Request = {},
): Promise<KeptFile> {
  await mkdir(folder, { recursive: true });
  const wanted = join(folder, `${role}.jsonl`);
  const temp = await tempBeside(wanted);
  let facts: FileFacts;
  try {
    const response = await client.files.content(file.id, r.signal ? { signal: r.signal } : {});
    facts = await scanJsonl(bodyChunks(response), `${role} file ${file.id}`, (chunk) =>
      temp.handle.write(chunk),
    );
    await temp.handle.close();
  } catch (error) {
    await temp.handle.close().catch(() => undefined);
    await rm(temp.path, { force: true });
    throw error;
  }
  if (file.bytes !== null && facts.bytes !== file.bytes) {
    await rm(temp.path, { force: true });
    throw new UserError(
      `the ${role} file ${file.id} arrived with ${facts.bytes} bytes where the provider lists ${file.bytes}: download it again.`,
    );
  }
  const placed = await placeWithoutOverwriting(temp.path, wanted, facts.sha256);
  return { ...facts, role, path: placed.path, origin: 'downloaded', fileId: file.id, reused: placed.reused };
}

/** Why a local copy does not match, or null when it does. */
export function mismatch(facts: FileFacts, check: ExampleCheck): string | null {
  switch (check.kind) {
    case 'exact':
      if (check.sha256 !== null && facts.sha256 !== check.sha256) {
        return `its SHA-256 differs from the one recorded (${check.why})`;
      }
      return facts.examples === check.examples
        ? null
        : `it has ${facts.examples} examples where the job had ${check.examples} (${check.why})`;
    case 'range':
      if (facts.examples >= check.min && facts.examples <= check.max) return null;
      return check.min === check.max
        ? `it has ${facts.examples} examples where the job had ${check.min} (${check.why})`
        : `it has ${facts.examples} examples where the job had ${check.min} to ${check.max} (${check.why})`;
    case 'unknown':
      return null;
  }
}

/** Copies the user's own file into the folder once it matches what the job trained on. */
export async function keepLocalFile(
  path: string,
  role: Role,
  folder: string,
  check: ExampleCheck,
  fileId: string | null,
): Promise<KeptFile> {
  const facts = await factsOf(path);
  const wrong = mismatch(facts, check);
  if (wrong !== null) throw new UserError(`${path} is not the job's ${role} file: ${wrong}.`);
  await mkdir(folder, { recursive: true });
  const wanted = join(folder, `${role}.jsonl`);
  const temp = await tempBeside(wanted);
  try {
    const copied = await scanJsonl(createReadStream(path), path, (chunk) => temp.handle.write(chunk));
    await temp.handle.close();
    // The file changed while it was copied: what was checked is not what was kept.
    if (copied.sha256 !== facts.sha256)
      throw new UserError(`${path} changed while it was copied: try again.`);
  } catch (error) {
    await temp.handle.close().catch(() => undefined);
    await rm(temp.path, { force: true });
    throw error;
  }
  const placed = await placeWithoutOverwriting(temp.path, wanted, facts.sha256);
  return { ...facts, role, path: placed.path, origin: 'local', fileId, reused: placed.reused };
}

interface StepsEvent {
  readonly type?: string;
  readonly data?: unknown;
}

/** `total_steps` from the job's metrics events (the newest page is enough: every metrics event says it). */
async function totalSteps(client: OpenAI, jobId: string, r: Request): Promise<number | null> {
  const page = await client.fineTuning.jobs.listEvents(
    jobId,
    { limit: 100 },
    r.signal ? { signal: r.signal } : {},
  );
  for (const event of page.data as StepsEvent[]) {
    const data = event.data as { total_steps?: unknown } | null | undefined;
    if (event.type === 'metrics' && typeof data?.total_steps === 'number') return data.total_steps;
  }
  return null;
}

/**
 * How many training examples the job saw, from its steps: steps per epoch = total steps / epochs,
 * each a batch, so the file held between (steps − 1) × batch + 1 and steps × batch examples.
 * Validation files leave no such trace: only a recorded manifest can check them.
 */
export async function expectedExamples(
  client: OpenAI,
  job: SourceJob,
  role: Role,
  r: Request = {},
): Promise<ExampleCheck> {
  const { nEpochs, batchSize } = job.hyperparameters;
  if (role === 'validation')
    return { kind: 'unknown', why: 'a job does not say how many validation examples it had' };
  if (typeof nEpochs !== 'number' || typeof batchSize !== 'number') {
    return { kind: 'unknown', why: 'the job does not state its epochs and batch size' };
  }
  const total = await totalSteps(client, job.id, r).catch(() => null);
  if (total === null || total % nEpochs !== 0) {
    return { kind: 'unknown', why: 'the job reports no steps to count examples from' };
  }
  const perEpoch = total / nEpochs;
  return {
    kind: 'range',
    min: (perEpoch - 1) * batchSize + 1,
    max: perEpoch * batchSize,
    why: `${perEpoch} steps per epoch of batch size ${batchSize}`,
  };
}
