// Run by scripts/screenshots.js (`npm run screenshots`) after the chat images: trains a local-small model
// on the topics fixture with the built binary, then walks the wizard's rescue path in a real terminal
// (tmux, 100×30): the inventory, the golden set being recorded, where to retrain and what carries over,
// the comparison's report and the flipped examples side by side. Imports nothing from src.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTmux, TmuxScreen } from './tmux-screen.js';
import { stopLocalServer } from './local-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'train');
const BIN = join(ROOT, 'bin', 'fine-tune.js');

requireTmux('screenshots-rescue');

const term = new TmuxScreen('fine-tune-rescue-screens', { columns: 100, rows: 30, outDir: OUT });
const work = mkdtempSync(join(tmpdir(), 'fine-tune-rescue-screens-'));
const home = join(work, 'home');
const keys = (...k) => term.keys(...k);
const waitFor = (pattern, timeoutMs) => term.waitFor(pattern, timeoutMs);
const capture = (file, title) => term.capture(file, title);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Captures the golden set while it is being recorded (between a fifth and four fifths of the way). */
async function captureWhileRecording(file, title) {
  for (let tries = 0; tries < 400; tries++) {
    const done = Number(/\b(\d+) of 200 answers/.exec(term.screen())?.[1] ?? 0);
    if (done >= 40 && done <= 160) return capture(file, title);
    if (done > 160) break;
    await sleep(10);
  }
  // Too fast to catch mid-way on this machine: the finished recording instead.
  await capture(file, title);
}

/** A fixture copied into the work folder: the job's manifest is written beside its training file. */
function copied(name) {
  const path = join(work, name);
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  // The model to rescue, trained once without a terminal; the same seed and ids on every run.
  const env = {
    ...process.env,
    FINE_TUNE_HOME: home,
    FINE_TUNE_LOCAL_STEP_MS: '0',
    FINE_TUNE_LOCAL_ID_SEED: '7',
  };
  delete env.OPENAI_API_KEY;
  delete env.FINE_TUNE_PROVIDER;
  execFileSync(
    process.execPath,
    [
      BIN,
      'create',
      '-t',
      copied('topics_train.jsonl'),
      '-v',
      copied('topics_valid.jsonl'),
      '-m',
      'local-small',
      '--suffix',
      'topics',
      '--seed',
      '7',
    ],
    { env, stdio: 'ignore' },
  );

  term.start([process.execPath, BIN], {
    cwd: work,
    env: [
      'TERM=xterm-256color',
      'FORCE_COLOR=2',
      `FINE_TUNE_HOME=${home}`,
      'FINE_TUNE_LOCAL_STEP_MS=20',
      // 200 answers four at a time take about two seconds: long enough to capture mid-way.
      'FINE_TUNE_LOCAL_REPLY_MS=40',
      'FINE_TUNE_LOCAL_ID_SEED=7',
      'FINE_TUNE_SEED=7',
      // Days left are counted from this day in every image.
      'FINE_TUNE_TODAY=2026-12-07',
    ],
    unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY', 'FINE_TUNE_PROVIDER'],
  });
  await waitFor('Ctrl+R');
  keys('C-r');
  await waitFor('Next:');
  await capture(
    'rescue-1-inventory',
    'fine-tune · rescue: what you own, the job behind it, whether its data is still there',
  );
  keys('Enter');
  await waitFor('enter record the golden set');
  keys('Enter');
  await captureWhileRecording(
    'rescue-2-golden-set',
    'fine-tune · rescue: the golden set, written as the answers arrive',
  );
  await waitFor('Recorded:', 60_000);
  keys('Enter');
  await waitFor('Which provider');
  // openai, azure, local: the local provider, offline.
  keys('Up');
  await waitFor('› local');
  keys('Enter');
  await waitFor('› local-base');
  keys('Enter');
  await waitFor('Enter uploads the kept data');
  await capture(
    'rescue-3-retrain',
    'fine-tune · rescue: retrain elsewhere, the settings carried over and what is not',
  );
  keys('Enter');
  await waitFor('enter compare', 120_000);
  keys('Enter');
  await waitFor('Agrees on', 60_000);
  await capture(
    'rescue-4-report',
    'fine-tune · rescue: agreement, per class and the confusion of old and new labels',
  );
  keys('Tab');
  await waitFor(/Flipped 1 of|No example flipped/);
  await capture(
    'rescue-5-flipped',
    'fine-tune · rescue: the examples that flipped, old and new answers side by side',
  );
  keys('q');
  await waitFor('Report:');
}

main()
  .catch((error) => {
    process.stderr.write(`screenshots-rescue: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    term.close();
    stopLocalServer(home);
    rmSync(work, { recursive: true, force: true });
  });
