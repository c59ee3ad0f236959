// A real terminal for the screenshot scripts: runs the built binary in tmux at a fixed size, types,
// waits for text and captures the screen (with its colours) to SVG + PNG. Imports nothing from src.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeScreenshot } from './terminal-svg.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const shellQuote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

export function requireTmux(script) {
  if (spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status !== 0) {
    process.stderr.write(`${script}: tmux is needed (apt-get install tmux)\n`);
    process.exit(1);
  }
}

export class TmuxScreen {
  constructor(name, { columns, rows, outDir }) {
    this.name = name;
    this.columns = columns;
    this.rows = rows;
    this.outDir = outDir;
    this.sessions = 0;
    this.socket = `${name}-${process.pid}-0`;
  }

  tmux(...args) {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `argv` in a new session, in its own tmux server: a new session on a server that is still
   * shutting down fails. `unset` names variables removed first (CI makes Ink draw its last frame only;
   * NO_COLOR takes the colours), `env` adds NAME=value strings, `tail` runs after the command.
   */
  start(argv, { cwd, env = [], unset = [], tail = 'sleep 30' }) {
    this.close();
    this.sessions += 1;
    this.socket = `${this.name}-${process.pid}-${this.sessions}`;
    const command = ['env', ...unset.flatMap((name) => ['-u', name]), ...env, ...argv];
    const size = ['-x', String(this.columns), '-y', String(this.rows)];
    this.tmux('new-session', '-d', ...size, '-c', cwd, `${command.map(shellQuote).join(' ')}; ${tail}`);
  }

  screen() {
    return this.tmux('capture-pane', '-p');
  }

  keys(...keys) {
    this.tmux('send-keys', ...keys);
  }

  async waitFor(pattern, timeoutMs = 20_000) {
    const start = Date.now();
    for (;;) {
      const text = this.screen();
      if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) {
        // Let Ink finish the frame it is drawing before the capture.
        await sleep(250);
        return this.screen();
      }
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${pattern}:\n${text}`);
      await sleep(50);
    }
  }

  async capture(file, title) {
    const ansi = this.tmux('capture-pane', '-p', '-e');
    await writeScreenshot(ansi, { dir: this.outDir, file, columns: this.columns, rows: this.rows, title });
  }

  close() {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}
