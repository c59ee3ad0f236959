// Run by scripts/screenshots.js (`npm run screenshots`) after the wizard's images: trains a local model on the topics
// fixture with the built binary, then captures the chat tester (one reply, compare mode, the model
// switcher) and `fine-tune eval --compare` in a real terminal (tmux, 100×30), rendered like the
// wizard's screenshots (scripts/terminal-svg.js). Imports nothing from src.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTmux, TmuxScreen } from './tmux-screen.js';
import { stopLocalServer } from './local-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'train');
const COLUMNS = 100;
const ROWS = 30;
const BIN = join(ROOT, 'bin', 'fine-tune.js');

requireTmux('screenshots-chat');

const term = new TmuxScreen('fine-tune-chat-screens', { columns: COLUMNS, rows: ROWS, outDir: OUT });
const work = mkdtempSync(join(tmpdir(), 'fine-tune-chat-screens-'));
const home = join(work, 'home');
const keys = (...k) => term.keys(...k);
const waitFor = (pattern, timeoutMs) => term.waitFor(pattern, timeoutMs);
const capture = (file, title) => term.capture(file, title);

function start(args, { marker = true } = {}) {
  term.start([process.execPath, BIN, ...args], {
    cwd: work,
    env: [
      'TERM=xterm-256color',
      'COLORTERM=',
      'FORCE_COLOR=2',
      `FINE_TUNE_HOME=${home}`,
      'FINE_TUNE_HIDE_CLOCK=1',
      'FINE_TUNE_LOCAL_ID_SEED=7',
    ],
    unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY'],
    tail: `${marker ? "echo '(exited)'; " : ''}sleep 30`,
  });
}

/** A fixture copied into the work folder: the job's manifest is written beside its training file. */
function copied(name) {
  const path = join(work, name);
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  // Train once, without a terminal: the record keeps the separator so the tester applies it.
  // The same seed and ids every run: the same model name and replies in every image.
  const env = {
    ...process.env,
    FINE_TUNE_HOME: home,
    FINE_TUNE_LOCAL_STEP_MS: '0',
    FINE_TUNE_LOCAL_ID_SEED: '7',
  };
  delete env.OPENAI_API_KEY;
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
      '--separator',
      '\n\n###\n\n',
      '--seed',
      '7',
    ],
    { env, stdio: 'ignore' },
  );
  const [recordFile] = readdirSync(join(home, 'jobs'));
  const model = JSON.parse(readFileSync(join(home, 'jobs', recordFile), 'utf8')).fineTunedModel;

  start(['chat', model]);
  await waitFor('type a message');
  keys('C-p');
  keys('-l', 'the minister defended the reform in parliament');
  await waitFor('parliament');
  keys('Enter');
  await waitFor(/^politics\b/m);
  await capture('chat-1-reply', 'fine-tune chat · the separator applied for you, the prompt sent shown');
  keys('C-r');
  await waitFor('vs local-small');
  keys('-l', 'garlic soup and fresh bread from the bakery');
  await waitFor('bakery');
  keys('Enter');
  await waitFor('untrained');
  await capture('chat-2-compare', 'fine-tune chat · side by side with the base model');
  keys('C-o');
  await waitFor('ckpt-step');
  await capture('chat-3-models', 'fine-tune chat · any checkpoint, the base model, any id');
  keys('Escape');
  // Apart, or the terminal's Esc and Ctrl+C arrive as one meta-modified key.
  await waitFor('type a message');
  keys('C-c');
  // The local server keeps a lock on its data directory until the process is gone.
  await waitFor('(exited)');

  // No end marker here: the table is the whole picture.
  start(['eval', '-m', model, '-f', join(FIXTURES, 'topics_valid.jsonl'), '--compare', 'local-small'], {
    marker: false,
  });
  await waitFor('confusion matrix: local-small');
  await capture('eval', 'fine-tune eval --compare · accuracy, per-class scores');
}

main()
  .catch((error) => {
    process.stderr.write(`screenshots-chat: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    term.close();
    stopLocalServer(home);
    rmSync(work, { recursive: true, force: true });
  });
