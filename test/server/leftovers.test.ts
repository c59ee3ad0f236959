import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, tempDir, terminal, tinyData, uploadText, waitFor } from './helpers.js';

function allPaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...allPaths(path)] : [path];
  });
}

describe('leftovers of a killed process', () => {
  it('ignores and cleans half-written files, and restores a whole snapshot caught mid-rename', async () => {
    const dataDir = tempDir();
    try {
      const first = await harness({ dataDir });
      const training_file = await uploadText(first.client, tinyData(12));
      const created = await first.client.fineTuning.jobs.create({ model: 'local-small', training_file });
      const job = await waitFor(first.client, created.id, terminal);
      expect(job.status).toBe('succeeded');
      await first.close();

      // What a SIGKILL in the middle of writes leaves: a truncated temporary job file, a snapshot
      // killed after the old copy was removed but before the new one was renamed, and a
      // snapshot killed while its arrays were being written.
      const jobDir = join(dataDir, 'jobs', job.id);
      writeFileSync(join(jobDir, 'job.json.tmp-999-abc'), '{"job": {"id": ');
      cpSync(join(jobDir, 'final'), join(jobDir, 'final.tmp-999-def'), { recursive: true });
      rmSync(join(jobDir, 'final'), { recursive: true });
      mkdirSync(join(jobDir, 'ckpt-step-99.tmp-999-ghi'));
      writeFileSync(join(jobDir, 'ckpt-step-99.tmp-999-ghi', 'weights.bin'), Buffer.alloc(12));

      const second = await harness({ dataDir });
      try {
        expect(allPaths(dataDir).filter((p) => p.includes('.tmp-'))).toEqual([]);
        expect((await second.client.fineTuning.jobs.retrieve(job.id)).status).toBe('succeeded');
        const answer = await second.client.completions.create({
          model: job.fine_tuned_model ?? '',
          prompt: 'goal team match 3\n\n###\n\n',
          temperature: 0,
          max_tokens: 3,
        });
        expect(answer.choices[0]?.text).toBe(' sports');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
