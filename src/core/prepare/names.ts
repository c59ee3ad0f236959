import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { agree } from '../numbers.js';

export interface OutputPaths {
  readonly all?: string;
  readonly train?: string;
  readonly valid?: string;
}

/**
 * Output paths (docs/prepare-checks.md, "Writing"): `{input without extension}_prepared.jsonl`, or the
 * `_train` / `_valid` pair, beside the input or in `outDir`. `name` replaces `{input}_prepared` (the
 * wizard asks for one when these exist).
 */
export function outputPaths(input: string, split: boolean, outDir?: string, name?: string): OutputPaths {
  const dir = outDir ?? dirname(input);
  const stem = join(dir, name ?? `${basename(input, extname(input))}_prepared`);
  return split ? { train: `${stem}_train.jsonl`, valid: `${stem}_valid.jsonl` } : { all: `${stem}.jsonl` };
}

/** Those of the paths that exist already. */
export function existingOutputs(paths: OutputPaths): string[] {
  return [paths.all, paths.train, paths.valid].filter((p): p is string => p !== undefined && existsSync(p));
}

/**
 * An output would replace an earlier one: the caller decides (the wizard asks; `prepare` needs --force).
 * Earlier versions wrote `name (1).jsonl`, `(2)`, … instead, which piled up.
 */
export class OutputExistsError extends UserError {
  override readonly name = 'OutputExistsError';
  readonly id = 'output-exists';
  constructor(readonly paths: readonly string[]) {
    super(
      `${paths.join(' and ')} ${agree(paths.length, 'exists', 'exist')} already; pass --force to overwrite, or --out DIR to write elsewhere`,
    );
  }
}

/** A name for the outputs that none of them has yet: `{input}_prepared_2`, `_3`, … */
export function freeName(input: string, split: boolean, outDir?: string): string {
  const base = `${basename(input, extname(input))}_prepared`;
  for (let n = 2; ; n++) {
    const name = `${base}_${n}`;
    if (existingOutputs(outputPaths(input, split, outDir, name)).length === 0) return name;
  }
}
