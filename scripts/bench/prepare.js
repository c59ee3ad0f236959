import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ticketsJsonl } from './data.js';
import { best, DATA, measure, row, seconds } from './measure.js';

/** `fine-tune prepare --yes` against a bare stream + JSON.parse of the same file; and its peak RSS. */
export async function prepareVersusBare(rows) {
  const file = await ticketsJsonl(rows);
  const out = join(DATA, 'out');
  let bare = null;
  let prepare = null;
  for (let round = 0; round < 3; round++) {
    rmSync(out, { recursive: true, force: true });
    bare = best(bare, await measure(['bare', file]));
    prepare = best(prepare, await measure(['prepare', file, '--yes', '--out', out]));
  }
  rmSync(out, { recursive: true, force: true });
  const k = `${rows / 1000}k`;
  const wall = prepare.ms / bare.ms;
  const cpu = prepare.cpuMs / bare.cpuMs;
  return [
    row(
      `prepare --yes, ${k}-row JSONL (wall)`,
      seconds(prepare.ms),
      `${seconds(bare.ms)} bare parse`,
      wall.toFixed(2),
      '≤ 2',
      wall <= 2,
    ),
    row(
      `prepare --yes, ${k}-row JSONL (CPU)`,
      seconds(prepare.cpuMs),
      `${seconds(bare.cpuMs)} bare parse`,
      cpu.toFixed(2),
      '≤ 2',
      cpu <= 2,
      'CPU of all threads',
    ),
    row(
      `prepare --yes, ${k}-row JSONL (peak RSS)`,
      `${prepare.rssMb.toFixed(0)} MB`,
      `${bare.rssMb.toFixed(0)} MB bare parse`,
      (prepare.rssMb / bare.rssMb).toFixed(2),
      '< 200 MB',
      prepare.rssMb < 200,
    ),
  ];
}
