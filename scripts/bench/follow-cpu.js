import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { measure, row, seconds } from './measure.js';

// The realistic-pace run follows the job for this long (at 80 ms a step it would take 13 minutes).
const PACED_MS = 20_000;
// Its first seconds (first frame, JIT) are left out: over a job of minutes they do not count.
const WARMUP_MS = 3_000;
// As bin/fine-tune.js runs it: React's production build.
const PRODUCTION = { NODE_ENV: 'production' };

/** A job of about 10,000 events: 1,000 examples × 10 epochs at batch size 1. */
async function bigJob(server) {
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
    seed: 7,
  });
  return job.id;
}

async function withServer(stepDelayMs, run) {
  const { startLocalServer } = await import('../../dist/server/index.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'fine-tune-bench-follow-'));
  const server = await startLocalServer({ dataDir, stepDelayMs });
  try {
    return await run(server, dataDir);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const pct = (share) => `${(share * 100).toFixed(2)} % of a core`;

/**
 * CPU of a follower (child process) while a local job produces about 10,000 events: the follow engine
 * alone, then the real Ink job panel, at full speed (~850 events/s, the worst case) and at the local
 * server's default pace. The server trains in this process, so its work is not counted.
 */
export async function followCpu() {
  const rows = [];
  await withServer(1, async (server, dataDir) => {
    const engineJob = await bigJob(server);
    const run = await measure(['follow', server.baseURL, server.apiKey, engineJob]);
    const { followCpuMs, followWallMs, events, status } = run.report;
    if (status !== 'succeeded') throw new Error(`follow bench: job ${status}`);
    const share = followCpuMs / followWallMs;
    rows.push(
      row(
        `follow engine alone: a job of ${events.toLocaleString('en')} events (CPU share)`,
        pct(share),
        `${seconds(followWallMs)} followed, ${seconds(followCpuMs)} CPU`,
        share.toFixed(4),
        '—',
        null,
        `${((followCpuMs * 1000) / events).toFixed(0)} µs CPU per event at ~${Math.round(events / (followWallMs / 1000))} events/s; follow engine + per-event chart/log work, no Ink`,
      ),
    );
    const panelJob = await bigJob(server);
    const panel = await measure(
      ['panel', server.baseURL, server.apiKey, panelJob, '600000', '0', dataDir],
      PRODUCTION,
    );
    const p = panel.report;
    if (!p.finished) throw new Error('panel bench: the job did not finish');
    const panelShare = p.panelCpuMs / p.panelWallMs;
    rows.push(
      row(
        `job panel (Ink): the same job at full speed, ${events.toLocaleString('en')} events (CPU share)`,
        pct(panelShare),
        `${seconds(p.panelWallMs)} followed, ${seconds(p.panelCpuMs)} CPU`,
        panelShare.toFixed(4),
        'worst case, reported',
        null,
        `~${Math.round(events / (p.panelWallMs / 1000))} events/s; ${p.renders} renders, ${(p.bytes / 1024).toFixed(0)} KB of frames written`,
      ),
    );
  });
  const { defaultStepDelay } = await import('../../dist/server/index.js');
  const delay = defaultStepDelay({});
  await withServer(delay, async (server, dataDir) => {
    const job = await bigJob(server);
    const panel = await measure(
      ['panel', server.baseURL, server.apiKey, job, String(PACED_MS + WARMUP_MS), String(WARMUP_MS), dataDir],
      PRODUCTION,
    );
    const p = panel.report;
    const share = p.panelCpuMs / p.panelWallMs;
    rows.push(
      row(
        `job panel (Ink): the same job at the local server's pace (${delay} ms a step), CPU share`,
        pct(share),
        `${seconds(p.panelWallMs)} followed, ${seconds(p.panelCpuMs)} CPU`,
        share.toFixed(4),
        '< 2 % of a core',
        share < 0.02,
        `real JobScreen + follow hook, Ink rendering 100×30 to a null terminal, React production build, first 3 s left out; ${p.renders} renders, ${(p.bytes / 1024).toFixed(0)} KB of frames written`,
      ),
    );
  });
  return rows;
}
