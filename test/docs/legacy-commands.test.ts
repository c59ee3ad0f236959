/**
 * Runs every command of docs/legacy-commands.md, in order, against a real `fine-tune serve`, and
 * checks each output against the page. `openai` is the stand-in of test/legacy-cli/openai.js (the
 * 0.28 client's requests and printing), `fine-tune` the built binary; both run in bash, so pipes
 * and quoting work as written. Ids, times and measured numbers differ from run to run and are
 * compared as placeholders; everything else must match.
 *
 * `UPDATE_LEGACY_DOCS=1 npx vitest run test/docs/legacy-commands.test.ts` writes this run's
 * outputs into the page (that is how its outputs were made).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = join(ROOT, 'docs/legacy-commands.md');
const STAND_IN = join(ROOT, 'test/legacy-cli/openai.js');
const KEY = 'sk-local-legacy-docs';

interface Step {
  readonly command: string;
  readonly expected: string;
  /** Where the output block sits in the page (line range), for updating it. */
  readonly from: number;
  readonly to: number;
}

/** `$ command` lines of ```console blocks, each followed by its output. */
function steps(page: string): Step[] {
  const lines = page.split('\n');
  const found: Step[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) {
      inBlock = !inBlock && line === '```console';
      continue;
    }
    if (!inBlock || !line.startsWith('$ ')) continue;
    let end = i + 1;
    while (
      end < lines.length &&
      !(lines[end] ?? '').startsWith('$ ') &&
      !(lines[end] ?? '').startsWith('```')
    )
      end++;
    found.push({
      command: line.slice(2),
      expected: lines.slice(i + 1, end).join('\n'),
      from: i + 1,
      to: end,
    });
  }
  return found;
}

const IDS = /\b(?:file|ftjob|ft)-[A-Za-z0-9]{24}\b|\b[a-z]+:ft-local(?::[a-z0-9-]+)?-\d{4}(?:-\d\d){5}\b/g;

/** What may differ between two runs becomes a placeholder; the rest must be the same. */
function normalize(text: string): string {
  return (
    text
      .replace(IDS, '<id>')
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>')
      .replace(/"(created_at|updated_at)": \d+/g, '"$1": <ts>')
      // A results file's size depends on how many digits its measured numbers took.
      .replace(/"bytes": \d+/g, '"bytes": <n>')
      .split('\n')
      .map((line) =>
        // Rows of the results file: every number was measured in this run.
        /^\d+(,[^,]*)+$/.test(line)
          ? line.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, '<n>')
          : line.replace(/-?\d+\.\d+(e[-+]?\d+)?/g, '<x>'),
      )
      .join('\n')
      .trimEnd()
  );
}

function startServe(dataDir: string, home: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--api-key', KEY, '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        FINE_TUNE_HOME: home,
        // Quick, yet slow enough that the 50-epoch job the page cancels is still running when it
        // does (at full speed it could finish first on a loaded machine).
        FINE_TUNE_LOCAL_STEP_MS: '5',
        FINE_TUNE_LOCAL_STREAM_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /on (http:\/\/\S+\/v1)/.exec(out)?.[1];
      if (url) {
        const stop = () =>
          new Promise<void>((done) => {
            child.once('close', () => done());
            child.kill('SIGTERM');
          });
        resolve({ url, stop });
      }
    });
  });
}

describe('docs/legacy-commands.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'legacy-docs-'));
  const work = join(dir, 'work');
  const bin = join(dir, 'bin');
  let server: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    mkdirSync(work);
    mkdirSync(bin);
    for (const name of ['sports_food_train.jsonl', 'sports_food_valid.jsonl'])
      copyFileSync(join(ROOT, 'test/fixtures/train', name), join(work, name));
    for (const [name, target] of [
      ['openai', STAND_IN],
      ['fine-tune', BIN],
    ] as const) {
      writeFileSync(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${target}" "$@"\n`);
      chmodSync(join(bin, name), 0o755);
    }
    server = await startServe(join(dir, 'state'), join(dir, 'home'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the outputs shown on the page for each of its commands', () => {
    const page = readFileSync(PAGE, 'utf8');
    const all = steps(page);
    expect(all.length).toBeGreaterThan(8);
    const ids = new Map<string, string>();
    const actual: string[] = [];
    for (const step of all) {
      const command = step.command.replace(IDS, (id) => ids.get(id) ?? id);
      const run = spawnSync('bash', ['-c', `{ ${command}\n} 2>&1`], {
        cwd: work,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          OPENAI_API_BASE: server.url,
          OPENAI_API_KEY: KEY,
          FINE_TUNE_LOCAL_API_KEY: KEY,
          FINE_TUNE_HOME: join(dir, 'home'),
          NO_COLOR: '1',
          TZ: 'UTC',
        },
      });
      const output = (run.stdout ?? '').replace(/\n$/, '');
      // Ids of this run stand for the page's in the commands that follow.
      const pageIds = [...step.expected.matchAll(IDS)].map((m) => m[0]);
      [...output.matchAll(IDS)].forEach((m, i) => {
        const pageId = pageIds[i];
        if (pageId !== undefined && !ids.has(pageId)) ids.set(pageId, m[0]);
      });
      actual.push(output);
      if (!process.env.UPDATE_LEGACY_DOCS) {
        expect(normalize(output), `output of: ${step.command}`).toBe(normalize(step.expected));
      }
    }
    if (process.env.UPDATE_LEGACY_DOCS) {
      const lines = page.split('\n');
      // From the end, so earlier line numbers stay valid; commands take this run's ids.
      [...all].reverse().forEach((step, k) => {
        const index = all.length - 1 - k;
        const command = step.command.replace(IDS, (id) => ids.get(id) ?? id);
        lines.splice(
          step.from - 1,
          step.to - step.from + 1,
          `$ ${command}`,
          ...(actual[index] ?? '').split('\n'),
        );
      });
      writeFileSync(PAGE, lines.join('\n'));
    }
    // A dozen processes and a training run: more than the default 30 s on a loaded machine.
  }, 180_000);
});
