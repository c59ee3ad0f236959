import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendCorrection,
  correctionRow,
  correctionsPathFor,
  dataShapeOf,
  moveOutOfValidation,
} from '../../src/core/corrections.js';
import { correctionsToInclude } from '../../src/commands/train-more.js';
import { makeCliHome, type CliHome } from '../commands/cli-env.js';

// One small job on the local provider, shared by every test here: the base that "train more" continues.
let cli: CliHome;
let train: string;
let valid: string;
let jobId: string;
let firstModel: string;
beforeAll(async () => {
  cli = await makeCliHome({ FINE_TUNE_PROVIDER: 'local' });
  train = await cli.trainingFile(16);
  valid = await cli.validationFile(6);
  const created = await cli.run([
    'create',
    '-t',
    train,
    '-v',
    valid,
    '-m',
    'local-small',
    '--epochs',
    '1',
    '--suffix',
    'first',
  ]);
  expect(created.code, created.stderr).toBe(0);
  const done = /Job (ftjob-\S+) succeeded: (\S+)/.exec(created.stdout + created.stderr);
  jobId = done?.[1] ?? '';
  firstModel = done?.[2] ?? '';
  expect(firstModel).toMatch(/^ft:local-small:local:first:/);
});
afterAll(async () => cli?.cleanup());

type Finding = { id: string; kind: string };

describe('corrections in the data format', () => {
  it('writes prompt/completion corrections that prepare accepts with nothing to fix', async () => {
    const shape = await dataShapeOf(train);
    expect(shape).toEqual({
      kind: 'prompt-completion',
      separator: '\n\n###\n\n',
      stop: null,
      leadingSpace: true,
    });
    const path = correctionsPathFor(train);
    expect(path).toBe(join(cli.home, '16-topics_corrections.jsonl'));
    // A prompt typed without the separator gets it; one that has it keeps it once; the answer gets its space.
    expect(
      await appendCorrection(path, correctionRow(shape, { prompt: 'chef garlic oven recipe' }, 'food')),
    ).toBe(1);
    expect(
      await appendCorrection(
        path,
        correctionRow(shape, { prompt: 'referee goal match\n\n###\n\n' }, ' sports '),
      ),
    ).toBe(2);
    expect((await readFile(path, 'utf8')).split('\n')).toEqual([
      JSON.stringify({ prompt: 'chef garlic oven recipe\n\n###\n\n', completion: ' food' }),
      JSON.stringify({ prompt: 'referee goal match\n\n###\n\n', completion: ' sports' }),
      '',
    ]);
    const both = join(cli.home, 'with-corrections.jsonl');
    await writeFile(both, (await readFile(train, 'utf8')) + (await readFile(path, 'utf8')));
    const prepared = await cli.run(['prepare', both, '--yes', '--json']);
    expect(prepared.code, prepared.stderr).toBe(0);
    const report = JSON.parse(prepared.stdout) as {
      data_format: string;
      separator: string;
      findings: Finding[];
    };
    expect(report).toMatchObject({ data_format: 'prompt-completion', separator: '\n\n###\n\n' });
    expect(report.findings.filter((f) => f.kind !== 'info')).toEqual([]);
  });

  it('writes chat corrections with the system prompt most examples carry, and a stop sequence once', () => {
    const chat = correctionRow({ kind: 'chat', systemPrompt: 'Be brief.' }, { prompt: 'hi' }, ' Hello. ');
    expect(chat).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello.' },
      ],
    });
    const stop = { kind: 'prompt-completion', separator: ' ->', stop: '\n', leadingSpace: false } as const;
    expect(correctionRow(stop, { prompt: 'a ->' }, 'b\n')).toEqual({ prompt: 'a ->', completion: 'b\n' });
    expect(correctionRow(stop, { prompt: 'a' }, 'b')).toEqual({ prompt: 'a ->', completion: 'b\n' });
  });

  it('moves a corrected validation example out of validation, so it is never in both files', async () => {
    const copy = join(cli.home, 'valid-copy.jsonl');
    const lines = (await readFile(valid, 'utf8')).trim().split('\n');
    await writeFile(copy, `${lines.join('\n')}\n`);
    expect(await moveOutOfValidation(copy, 1)).toBe(lines.length - 1);
    const left = (await readFile(copy, 'utf8')).trim().split('\n');
    expect(left).toEqual([lines[0], ...lines.slice(2)]);
    await expect(moveOutOfValidation(copy, lines.length - 1)).rejects.toThrow(RangeError);
  });
});

describe('fine-tune create --from-job', () => {
  it("continues the job's fine-tuned model on the same data plus the corrections, with its settings", async () => {
    const more = await cli.run(['create', '--from-job', jobId]);
    expect(more.code, more.stderr).toBe(0);
    expect(more.stderr).toContain(`Training more from ${firstModel}, on the same data plus 2 corrections.`);
    expect(more.stderr).toMatch(/a lower learning-rate multiplier \(--lr-multiplier\)/);
    const next = /Job (ftjob-\S+) succeeded/.exec(more.stdout + more.stderr)?.[1] ?? '';
    const got = await cli.run(['jobs', 'get', next, '--json']);
    const job = JSON.parse(got.stdout) as {
      model: string;
      hyperparameters: { n_epochs: number };
      training_file: string;
    };
    expect(job.model).toBe(firstModel);
    expect(job.hyperparameters.n_epochs).toBe(1);
    const uploaded = await readFile(join(cli.home, '16-topics_train+corrections.jsonl'), 'utf8');
    expect(uploaded.trim().split('\n')).toHaveLength(18);
  });

  it('refuses -m and -t with --from-job (usage), and an unknown job (exit 1)', async () => {
    const usage = await cli.run(['create', '--from-job', jobId, '-m', 'local-small']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--from-job: the base is the job's fine-tuned model; leave out -m");
    const unknown = await cli.run(['create', '--from-job', 'ftjob-nothere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: ftjob-nothere: no record of this job here/m);
  });

  it('leaves corrections out of a plain create without a terminal, saying how to include them', async () => {
    const plain = await cli.run(['create', '-t', train, '-m', 'local-small', '--epochs', '1', '--no-follow']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(
      `2 corrections in ${correctionsPathFor(train)} left out (add --corrections to include them).`,
    );
    const path = correctionsPathFor(train);
    expect(await correctionsToInclude(train, true, false)).toEqual({ path, rows: 2 });
    expect(await correctionsToInclude(train, path, false)).toEqual({ path, rows: 2 });
    expect(await correctionsToInclude(train, undefined, true)).toEqual({ path, rows: 2 });
    expect(await correctionsToInclude(train, undefined, false)).toBeNull();
    expect(await correctionsToInclude(train, false, true)).toBeNull();
    await expect(correctionsToInclude(train, join(cli.home, 'none.jsonl'), false)).rejects.toThrow(
      /no such corrections file/,
    );
  });
});
