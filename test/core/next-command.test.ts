import { describe, expect, it } from 'vitest';
import { nextCommand, trainingFiles } from '../../src/core/command-line.js';

describe('the next step after prepare', () => {
  it('trains on the training file and validates on the validation file', () => {
    const outputs = [
      { role: 'valid', path: '/d/tickets_prepared_valid.jsonl' },
      { role: 'train', path: '/d/tickets_prepared_train.jsonl' },
    ] as const;
    expect(trainingFiles(outputs, '/d/tickets.csv')).toEqual({
      train: '/d/tickets_prepared_train.jsonl',
      valid: '/d/tickets_prepared_valid.jsonl',
    });
    expect(
      nextCommand(outputs, '/d/tickets.csv', 'gpt-4o-mini-2024-07-18', (p) => p.replace('/d/', '')),
    ).toBe(
      'fine-tune create -t tickets_prepared_train.jsonl -v tickets_prepared_valid.jsonl -m gpt-4o-mini-2024-07-18',
    );
  });

  it('trains on the one written file, with no validation file', () => {
    const outputs = [{ role: 'all', path: '/d/my tickets_prepared.jsonl' }] as const;
    expect(nextCommand(outputs, '/d/my tickets.csv', 'davinci-002')).toBe(
      "fine-tune create -t '/d/my tickets_prepared.jsonl' -m davinci-002",
    );
  });

  it('trains on the input as it is when nothing was written', () => {
    expect(trainingFiles([], '/d/tickets.jsonl')).toEqual({ train: '/d/tickets.jsonl', valid: undefined });
  });
});
