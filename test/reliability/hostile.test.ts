import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/core/safe-text.js';
import { runCli } from '../helpers/run-cli.js';
import { hostileCases, writeHostile, type HostileCase } from './hostile-corpus.js';
import { mapLimit, prepareInProcess } from './outcome.js';

const cases = hostileCases();
let dir = '';
let paths: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-hostile-'));
  paths = writeHostile(dir, cases);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Any control character but the line's own newline: what a terminal would obey.
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function expectReason(c: HostileCase, line: string): void {
  if (c.reason) expect(line, c.name).toMatch(c.reason);
  if (c.at) expect(line, c.name).toMatch(c.at);
  expect(line, c.name).not.toMatch(/unexpected failure|\n/);
}

describe('the hostile inputs of issue #16', () => {
  it('in process: each ends as its case says, an error with its reason and the first place at fault', async () => {
    const outcomes = await mapLimit(cases, 2, (c, i) =>
      prepareInProcess(paths[i] ?? '', join(dir, 'out', String(i)), { deferTokens: true }),
    );
    outcomes.forEach((outcome, i) => {
      const c = cases[i] as HostileCase;
      expect(outcome.kind, `${c.name}: ${JSON.stringify(outcome)}`).toBe(c.expect);
      // Shown as every screen and message shows text from data.
      if (outcome.kind === 'error') expectReason(c, escapeControls(outcome.message));
    });
  }, 60_000);

  it('through the binary: the reason is the one `error:` line on stderr, control characters escaped', async () => {
    const sample = [
      'non-text-completions.jsonl',
      'chat-robot.jsonl',
      'controls-\u001b[2Jin-name.csv',
      'named-pipe.jsonl',
    ];
    const runs = await mapLimit(sample, 2, async (name) => {
      const i = cases.findIndex((c) => c.name === name);
      const result = await runCli(['prepare', paths[i] ?? '', '--yes', '--out', join(dir, 'cli')]);
      return { c: cases[i] as HostileCase, result };
    });
    for (const { c, result } of runs) {
      expect(result.code, `${c.name}: ${result.stderr}`).toBe(1);
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines, c.name).toHaveLength(1);
      expect(lines[0], c.name).toMatch(/^error: /);
      expect(result.stderr, c.name).not.toMatch(RAW_CONTROL);
      expectReason(c, lines[0] ?? '');
    }
  }, 60_000);

  it.each([
    ['an empty path', '', /^error: no data file given \(the path is empty\)$/],
    ['-', '-', /^error: -: reading standard input is not supported .*save the data to a file/],
  ])('refuses %s with what to do instead', async (_name, path, message) => {
    const result = await runCli(['prepare', path, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});
