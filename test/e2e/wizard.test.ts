import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';
import { hasTmux, TmuxTerminal } from './tmux.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/prepare/', import.meta.url));
const TMUX = hasTmux();
/** An SGR escape that sets a foreground or background colour (bold and inverse are not colours). */
const COLOUR_ESCAPE = new RegExp(String.raw`\x1b\[[0-9;]*\b(3[0-7]|38|4[0-7]|48|9[0-7])(;|m)`);
if (!TMUX) console.warn('test/e2e/wizard.test.ts: skipped, tmux is not installed (.ci/run installs it)');

function workspace(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fine-tune-e2e-'));
  copyFileSync(join(FIXTURES, name), join(dir, name));
  return dir;
}

/** Every prepared file in a directory, by name, with its bytes. */
function outputs(dir: string): Record<string, string> {
  const files = readdirSync(dir).filter((n) => n.includes('_prepared'));
  return Object.fromEntries(files.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

/** The last screen line with text: the footer. */
function footer(screen: string): string {
  return screen.trimEnd().split('\n').at(-1) ?? '';
}

let terminal: TmuxTerminal | null = null;
afterEach(() => {
  terminal?.kill();
  terminal = null;
});

function open(dir: string, file: string): TmuxTerminal {
  terminal = new TmuxTerminal(80, 24);
  terminal.start([process.execPath, BIN, file], {
    cwd: dir,
    env: { NO_COLOR: '1', XDG_DATA_HOME: join(dir, '.data'), TERM: 'xterm-256color' },
  });
  return terminal;
}

// Generous: on a loaded machine (the whole suite on 2 cores) a terminal run takes many times longer.
describe.skipIf(!TMUX)('the wizard in a real 80×24 terminal', { timeout: 90_000 }, () => {
  it('accepts every fix by keystrokes and writes what `prepare --yes` writes', async () => {
    const dir = workspace('classif2.csv');
    const t = open(dir, 'classif2.csv');
    const summary = await t.waitFor('Task type');
    expect(summary).toContain('classification (2 classes)');
    expect(footer(summary)).toContain('enter review fixes');
    t.keys('Enter');
    const review = await t.waitFor(/Fix 1 of \d+/);
    expect(footer(review)).toContain('enter continue');
    expect(footer(review)).toContain('q quit');
    t.keys('a');
    await t.waitFor(/Sample \d+ of|No examples/);
    t.keys('Enter');
    await t.waitFor('Split into a training set');
    t.keys('y');
    const written = await t.waitFor('Wrote 2 files');
    // NO_COLOR: styles such as bold may stay, colours may not.
    expect(t.capture(true)).not.toMatch(COLOUR_ESCAPE);
    expect(written).toContain('fine-tune create -t classif2_prepared_train.jsonl');
    t.keys('q');
    const closed = await t.waitFor('[exited 0]');
    expect(closed).toContain('wrote classif2_prepared_train.jsonl');

    const reference = workspace('classif2.csv');
    const result = await runCli(['prepare', 'classif2.csv', '--yes'], { cwd: reference });
    expect(result.code, result.stderr).toBe(0);
    expect(Object.keys(outputs(dir))).toHaveLength(2);
    expect(outputs(dir)).toEqual(outputs(reference));
  });

  it('writes what `prepare --reject` writes when a fix is rejected with n, after going back with ←', async () => {
    const dir = workspace('cond_dups.jsonl');
    const t = open(dir, 'cond_dups.jsonl');
    await t.waitFor('Task type');
    t.keys('Enter');
    await t.waitFor('Fix 1 of 6');
    t.keys('y');
    await t.waitFor('Fix 2 of 6');
    t.keys('Left');
    await t.waitFor('You chose: accept.');
    t.keys('n');
    await t.waitFor('Fix 2 of 6');
    t.keys('a');
    await t.waitFor(/Sample \d+ of|No examples/);
    t.keys('Enter');
    await t.waitFor('Wrote 1 file');
    t.keys('q');
    await t.waitFor('[exited 0]');

    const reference = workspace('cond_dups.jsonl');
    const result = await runCli(['prepare', 'cond_dups.jsonl', '--reject', 'duplicates'], { cwd: reference });
    expect(result.code, result.stderr).toBe(0);
    expect(Object.keys(outputs(dir))).toEqual(['cond_dups_prepared.jsonl']);
    expect(outputs(dir)).toEqual(outputs(reference));
  });

  it('offers to resume after quitting mid-review and reopening the same file', async () => {
    const dir = workspace('cond_dups.jsonl');
    let t = open(dir, 'cond_dups.jsonl');
    await t.waitFor('Task type');
    t.keys('Enter');
    await t.waitFor('Fix 1 of 6');
    t.keys('n');
    await t.waitFor('Fix 2 of 6');
    t.keys('q');
    await t.waitFor('[exited 0]');
    t.kill();
    t = open(dir, 'cond_dups.jsonl');
    await t.waitFor('Task type');
    t.keys('Enter');
    await t.waitFor('You reviewed this file before.');
    t.keys('y');
    const resumed = await t.waitFor('Fix 2 of 6');
    expect(resumed).toContain('0 accepted · 1 rejected');
    expect(outputs(dir)).toEqual({});
  });
});
