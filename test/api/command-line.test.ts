import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/api/providers/index.js';
import { equivalentCreateCommand, shellQuote } from '../../src/api/command-line.js';

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
    for (const word of ['\n\n###\n\n', "it's here", 'two words', ' ->', 'tab\there']) {
      const echoed = execFileSync('bash', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' });
      expect(echoed).toBe(word);
    }
  });
});
