// Run by scripts/screenshots.js (`npm run screenshots`), or alone: the provider choice (several keys
// set), the model step on Azure OpenAI with its training type, and `fine-tune radar`, in a real terminal
// (tmux, 100×30) against the providers scripts/fake-providers.js plays on 127.0.0.1. Today is fixed
// (FINE_TUNE_TODAY) so the days left are the same in every image. Imports nothing from src.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeProviders } from './fake-providers.js';
import { requireTmux, TmuxScreen } from './tmux-screen.js';
import { stopLocalServer } from './local-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const BIN = join(ROOT, 'bin', 'fine-tune.js');

requireTmux('screenshots-providers');

const term = new TmuxScreen('fine-tune-provider-screens', { columns: 100, rows: 30, outDir: OUT });
const work = mkdtempSync(join(tmpdir(), 'fine-tune-provider-screens-'));
const home = join(work, '.fine-tune');
const keys = (...k) => term.keys(...k);
const waitFor = (pattern, timeoutMs) => term.waitFor(pattern, timeoutMs);

// A fine-tune made on OpenAI before the wind-down: the banner and the radar speak of it.
function recordOldJob() {
  mkdirSync(join(home, 'jobs'), { recursive: true });
  const record = {
    id: 'ftjob-7c1d2e',
    provider: 'openai',
    baseURL: '',
    trainingFile: { id: 'file-1', path: join(work, 'tickets_prepared_train.jsonl') },
    validationFile: null,
    model: 'gpt-4o-mini-2024-07-18',
    suffix: 'tickets',
    dataFormat: 'chat',
    separator: null,
    stop: null,
    systemPrompt: null,
    createdAt: 1_760_000_000,
    fineTunedModel: 'ft:gpt-4o-mini-2024-07-18:acme:tickets:7c1d2e',
  };
  writeFileSync(join(home, 'jobs', 'ftjob-7c1d2e.json'), `${JSON.stringify(record, null, 2)}\n`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  copyFileSync(join(ROOT, 'examples', 'support-tickets.csv'), join(work, 'support-tickets.csv'));
  recordOldJob();
  const providers = await startFakeProviders();
  const env = [
    `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`,
    'LANG=C.UTF-8',
    'TERM=xterm-256color',
    'FORCE_COLOR=2',
    `HOME=${work}`,
    `FINE_TUNE_HOME=${home}`,
    'FINE_TUNE_TODAY=2026-12-07',
    'FINE_TUNE_HIDE_CLOCK=1',
    ...providers.env,
  ];
  const start = (args) =>
    term.start([process.execPath, BIN, ...args], {
      cwd: work,
      env,
      unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY', 'FINE_TUNE_PROVIDER', 'OPENAI_API_VERSION'],
    });
  try {
    start(['support-tickets.csv']);
    await waitFor('Which provider should this folder use?');
    await capture('providers-1-choice', 'fine-tune · several keys set: choose the provider once per folder');
    keys('Enter');
    await waitFor('Task type');
    keys('Enter');
    await waitFor(/Fix 1 of/);
    keys('a');
    await waitFor(/Sample \d+ of/);
    keys('Enter');
    await waitFor('Split into');
    keys('y');
    await waitFor('Wrote');
    keys('Enter');
    await waitFor('› gpt-4.1-2025-04-14');
    keys('Enter');
    await waitFor('convert the data to chat');
    keys('y');
    await waitFor('Press enter to upload');
    keys('Down', 'Down', 'Right', 'Right');
    await waitFor(/Training type +Developer/);
    await capture(
      'providers-2-azure-options',
      "fine-tune · Azure OpenAI's model step: training type, its own rules",
    );
    keys('Escape', 'Escape');
    await waitFor('› gpt-4.1-2025-04-14');
    keys('q');

    start(['radar']);
    await waitFor('→ fine-tune');
    await capture('providers-3-radar', 'fine-tune radar · what dies when, days left, the next step');
  } finally {
    term.close();
    await providers.close();
    stopLocalServer(home);
    rmSync(work, { recursive: true, force: true });
  }
}

async function capture(name, title) {
  await term.capture(name, title);
}

main().catch((error) => {
  process.stderr.write(`screenshots-providers: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
