import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ticketsJsonl } from './data.js';
import { best, DATA, measure, row, seconds } from './measure.js';

/**
 * The JSONL tickets of `rows` rows as an XLSX workbook, the way Excel writes text (shared strings),
 * written once by SheetJS into bench-data/. The JSONL holds the same rows: the comparable file.
 */
async function ticketsXlsx(rows) {
  const jsonl = await ticketsJsonl(rows);
  const path = join(DATA, `pc-${rows / 1000}k.xlsx`);
  if (!existsSync(path)) {
    const XLSX = await import('xlsx');
    const data = [['prompt', 'completion']];
    for (const line of readFileSync(jsonl, 'utf8').split('\n')) {
      if (line) {
        const { prompt, completion } = JSON.parse(line);
        data.push([prompt, completion]);
      }
    }
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(data, { dense: true }), 'tickets');
    writeFileSync(
      `${path}.part`,
      XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }),
    );
    renameSync(`${path}.part`, path);
  }
  return { xlsx: path, jsonl };
}

const mb = (m) => `${m.rssMb.toFixed(0)} MB`;

/**
 * Reading a long XLSX: our streaming reader against the previous one (read-excel-file) and a bare
 * SheetJS pass, time and peak memory in one run; then `prepare --yes` on the XLSX against the same
 * rows as JSONL (issue #16: within 2×).
 */
export async function xlsxVersusOthers(rows) {
  const { xlsx, jsonl } = await ticketsXlsx(rows);
  const k = `${rows / 1000}k`;
  const out = join(DATA, 'out-xlsx');
  let ours = null;
  let sheetjs = null;
  let previous = null;
  let previousError = null;
  let prepXlsx = null;
  let prepJsonl = null;
  let plainXlsx = null;
  let plainJsonl = null;
  const off = { FINE_TUNE_QUALITY: 'off' };
  for (let round = 0; round < 3; round++) {
    ours = best(ours, await measure(['xlsx-new', xlsx]));
    sheetjs = best(sheetjs, await measure(['xlsx-sheetjs', xlsx]));
    if (previousError === null) {
      try {
        previous = best(previous, await measure(['xlsx-previous', xlsx]));
      } catch (error) {
        previousError = String(error.message).match(/RangeError[^\n]*/)?.[0] ?? 'failed';
      }
    }
    rmSync(out, { recursive: true, force: true });
    prepXlsx = best(prepXlsx, await measure(['prepare', xlsx, '--yes', '--out', out]));
    rmSync(out, { recursive: true, force: true });
    prepJsonl = best(prepJsonl, await measure(['prepare', jsonl, '--yes', '--out', out]));
    // The same without the quality checks, which add the same work to both and so narrow the ratio.
    rmSync(out, { recursive: true, force: true });
    plainXlsx = best(plainXlsx, await measure(['prepare', xlsx, '--yes', '--out', out], off));
    rmSync(out, { recursive: true, force: true });
    plainJsonl = best(plainJsonl, await measure(['prepare', jsonl, '--yes', '--out', out], off));
  }
  rmSync(out, { recursive: true, force: true });
  const ratio = prepXlsx.ms / prepJsonl.ms;
  const cpuRatio = prepXlsx.cpuMs / prepJsonl.cpuMs;
  const plainRatio = plainXlsx.ms / plainJsonl.ms;
  const plainCpuRatio = plainXlsx.cpuMs / plainJsonl.cpuMs;
  return [
    row(
      `read ${k}-row XLSX: ours vs bare SheetJS`,
      `${seconds(ours.ms)}, ${mb(ours)}`,
      `${seconds(sheetjs.ms)}, ${mb(sheetjs)}`,
      (ours.ms / sheetjs.ms).toFixed(2),
      '—',
      null,
      'whole processes; every record of the sheet',
    ),
    row(
      `read ${k}-row XLSX: ours vs previous (read-excel-file)`,
      `${seconds(ours.ms)}, ${mb(ours)}`,
      previous === null ? `failed: ${previousError}` : `${seconds(previous.ms)}, ${mb(previous)}`,
      previous === null ? '—' : (ours.ms / previous.ms).toFixed(2),
      '—',
      null,
    ),
    row(
      `prepare --yes, ${k}-row XLSX vs same rows as JSONL (wall)`,
      seconds(prepXlsx.ms),
      `${seconds(prepJsonl.ms)} JSONL`,
      ratio.toFixed(2),
      '≤ 2',
      ratio <= 2,
      `peak RSS ${mb(prepXlsx)} vs ${mb(prepJsonl)}`,
    ),
    row(
      `prepare --yes, ${k}-row XLSX vs same rows as JSONL (CPU)`,
      seconds(prepXlsx.cpuMs),
      `${seconds(prepJsonl.cpuMs)} JSONL`,
      cpuRatio.toFixed(2),
      '≤ 2',
      cpuRatio <= 2,
      'CPU of all threads',
    ),
    row(
      `prepare --yes, ${k}-row XLSX vs same rows as JSONL, quality checks off (wall)`,
      seconds(plainXlsx.ms),
      `${seconds(plainJsonl.ms)} JSONL`,
      plainRatio.toFixed(2),
      '≤ 2',
      plainRatio <= 2,
      `peak RSS ${mb(plainXlsx)} vs ${mb(plainJsonl)}`,
    ),
    row(
      `prepare --yes, ${k}-row XLSX vs same rows as JSONL, quality checks off (CPU)`,
      seconds(plainXlsx.cpuMs),
      `${seconds(plainJsonl.cpuMs)} JSONL`,
      plainCpuRatio.toFixed(2),
      '≤ 2',
      plainCpuRatio <= 2,
      'CPU of all threads',
    ),
  ];
}
