import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, row, seconds } from './measure.js';

/**
 * Runs `command` in a pseudo-terminal (util-linux `script`, 100×30) and resolves with the ms until
 * `until` appears in its output (ANSI codes removed), or until it exits when `until` is null.
 */
function timeInTerminal(command, until, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfc', `stty cols 100 rows 30; exec ${command}`, '/dev/null'], {
      cwd: ROOT,
      // A clean environment: any CI variable, even empty, makes Ink draw only the last frame.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        TERM: 'xterm-256color',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    let screen = '';
    let done = false;
    const finish = (ms) => {
      if (done) return;
      done = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve(ms);
    };
    child.stdout.setEncoding('utf8').on('data', (text) => {
      // eslint-disable-next-line no-control-regex
      screen += text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
      if (until !== null && screen.includes(until)) finish(performance.now() - started);
    });
    child.on('error', reject);
    child.on('exit', () =>
      until === null
        ? finish(performance.now() - started)
        : !done && reject(new Error(`exited before "${until}": ${screen.slice(0, 300)}`)),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Time until the wizard's first frame (its header and "Reading …") against `node -e 0` in the same pty. */
export async function firstFrame() {
  const home = mkdtempSync(join(tmpdir(), 'fine-tune-bench-home-'));
  const env = { FINE_TUNE_HOME: home, OPENAI_API_KEY: '' };
  const wizard = [];
  const node = [];
  try {
    for (let round = 0; round < 7; round++) {
      node.push(await timeInTerminal(`${process.execPath} -e 0`, null, env));
      wizard.push(
        await timeInTerminal(
          `${process.execPath} bin/fine-tune.js examples/support-tickets.csv`,
          'Reading',
          env,
        ),
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const w = median(wizard);
  const n = median(node);
  return [
    row(
      'wizard: first frame (median of 7)',
      seconds(w),
      `${seconds(n)} node -e 0, same pty`,
      (w / n).toFixed(2),
      '≤ 4',
      w / n <= 4,
      'via `script`, 100×30',
    ),
  ];
}
