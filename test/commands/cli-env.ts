import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, stopLocalServerOf, type CliResult } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/train/${name}`, import.meta.url));

/** A private data home for the binary: its embedded local server keeps its state there. */
export interface CliHome {
  readonly home: string;
  run(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** The same command with the same environment, in this process (`runInProcess`). */
  runHere(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** The first `lines` examples of the topics fixture, as a training file. */
  trainingFile(lines: number): Promise<string>;
  /** The first `lines` examples of the topics validation fixture. */
  validationFile(lines: number): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeCliHome(extraEnv: NodeJS.ProcessEnv = {}): Promise<CliHome> {
  const home = await mkdtemp(join(tmpdir(), 'ft-cli-'));
  const head = async (name: string, lines: number) => {
    const text = (await readFile(fixture(name), 'utf8')).split('\n').slice(0, lines).join('\n');
    const path = join(home, `${lines}-${name}`);
    await writeFile(path, `${text}\n`);
    return path;
  };
  const env: NodeJS.ProcessEnv = {
    FINE_TUNE_HOME: home,
    FINE_TUNE_PROVIDER: '',
    OPENAI_API_KEY: '',
    FINE_TUNE_LOCAL_STEP_MS: '0',
    FINE_TUNE_POLL_MS: '50',
    ...extraEnv,
  };
  return {
    home,
    run: (args, more = {}) => runCli(args, { env: { ...env, ...more }, timeoutMs: 45_000 }),
    runHere: (args, more = {}) => runInProcess(args, { env: { ...env, ...more } }),
    trainingFile: (lines) => head('topics_train.jsonl', lines),
    validationFile: (lines) => head('topics_valid.jsonl', lines),
    // The home's background server is stopped first: it may still be writing a job's files, and removing
    // the folder under it failed now and then (ENOTEMPTY); the retries cover the moment it takes to die.
    cleanup: async () => {
      stopLocalServerOf(home);
      await rm(home, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Parses stdout made of one JSON document per line. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
