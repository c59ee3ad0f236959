import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completePath, editPath } from '../../src/app/path-completion.js';
import { tempDir } from './helpers.js';

describe('path field editing', () => {
  const noCompletion = (typed: string) => ({ path: typed, candidates: [] });
  it('applies a fast-typed chunk with backspaces in it', () => {
    expect(editPath('data.csvx', '\u007f\u007f\u007fsv', noCompletion)).toEqual({
      path: 'data.csv',
      open: false,
    });
  });
  it('completes at a Tab inside a chunk and goes on with the keys after it, opening on a final Enter', () => {
    const complete = (typed: string) =>
      typed === 'sup'
        ? { path: 'support', candidates: ['support.csv', 'support.jsonl'] }
        : noCompletion(typed);
    expect(editPath('', 'sup\t', complete)).toEqual({
      path: 'support',
      candidates: ['support.csv', 'support.jsonl'],
      open: false,
    });
    expect(editPath('', 'sup\t.csv', complete)).toEqual({ path: 'support.csv', open: false });
    expect(editPath('', 'sup\t.csv\r', complete)).toMatchObject({ path: 'support.csv', open: true });
  });
  it('keeps only the first line of a multi-line paste and opens nothing', () => {
    expect(editPath('', 'a.csv\nrm -rf /', noCompletion)).toEqual({ path: 'a.csv', open: false });
  });
});

describe('path completion', () => {
  it('completes the common prefix, lists the candidates, and offers only folders and data files', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'tickets'));
    writeFileSync(join(cwd, 'tickets-2024.csv'), '');
    writeFileSync(join(cwd, 'tickets-2025.jsonl'), '');
    writeFileSync(join(cwd, 'tickets.md'), '');
    writeFileSync(join(cwd, '.tickets-secret.csv'), '');
    expect(completePath('tic', cwd)).toEqual({
      path: 'tickets',
      candidates: ['tickets/', 'tickets-2024.csv', 'tickets-2025.jsonl'],
    });
    expect(completePath('tickets-2025', cwd)).toEqual({ path: 'tickets-2025.jsonl', candidates: [] });
  });
  it('descends into folders and leaves an unknown folder alone', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'a.tsv'), '');
    expect(completePath('data/', cwd)).toEqual({ path: 'data/a.tsv', candidates: [] });
    expect(completePath('nope/x', cwd)).toEqual({ path: 'nope/x', candidates: [] });
  });
});
