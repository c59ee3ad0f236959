import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/**
 * Output paths (docs/prepare-checks.md, "Writing"): `{input without extension}_prepared.jsonl`, or the `_train` /
 * `_valid` pair. When any name of the set exists, ` (1)`, ` (2)`, … go before `.jsonl` until none does.
 */
export function outputPaths(
  input: string,
  split: boolean,
  outDir?: string,
): { all?: string; train?: string; valid?: string } {
  const dir = outDir ?? dirname(input);
  const stem = join(dir, basename(input, extname(input)));
  const suffixes = split ? ['_prepared_train', '_prepared_valid'] : ['_prepared'];
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '' : ` (${n})`;
    const paths = suffixes.map((s) => `${stem}${s}${tag}.jsonl`);
    if (paths.some((p) => existsSync(p))) continue;
    return split ? { train: paths[0] as string, valid: paths[1] as string } : { all: paths[0] as string };
  }
}
