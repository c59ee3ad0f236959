import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { measure, row, seconds } from './measure.js';

/**
 * CPU of a follower (child process) while a local job produces about 10,000 events: 1,000 examples ×
 * 10 epochs at batch size 1. The server trains in this process, so its work is not counted.
 */
export async function followCpu() {
  const { startLocalServer } = await import('../../dist/server/index.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'fine-tune-bench-follow-'));
  const server = await startLocalServer({ dataDir, stepDelayMs: 1 });
  try {
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        prompt: `message ${i} about ${i % 7 === 0 ? 'refunds' : 'delivery'}\n\n###\n\n`,
        completion: i % 7 === 0 ? ' refund' : ' delivery',
      }),
    );
    const file = await client.files.create({
      file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'follow.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: file.id,
      hyperparameters: { n_epochs: 10, batch_size: 1 },
    });
    const run = await measure(['follow', server.baseURL, server.apiKey, job.id]);
    const { followCpuMs, followWallMs, events, status } = run.report;
    if (status !== 'succeeded') throw new Error(`follow bench: job ${status}`);
    const share = followCpuMs / followWallMs;
    return [
      row(
        `job panel: following a job of ${events.toLocaleString('en')} events (CPU share)`,
        `${(share * 100).toFixed(2)} % of a core`,
        `${seconds(followWallMs)} followed, ${seconds(followCpuMs)} CPU`,
        share.toFixed(4),
        '< 2 % of a core',
        share < 0.02,
        `${((followCpuMs * 1000) / events).toFixed(0)} µs CPU per event at ~${Math.round(events / (followWallMs / 1000))} events/s; follow engine + per-event chart/log work, not the Ink panel (not on main yet)`,
      ),
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
