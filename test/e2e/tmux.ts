import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** True when tmux can be run here (CI installs it; see .ci/run). */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A real terminal for end-to-end tests: a detached tmux session on its own server socket (so tests
 * never touch the user's tmux or each other), driven by send-keys and read with capture-pane.
 */
export class TmuxTerminal {
  private readonly socket = `fine-tune-test-${randomUUID().slice(0, 8)}`;

  constructor(
    readonly columns = 80,
    readonly rows = 24,
  ) {}

  start(command: readonly string[], options: { cwd: string; env: Readonly<Record<string, string>> }): void {
    // A clean environment: CI variables would make Ink draw only its last frame.
    const base = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: 'C.UTF-8',
    };
    const env = Object.entries({ ...base, ...options.env }).map(([k, v]) => `${k}=${shellQuote(v)}`);
    // The pane stays open after the program ends so its last words can be read.
    const script = `env -i ${env.join(' ')} ${command.map(shellQuote).join(' ')}; echo "[exited $?]"; sleep 600`;
    this.tmux([
      'new-session',
      '-d',
      '-x',
      String(this.columns),
      '-y',
      String(this.rows),
      '-c',
      options.cwd,
      script,
    ]);
  }

  /** Sends tmux key names (`Enter`, `Left`, `Tab`) or literal text. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', ...keys]);
  }

  /** The visible screen as text; with `ansi`, including colour escapes. */
  capture(ansi = false): string {
    return this.tmux(['capture-pane', '-p', ...(ansi ? ['-e'] : [])]);
  }

  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const screen = this.capture();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() - start > timeoutMs) {
        throw new Error(`timed out waiting for ${String(pattern)}; the screen shows:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}
