import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exchange } from './chat-state.js';

/**
 * The transcript as JSONL, one message a line in order: `{"role":"user","content"}` then, for each
 * reply, `{"role":"assistant","model","content","sent","status"}` where `sent` is the exact prompt
 * (or conversation) the model received and `status` is done, stopped or failed.
 */
export function transcriptLines(exchanges: readonly Exchange[]): string {
  const lines: string[] = [];
  for (const exchange of exchanges) {
    lines.push(JSON.stringify({ role: 'user', content: exchange.user }));
    for (const reply of exchange.replies) {
      lines.push(
        JSON.stringify({
          role: 'assistant',
          model: reply.model,
          content: reply.text,
          sent: reply.sent,
          status: reply.status,
          ...(reply.error !== null ? { error: reply.error } : {}),
        }),
      );
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Writes the transcript atomically (temporary file, then rename) and returns its path. */
export async function saveTranscript(
  exchanges: readonly Exchange[],
  dir: string,
  now = new Date(),
): Promise<string> {
  const path = join(dir, `chat-${stamp(now)}.jsonl`);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(temp, transcriptLines(exchanges));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}
