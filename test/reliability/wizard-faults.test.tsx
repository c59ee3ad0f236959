import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { connect, type Connection } from '../../src/api/connect.js';
import type { FineTuningJobEvent } from '../../src/api/jobs.js';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import type { Services } from '../../src/app/services.js';
import { KEY, press, services, tempDir, throughTheDataSteps, waitFor } from '../app/helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));
// Tall enough for the panel to list every event it holds (its cap is 500), so the last frame shows
// exactly what the wizard received.
const ROWS = 700;

const opened: Connection[] = [];
afterEach(async () => {
  cleanup();
  for (const connection of opened.splice(0)) await connection.close();
});

/** Lines of the panel's event list in a frame (each drawn as "· message" or "! message"). */
function eventLines(frame: string): string[] {
  const lines = frame.split('\n');
  const title = lines.findIndex((line) => /^\s*Events \(\d+\)/.test(line));
  if (title < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(title + 1)) {
    const match = /^\s*[·!] (.*)$/.exec(line);
    if (match === null) break;
    out.push((match[1] ?? '').trimEnd());
  }
  return out;
}

function compact(frame: string): string {
  return frame
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}

async function listAll(connection: Connection, jobId: string): Promise<FineTuningJobEvent[]> {
  const all: FineTuningJobEvent[] = [];
  for await (const event of connection.client.fineTuning.jobs.listEvents(jobId, { limit: 100 })) {
    all.push(event);
  }
  return all.reverse(); // the API lists newest first
}

describe('the wizard under the local server’s injected faults', () => {
  it('follows a job to success with every event shown exactly once, in order', async () => {
    const dir = tempDir();
    const home = tempDir();
    copyFileSync(EXAMPLE, join(dir, 'support-tickets.csv'));
    const dataDir = join(home, 'local');
    let followFaults = 0;
    let faulty: Connection | null = null;
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env: { FINE_TUNE_HOME: home },
      pollMs: 30,
      seed: 7,
      bell: () => undefined,
      provider: {
        open: async () => {
          if (faulty === null) {
            const connection = await connect({
              provider: 'local',
              env: {},
              local: { dataDir, stepDelayMs: 5, injectFaults: 0.2, log: () => undefined },
            });
            opened.push(connection);
            // Listing models and creating the job lean on the SDK's own retries (2 by default: at
            // a 20% fault rate about 1 wizard run in 25 stops at "Could not list the provider's
            // models"). More of them here keeps this test on following; follow does its own retries.
            // Every answer the follow requests got (the job and its events), to know faults hit them.
            const counting: typeof fetch = async (input, init) => {
              const url = String(input instanceof Request ? input.url : input);
              const following = /\/fine_tuning\/jobs\/[^/]+(\/events)?(\?|$)/.test(url);
              try {
                const response = await fetch(input, init);
                if (following && (response.status === 429 || response.status >= 500)) followFaults += 1;
                return response;
              } catch (error) {
                if (following) followFaults += 1;
                throw error;
              }
            };
            faulty = {
              ...connection,
              client: connection.client.withOptions({ maxRetries: 8, fetch: counting }),
            };
          }
          return faulty;
        },
      },
    };
    const ui = render(<App file={join(dir, 'support-tickets.csv')} services={wizard} />);
    Object.defineProperty(ui.stdout, 'rows', { value: ROWS });
    ui.stdout.emit('resize');

    await throughTheDataSteps(ui);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('› local-base'), 20_000);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Suffix'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('✓ succeeded'), 60_000).catch((error: unknown) => {
      // The tall frame is mostly blank lines: say what was on screen instead.
      throw new Error(`${String(error)}\n${compact(ui.lastFrame() ?? '')}`);
    });
    // The last batch lands with the final job: wait until the panel is done following.
    await waitFor(() => expect(ui.lastFrame()).toMatch(/\d+ checkpoints? \(step/), 10_000);
    const frame = ui.lastFrame() ?? '';
    const jobId = /ftjob-[\w-]+/.exec(frame)?.[0];

    // The faults really hit the requests that followed the job (a "reconnecting…" frame may be drawn
    // or not: a 20 ms retry can fall between two renders).
    expect(followFaults).toBeGreaterThan(0);

    // A full listing afterwards, through the SDK, from a server on the same data without faults.
    await faulty!.close();
    const clean = await connect({
      provider: 'local',
      env: {},
      local: { dataDir, stepDelayMs: 0, log: () => undefined },
    });
    opened.push(clean);
    const id = jobId ?? (await clean.client.fineTuning.jobs.list()).data[0]?.id ?? '';
    const listed = await listAll(clean, id);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.length).toBeLessThanOrEqual(500);
    expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);

    const shown = eventLines(frame);
    expect(frame).toContain(`Events (${listed.length})`);
    expect(shown).toEqual(listed.map((e) => e.message));
    const steps = listed.filter((e) => e.type === 'metrics').length;
    expect(frame).toMatch(new RegExp(`step ${steps}/${steps}`));
  }, 120_000);
});
