// `npm run screenshots`: runs the built wizard in a real terminal (tmux, 100×30) on the bundled
// example, captures each screen with its colours and renders it to screenshots/NN-name.svg and .png
// (headless xterm → SVG → resvg), then runs scripts/screenshots-quality.js (the quality review),
// scripts/screenshots-chat.js (chat tester, compare mode,
// eval table), scripts/screenshots-providers.js (provider choice, Azure's options, the radar) and
// scripts/screenshots-rescue.js (the rescue path). Imports nothing from src: it drives the binary as a
// person would.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTmux, TmuxScreen } from './tmux-screen.js';
import { stopLocalServer } from './local-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const COLUMNS = 100;
const ROWS = 30;
const EXAMPLE = join(ROOT, 'examples', 'support-tickets.csv');

requireTmux('screenshots');
if (!existsSync(EXAMPLE)) {
  process.stderr.write(`screenshots: ${EXAMPLE} is missing\n`);
  process.exit(1);
}

const term = new TmuxScreen('fine-tune-screens', { columns: COLUMNS, rows: ROWS, outDir: OUT });
const work = mkdtempSync(join(tmpdir(), 'fine-tune-screens-'));
copyFileSync(EXAMPLE, join(work, 'support-tickets.csv'));
const keys = (...k) => term.keys(...k);
const waitFor = (pattern, timeoutMs) => term.waitFor(pattern, timeoutMs);
let shot = 0;

async function capture(name, title) {
  shot += 1;
  await term.capture(`${String(shot).padStart(2, '0')}-${name}`, title);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  // A clean environment (env -i): CI variables would make Ink draw only its last frame, NO_COLOR none.
  const env = [
    `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`,
    'LANG=C.UTF-8',
    'TERM=xterm-256color',
    'FORCE_COLOR=2',
    `XDG_DATA_HOME=${join(work, '.data')}`,
    `HOME=${work}`,
    `FINE_TUNE_HOME=${join(work, '.fine-tune')}`,
    // A watchable pace, the same curves on every run, and no clock-dependent text.
    'FINE_TUNE_LOCAL_STEP_MS=60',
    'FINE_TUNE_SEED=7',
    'FINE_TUNE_HIDE_CLOCK=1',
    'FINE_TUNE_LOCAL_ID_SEED=7',
  ];
  term.start([process.execPath, join(ROOT, 'bin', 'fine-tune.js')], {
    cwd: work,
    env,
    // The local provider, whatever keys the shell has.
    unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY', 'FINE_TUNE_PROVIDER'],
  });
  try {
    await waitFor('Which data file');
    keys('-l', 'sup');
    await waitFor('› sup');
    keys('Tab');
    await waitFor('support-tickets.csv');
    await capture('load-path', 'fine-tune · pick a file (Tab completes)');
    keys('Enter');
    await waitFor('Task type');
    await capture('load-summary', 'fine-tune · what is in the file');
    keys('Enter');
    await waitFor(/Fix 1 of \d+/);
    await capture('review-fix', 'fine-tune · one fix per screen');
    // The next fix changes text rather than removing rows: the highlight shows what changes.
    keys('y');
    await waitFor(/Fix 2 of \d+/);
    await capture('review-change', 'fine-tune · before and after, the change highlighted');
    keys('v');
    await waitFor(/\d+–\d+ of \d+ affected/);
    await capture('review-rows', 'fine-tune · every affected row');
    keys('Escape');
    await waitFor(/Fix 2 of/);
    keys('?');
    await waitFor('Reviewing fixes');
    await capture('review-help', 'fine-tune · help');
    keys('Escape');
    await waitFor(/Fix 2 of/);
    keys('a');
    await waitFor(/Sample \d+ of|No examples/);
    keys('Right');
    await waitFor('Sample 2 of');
    keys('d');
    await waitFor('1 example marked to drop');
    await capture('samples', 'fine-tune · read samples, drop bad ones');
    keys('Enter');
    const text = await waitFor(/Split into|Wrote/);
    if (text.includes('Split into')) {
      await capture('split', 'fine-tune · training and validation sets');
      keys('y');
      await waitFor('Wrote');
    }
    await capture('written', 'fine-tune · written, and what to do next');
    keys('Enter');
    await waitFor('› local-base');
    await capture('model', 'fine-tune · choose the base model (local provider: no key set)');
    keys('Enter');
    await waitFor('Press enter to upload');
    keys('Down', 'Down', '4');
    await waitFor('4 epochs');
    await capture('model-options', 'fine-tune · suffix, hyperparameters, cost and the same command');
    keys('Enter');
    // Captured at a fixed stretch of training (the seed fixes the curves; the ETA is hidden).
    await waitFor(/step (9\d|1[01]\d)\/\d+/, 60_000);
    await capture('job-running', 'fine-tune · the job, live: progress, loss chart, events');
    await waitFor('✓ succeeded', 120_000);
    await capture('job-done', 'fine-tune · the job succeeded: open the chat tester with t');
    // Every checkpoint scored (x), unnumbered so the numbered shots keep their names; Esc comes back.
    keys('x');
    await waitFor(/final\s+\d/, 120_000);
    await term.capture(
      'job-checkpoints',
      'fine-tune · every checkpoint scored, the best marked: x on the job panel',
    );
    keys('Escape');
    await waitFor('t chat tester');
    // The tester inside the wizard: Esc goes back to the job panel (evaluation, the chart).
    keys('t');
    await waitFor('esc job panel');
    keys('-l', 'My card was charged twice this month.');
    keys('Enter');
    await waitFor(/you › My card[\s\S]*esc job panel/);
    await capture('job-chat', 'fine-tune · the chat tester in the wizard: Esc goes back to the job');
    // Correcting the answer: Ctrl+F opens a field prefilled with it; Enter adds it to the corrections.
    keys('C-f');
    await waitFor('enter save correction');
    keys('C-u');
    keys('-l', 'Sorry about the double charge: the second one is refunded within 5 days.');
    await waitFor('Sorry about the double charge');
    // Unnumbered, like the runs and checkpoint shots, so the numbered ones keep their names.
    await term.capture(
      'job-chat-correct',
      'fine-tune · correct an answer: it becomes a training row for next time',
    );
    keys('Enter');
    await waitFor('1 correction saved for the next training run');
    keys('Escape');
    await waitFor('t chat tester');
    // Train more (m): the job's model as the base, its data plus the correction just saved.
    keys('m');
    await waitFor(/Corrections\s+include 1 row[\s\S]*Press enter to upload/, 30_000);
    await term.capture('train-more', 'fine-tune · train more: the same data plus your corrections');
    keys('Enter');
    await waitFor('✓ succeeded', 120_000);
    // The run history from the panel (h), unnumbered so the numbered shots keep their names; Esc comes back.
    keys('h');
    await waitFor('created or followed here');
    await term.capture('runs', 'fine-tune · every run created or followed here: h on the job panel');
    // The two runs compared: c marks A, c on the other compares (settings, losses overlaid, eval).
    keys('c');
    await waitFor('A marked');
    keys('Down');
    keys('c');
    await waitFor('B training loss', 30_000);
    await term.capture('runs-compare', 'fine-tune · two runs side by side: c on one, then c on the other');
    keys('Escape');
    await waitFor('created or followed here');
    keys('Escape');
    await waitFor('t chat tester');
    keys('q');
    await waitFor('fine-tune chat ft:');
  } finally {
    term.close();
  }
  await sheetPicker(env);
  stopLocalServer(join(work, '.fine-tune'));
  rmSync(work, { recursive: true, force: true });
}

/** A workbook of two sheets (the example's tickets and a notes sheet): the wizard asks which to read. */
async function sheetPicker(env) {
  const XLSX = await import('xlsx');
  const tickets = XLSX.read(readFileSync(EXAMPLE, 'utf8'), { type: 'string' });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, tickets.Sheets[tickets.SheetNames[0]], 'tickets');
  const notes = [['note'], ['labels reviewed by the support team'], ['export of March']];
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(notes), 'notes');
  writeFileSync(join(work, 'support-tickets.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }));
  const sheets = new TmuxScreen('fine-tune-sheets', { columns: COLUMNS, rows: ROWS, outDir: OUT });
  sheets.start([process.execPath, join(ROOT, 'bin', 'fine-tune.js'), 'support-tickets.xlsx'], {
    cwd: work,
    env,
    unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY', 'FINE_TUNE_PROVIDER'],
  });
  try {
    await sheets.waitFor('Which one holds your examples');
    shot += 1;
    await sheets.capture(
      `${String(shot).padStart(2, '0')}-load-sheet`,
      'fine-tune · a workbook of several sheets: which one?',
    );
    sheets.keys('q');
  } finally {
    sheets.close();
  }
}

main()
  .then(() => {
    // The chat tester, compare mode and the eval table; the provider choice, Azure's model step and the
    // radar (against scripts/fake-providers.js); then the rescue path: one command makes every image.
    for (const script of [
      'screenshots-quality.js',
      'screenshots-chat.js',
      'screenshots-providers.js',
      'screenshots-rescue.js',
    ]) {
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts', script)], { stdio: 'inherit' });
      if (run.status !== 0) process.exitCode = 1;
    }
  })
  .catch((error) => {
    process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
