import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/api/providers/index.js';
import { equivalentCreateCommand } from '../../src/api/command-line.js';
import { createCommandLine, shellQuote } from '../../src/core/command-line.js';

describe('the equivalent create command', () => {
  it('lists only the choices that differ from auto', () => {
    expect(
      equivalentCreateCommand(
        {
          model: 'local-small',
          trainingPath: 'data_prepared_train.jsonl',
          validationPath: 'data_prepared_valid.jsonl',
          suffix: 'topics',
          hyperparameters: { nEpochs: 3, batchSize: 'auto' },
        },
        PROFILES.local,
      ),
    ).toBe(
      'fine-tune create -t data_prepared_train.jsonl -v data_prepared_valid.jsonl -m local-small --suffix topics --epochs 3 --provider local',
    );
  });

  it('quotes words so that a shell gives back exactly the same text', () => {
    const words = ['\n\n###\n\n', "it's here", 'two words', ' ->', 'tab\there'];
    // One shell for all of them: each word, as the shell reads it back, ends with a NUL.
    const script = words.map((word) => `printf '%s\\0' ${shellQuote(word)}`).join('; ');
    const echoed = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(words);
  });

  it('builds every suggested create line the same way: paths with spaces quoted, left-out flags absent', () => {
    const line = createCommandLine('my data/train set.jsonl', null, 'gpt-4o-mini-2024-07-18', [
      ['--provider', null],
      ['--epochs', 'auto'],
      ['--suffix', "bob's"],
    ]);
    expect(line).toBe(
      "fine-tune create -t 'my data/train set.jsonl' -m gpt-4o-mini-2024-07-18 --suffix 'bob'\\''s'",
    );
    const words = execFileSync('bash', ['-c', `for w in ${line}; do printf '%s|' "$w"; done`], {
      encoding: 'utf8',
    });
    expect(words).toBe(
      "fine-tune|create|-t|my data/train set.jsonl|-m|gpt-4o-mini-2024-07-18|--suffix|bob's|",
    );
  });
});
