import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { metricsOf } from '../../src/api/metrics.js';
import { readLocalServerRecord } from '../../src/store/local-server-record.js';
import { BIN, rememberLocalServer, runCli } from '../helpers/run-cli.js';
import { hasTmux, TmuxTerminal } from './tmux.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));
const TMUX = hasTmux();
if (!TMUX) console.warn('test/e2e/job.test.ts: skipped, tmux is not installed (.ci/run installs it)');

let terminal: TmuxTerminal | null = null;
let home: string | undefined;
afterEach(() => {
  terminal?.kill();
  terminal = null;
  // The wizard's jobs ran in a background local server: it stops with this file (test/setup.ts).
  rememberLocalServer(home);
});

/**
 * The wizard on the bundled example, its data and the local provider's state in a temp dir. After
 * the app exits, the shell prints the terminal's `icanon` and `echo` flags (`-icanon` would mean
 * Ink left it in raw mode), then the app's exit code.
 */
function open(stepMs: number): { t: TmuxTerminal; dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'fine-tune-e2e-job-'));
  copyFileSync(EXAMPLE, join(dir, 'support-tickets.csv'));
  const env = {
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    FINE_TUNE_HOME: join(dir, '.home'),
    FINE_TUNE_LOCAL_STEP_MS: String(stepMs),
    // The job panel asks for news this often (500 ms by default from the local server).
    FINE_TUNE_POLL_MS: '100',
    // Replies stream word by word; a short pause keeps the test quick but still streamed.
    FINE_TUNE_LOCAL_STREAM_MS: '5',
  };
  home = env.FINE_TUNE_HOME;
  terminal = new TmuxTerminal(80, 24);
  const script =
    '"$0" "$1" support-tickets.csv; code=$?; ' +
    'echo "tty: $(stty -a | tr " ;" "\\n\\n" | grep -E -x -- "-?(icanon|echo)" | tr "\\n" " ")"; ' +
    'exit $code';
  terminal.start(['sh', '-c', script, process.execPath, BIN], { cwd: dir, env });
  return { t: terminal, dir, env };
}

/** Load, accept every fix, keep the samples, split, write, and open the model step's options. */
async function toOptions(t: TmuxTerminal): Promise<string> {
  await t.waitFor('Task type');
  t.keys('Enter');
  await t.waitFor(/Fix 1 of \d+/);
  t.keys('a');
  await t.waitFor(/Sample \d+ of/);
  t.keys('Enter');
  await t.waitFor('Split into');
  t.keys('y');
  await t.waitFor('Wrote 2 files');
  t.keys('Enter');
  const models = await t.waitFor('› local-base');
  expect(models).toContain('[local]');
  t.keys('Enter');
  return t.waitFor('Press enter to upload');
}

describe.skipIf(!TMUX)('creating and watching a job in a real 80×24 terminal', () => {
  it('trains on the local provider until the job succeeds, the panel fitting the screen', async () => {
    const { t } = open(5);
    const options = await toOptions(t);
    expect(options).toContain('--provider local');
    t.keys('Enter');
    const running = await t.waitFor(/step \d+\/\d+/, 30_000);
    expect(running.split('\n')[0]).toMatch(/^fine-tune /);
    const done = await t.waitFor('✓ succeeded', 60_000);
    const lines = done.split('\n');
    // The header is still on the first line: the frame never outgrew the terminal.
    expect(lines[0]).toMatch(/^fine-tune .*Train/);
    expect(done).toMatch(/step (\d+)\/\1/);
    expect(done).toMatch(/Model ft:local-base:\S*support-tickets/);
    expect(
      done
        .split('\n')
        .filter((line) => line.includes('┤'))
        .join(''),
    ).toMatch(/[▘▝▀▖▌▞▛▗▚▐▜▄▙▟█]/);
    // The footer is the screen's last lines (two at 80 columns, with train more, checkpoints and runs).
    const footer = done.trimEnd().split('\n').slice(-2).join('\n');
    expect(footer).toContain('t chat tester · e evaluate');
    expect(footer).toContain('m train more');
    expect(footer).toMatch(/q quit$/);
    const model = /Model (ft:local-base:\S+)/.exec(done)?.[1] ?? '';

    // Evaluate: the new model and its base on the validation file the wizard wrote.
    t.keys('e');
    const report = await t.waitFor(/confusion matrix/, 60_000);
    expect(report).toContain(`Evaluating ${model} against local-base`);
    expect(report).toContain('On the validation file support-tickets_prepared_valid.jsonl');
    expect(report).toMatch(/^accuracy\s+\d+\.\d%\s+\d+\.\d%$/m);
    expect(report.split('\n')[0]).toMatch(/^fine-tune /);
    t.keys('Escape');
    await t.waitFor('t chat tester · e evaluate');

    // Into the tester: one question from the example's domain, answered with one of its labels.
    t.keys('t');
    await t.waitFor('type a message');
    t.keys('-l', 'I was charged twice for my subscription this month.');
    t.keys('Enter');
    const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const answered = new RegExp(`^you › I was charged twice.*\\n${escaped}\\n *(\\S+) *\\n *\\n`, 'm');
    const chat = await t.waitFor(answered, 30_000);
    expect(['billing', 'shipping', 'account', 'technical']).toContain(answered.exec(chat)?.[1]);
    expect(chat).not.toContain('generating');

    // Ctrl+C quits the tester inside the wizard with the farewell naming the model (Ink's own Ctrl+C
    // handling used to end the process first, silently); the terminal is cooked again.
    t.keys('C-c');
    const closed = await t.waitFor('[exited 0]');
    expect(closed).toMatch(/Talk to it: fine-tune chat ft:local-base:/);
    expect(closed).toMatch(/^tty: icanon echo *$/m);
  }, 120_000);

  it('detaches from a running job, which trains on after the wizard quits; `fine-tune follow` picks it up', async () => {
    const { t, dir, env } = open(25);
    await toOptions(t);
    t.keys('Enter');
    await t.waitFor(/step [1-9]\d*\/\d+/, 30_000);
    t.keys('d');
    const closed = await t.waitFor('[exited 0]');
    const id = /fine-tune follow (ftjob-\S+)/.exec(closed)?.[1] ?? '';
    expect(id, closed).not.toBe('');

    // With no fine-tune process left, the job's steps still advance in the background server.
    const server = readLocalServerRecord(join(env.FINE_TUNE_HOME ?? '', 'local'));
    const client = new OpenAI({
      apiKey: server?.apiKey ?? '',
      baseURL: server?.baseURL ?? '',
      maxRetries: 0,
    });
    const step = async () =>
      metricsOf((await client.fineTuning.jobs.listEvents(id, { limit: 1 })).data[0]!)?.step;
    const first = (await step()) ?? 0;
    let now = first;
    // Three more steps, or the end of the job if it comes first (its last step is past `first` too).
    while (now < first + 3 && (await client.fineTuning.jobs.retrieve(id)).status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      now = (await step()) ?? now;
    }
    now = (await step()) ?? now;
    expect(now).toBeGreaterThan(first);

    const followed = await runCli(['follow', id], { cwd: dir, env });
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout + followed.stderr).toContain('The job has successfully completed');
  }, 120_000);
});
