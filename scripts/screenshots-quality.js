// Run by scripts/screenshots.js (`npm run screenshots`): the wizard's quality review (issue #19) in a
// real terminal (tmux, 100×30), rendered like the wizard's screenshots. The data is the topics fixture
// (test/fixtures/train/topics_train.jsonl) with every 40th label moved to the next topic and three
// near-copies of earlier prompts (case and spacing changed) given another topic. Imports nothing from src.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTmux, TmuxScreen } from './tmux-screen.js';
import { stopLocalServer } from './local-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'screenshots');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'train', 'topics_train.jsonl');
const BIN = join(ROOT, 'bin', 'fine-tune.js');

requireTmux('screenshots-quality');

/** The fixture with labels flipped at known rows and three conflicting near-copies. */
function noisyTopics() {
  const rows = readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const topics = [...new Set(rows.map((r) => r.completion))];
  const next = (label) => topics[(topics.indexOf(label) + 1) % topics.length];
  const out = rows.map((r, i) => (i % 40 === 39 ? { ...r, completion: next(r.completion) } : r));
  for (const i of [3, 120, 333]) {
    const r = rows[i];
    const prompt = r.prompt.replace(/^(\S+)/, (w) => w.toUpperCase()).replace(/ /, '  ');
    out.push({ prompt, completion: next(r.completion) });
  }
  return out.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'fine-tune-quality-screens-'));
  writeFileSync(join(work, 'news-topics.jsonl'), noisyTopics());
  const term = new TmuxScreen('fine-tune-quality-screens', { columns: 100, rows: 30, outDir: OUT });
  term.start([process.execPath, BIN, 'news-topics.jsonl'], {
    cwd: work,
    env: [
      'TERM=xterm-256color',
      'FORCE_COLOR=2',
      `HOME=${work}`,
      `XDG_DATA_HOME=${join(work, '.data')}`,
      `FINE_TUNE_HOME=${join(work, '.fine-tune')}`,
    ],
    unset: ['NO_COLOR', 'CI', 'OPENAI_API_KEY', 'FINE_TUNE_PROVIDER'],
  });
  try {
    await term.waitFor('Task type', 60_000);
    term.keys('Enter');
    // Other fixes come first in check order: passed over with n.
    for (let screen = await term.waitFor(/Fix \d+ of \d+/); !screen.includes('Likely mislabelled ·');) {
      const shown = Number(/Fix (\d+) of/.exec(screen)?.[1]);
      term.keys('n');
      screen = await term.waitFor(`Fix ${shown + 1} of`);
    }
    await term.waitFor(/alike/);
    await term.capture('quality-1-mislabelled', 'fine-tune · a likely mislabelled example, and why');
    term.keys('t');
    await term.waitFor('Relabel all at confidence');
    await term.capture('quality-2-relabel-above', 'fine-tune · relabel every one above a confidence');
    term.keys('Escape');
    await term.waitFor(/r relabel/);
    term.keys('Enter');
    // Once the rows' texts are read: a line number, a label, then words.
    await term.waitFor(/Conflicting labels ·[\s\S]*\n\s+\d+ \S+\s+\w+ \w+/);
    await term.capture('quality-3-conflict', 'fine-tune · near-identical prompts with different labels');
    term.keys('q');
  } finally {
    term.close();
    stopLocalServer(join(work, '.fine-tune'));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`screenshots-quality: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
