import type OpenAI from 'openai';
import { loadJobRecord } from '../store/jobs.js';
import type { FileStatus, InventoryItem, SourceJob } from './inventory.js';
import {
  downloadFile,
  expectedExamples,
  keepLocalFile,
  type ExampleCheck,
  type KeptFile,
  type Role,
} from './keep-data.js';
import { manifestPathFor, readManifest } from './manifest.js';

/**
 * Keeping a job's data, both files at once: downloaded while the provider has them, else taken from
 * the paths the user gave. What is still missing comes back as a need: which file, what a copy must
 * match, and where this tool last saw it (offered as the answer).
 */
export interface DataNeed {
  readonly role: Role;
  readonly fileId: string | null;
  readonly check: ExampleCheck;
  readonly suggestion: string | null;
}

export interface KeepResult {
  readonly kept: Readonly<Partial<Record<Role, KeptFile>>>;
  readonly needs: readonly DataNeed[];
}

export interface KeepInput {
  readonly client: OpenAI;
  readonly item: InventoryItem;
  readonly folder: string;
  /** The user's own copies, by role. */
  readonly local?: Readonly<Partial<Record<Role, string>>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** What a local copy must match, best source first: this tool's manifest, its record, the job's steps. */
export async function checkFor(
  client: OpenAI,
  job: SourceJob,
  role: Role,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<{ check: ExampleCheck; suggestion: string | null }> {
  const record = await loadJobRecord(job.id, env);
  const recorded = record === null ? null : role === 'training' ? record.trainingFile : record.validationFile;
  if (record !== null) {
    const manifest = await readManifest(manifestPathFor(record.trainingFile.path, job.id)).catch(() => null);
    const entry =
      manifest === null ? null : role === 'training' ? manifest.data.training : manifest.data.validation;
    if (entry) {
      return {
        check: {
          kind: 'exact',
          examples: entry.examples,
          sha256: entry.sha256,
          why: 'from the job’s manifest',
        },
        suggestion: recorded?.path ?? null,
      };
    }
  }
  return { check: await expectedExamples(client, job, role, { signal }), suggestion: recorded?.path ?? null };
}

export async function keepJobData(input: KeepInput): Promise<KeepResult> {
  const { client, item, folder } = input;
  const env = input.env ?? process.env;
  const kept: Partial<Record<Role, KeptFile>> = {};
  const needs: DataNeed[] = [];
  const job = item.job;
  if (job === null) {
    const local = input.local?.training;
    if (local !== undefined) {
      kept.training = await keepLocalFile(
        local,
        'training',
        folder,
        { kind: 'unknown', why: 'no job found' },
        null,
      );
    } else {
      needs.push({
        role: 'training',
        fileId: null,
        check: { kind: 'unknown', why: 'no job found' },
        suggestion: null,
      });
    }
    if (input.local?.validation !== undefined) {
      kept.validation = await keepLocalFile(
        input.local.validation,
        'validation',
        folder,
        { kind: 'unknown', why: 'no job found' },
        null,
      );
    }
    return { kept, needs };
  }
  const files: Array<[Role, FileStatus | null]> = [
    ['training', job.trainingFile],
    ['validation', job.validationFile],
  ];
  for (const [role, file] of files) {
    const local = input.local?.[role];
    if (file === null) {
      // The job trained without one, but the user gave one: it is theirs to keep (golden inputs, the
      // new job's validation), with nothing to check it against, as when no job is found.
      if (local !== undefined) {
        const check = { kind: 'unknown', why: 'the job had no validation file' } as const;
        kept[role] = await keepLocalFile(local, role, folder, check, null);
      }
      continue;
    }
    if (local === undefined && file.available) {
      kept[role] = await downloadFile(client, file, role, folder, { signal: input.signal });
      continue;
    }
    const { check, suggestion } = await checkFor(client, job, role, env, input.signal);
    if (local === undefined) needs.push({ role, fileId: file.id, check, suggestion });
    else kept[role] = await keepLocalFile(local, role, folder, check, file.id);
  }
  return { kept, needs };
}
