import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { classificationJsonl, jsonlOfBytes, ticketsJsonl, wideCsv } from './data.js';
import { best, DATA, measure, row, seconds } from './measure.js';

const FILES = { generation: ticketsJsonl, classification: classificationJsonl };

/** Goal of issue #16: prepare --yes at most 2.5× the bare pass, whatever the data holds. */
const GOAL = 2.5;

/**
 * `fine-tune prepare --yes` against a bare stream + JSON.parse of the same file; and its peak RSS.
 * `kind`: a generation file (long completions, nothing to fix) or a classification file (short labels,
 * three fixes to apply and a split), as users bring both.
 */
export async function prepareVersusBare(rows, kind = 'generation') {
  const file = await FILES[kind](rows);
  const out = join(DATA, 'out');
  let bare = null;
  let prepare = null;
  for (let round = 0; round < 3; round++) {
    rmSync(out, { recursive: true, force: true });
    bare = best(bare, await measure(['bare', file]));
    prepare = best(prepare, await measure(['prepare', file, '--yes', '--out', out]));
  }
  rmSync(out, { recursive: true, force: true });
  const name = `prepare --yes, ${rows / 1000}k-row ${kind} JSONL`;
  const wall = prepare.ms / bare.ms;
  const cpu = prepare.cpuMs / bare.cpuMs;
  return [
    row(
      `${name} (wall)`,
      seconds(prepare.ms),
      `${seconds(bare.ms)} bare parse`,
      wall.toFixed(2),
      `≤ ${GOAL}`,
      wall <= GOAL,
    ),
    row(
      `${name} (CPU)`,
      seconds(prepare.cpuMs),
      `${seconds(bare.cpuMs)} bare parse`,
      cpu.toFixed(2),
      `≤ ${GOAL}`,
      cpu <= GOAL,
      'CPU of all threads',
    ),
    row(
      `${name} (peak RSS)`,
      `${prepare.rssMb.toFixed(0)} MB`,
      `${bare.rssMb.toFixed(0)} MB bare parse`,
      (prepare.rssMb / bare.rssMb).toFixed(2),
      '≤ 200 MB',
      prepare.rssMb <= 200,
    ),
  ];
}

/**
 * `prepare --yes` on a CSV 40,000 columns wide (issue #16: it was quadratic in the columns) against
 * `prepare --yes` on a JSONL file of the same bytes: both whole processes.
 */
export async function wideVersusJsonl(columns = 40_000) {
  const wide = await wideCsv(columns);
  const bytes = statSync(wide).size;
  const jsonl = await jsonlOfBytes(bytes);
  const out = join(DATA, 'out');
  let csv = null;
  let lines = null;
  for (let round = 0; round < 3; round++) {
    rmSync(out, { recursive: true, force: true });
    lines = best(lines, await measure(['prepare', jsonl, '--yes', '--out', out]));
    rmSync(out, { recursive: true, force: true });
    csv = best(csv, await measure(['prepare', wide, '--yes', '--out', out]));
  }
  rmSync(out, { recursive: true, force: true });
  const wall = csv.ms / lines.ms;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return [
    row(
      `prepare --yes, CSV ${columns / 1000}k columns × 20 rows (wall)`,
      seconds(csv.ms),
      `${seconds(lines.ms)} prepare of a ${mb} MB JSONL`,
      wall.toFixed(2),
      '≤ 2',
      wall <= 2,
      `same bytes; peak RSS ${csv.rssMb.toFixed(0)} MB vs ${lines.rssMb.toFixed(0)} MB`,
    ),
  ];
}
