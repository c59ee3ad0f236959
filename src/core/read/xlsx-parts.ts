import { posix } from 'node:path';
import { DataError } from './errors.js';
import { builtInFormats, loadNumberFormatter, type NumberFormatter } from './cell-text.js';
import { unescapeOoxml, xmlText } from './xml-text.js';
import { XmlScanner, type XmlHandler } from './xml-scan.js';
import type { StringTable } from './string-table.js';
import { readSharedStrings } from './shared-strings.js';
import type { CheckedZip } from './zip-guard.js';
import { partText } from './part-text.js';

/** What an XLSX workbook says about itself before any sheet is read. */
export interface XlsxBook {
  readonly sheets: ReadonlyArray<{ readonly name: string; readonly part: string }>;
  readonly date1904: boolean;
  readonly sharedStrings: StringTable;
  /** The number format of each cell style (`s` attribute), null for General. */
  readonly styleFormats: ReadonlyArray<string | null>;
  readonly formatter: NumberFormatter | null;
}

/** A part read for its tags only (a part the zip does not hold reads as empty). */
async function scanTags(
  zip: CheckedZip,
  name: string,
  label: string,
  tags: Pick<XmlHandler, 'open' | 'close'>,
): Promise<void> {
  const entry = zip.entries.get(name);
  if (entry === undefined) return;
  const scanner = new XmlScanner({ ...tags, wantsText: () => false, text: () => undefined });
  for await (const text of partText(zip, entry, label)) scanner.write(text);
}

/** A relationship target resolved against the folder of the part that names it. */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(from), target));
}

async function relationships(
  zip: CheckedZip,
  part: string,
  label: string,
): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const relsPart = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  await scanTags(zip, relsPart, label, {
    open(name, tag) {
      if (name !== 'Relationship') return;
      const id = tag.attribute('Id');
      const target = tag.attribute('Target');
      if (id !== undefined && target !== undefined && tag.attribute('TargetMode') !== 'External') {
        rels.set(id, { type: tag.attribute('Type') ?? '', target: resolveTarget(part, xmlText(target)) });
      }
    },
    close: () => undefined,
  });
  return rels;
}

/** The workbook part and its relationships, and the worksheets it lists, in order. */
async function readSheetList(
  zip: CheckedZip,
  label: string,
): Promise<{
  rels: Map<string, { type: string; target: string }>;
  sheets: Array<{ name: string; part: string }>;
  date1904: boolean;
}> {
  const root = await relationships(zip, '', label);
  const office = [...root.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = office?.target ?? 'xl/workbook.xml';
  if (!zip.entries.has(workbookPart)) {
    throw new DataError('invalid-file', `${label}: not a valid .xlsx file (it has no workbook part)`);
  }
  const rels = await relationships(zip, workbookPart, label);
  const sheets: Array<{ name: string; part: string }> = [];
  let date1904 = false;
  await scanTags(zip, workbookPart, label, {
    open(name, tag) {
      if (name === 'workbookPr') {
        const flag = tag.attribute('date1904');
        date1904 = flag === '1' || flag === 'true';
      } else if (name === 'sheet') {
        const rel = rels.get(tag.attribute('id') ?? '');
        // Chart sheets and dialog sheets hold no cells.
        if (rel !== undefined && rel.type.endsWith('/worksheet')) {
          sheets.push({ name: unescapeOoxml(xmlText(tag.attribute('name') ?? '')), part: rel.target });
        }
      }
    },
    close: () => undefined,
  });
  return { rels, sheets, date1904 };
}

/** The names and parts of the workbook's worksheets, without reading anything else. */
export async function readSheetNames(
  zip: CheckedZip,
  label: string,
): Promise<ReadonlyArray<{ readonly name: string; readonly part: string }>> {
  return (await readSheetList(zip, label)).sheets;
}

/** Reads the workbook, its relationships, shared strings and number formats (not the sheets). */
export async function readXlsxBook(zip: CheckedZip, label: string): Promise<XlsxBook> {
  const { rels, sheets, date1904 } = await readSheetList(zip, label);
  const byType = (suffix: string): string | undefined =>
    [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const sharedStrings = await readSharedStrings(zip, byType('/sharedStrings'), label);
  const { styleFormats, formatter } = await readStyles(zip, byType('/styles'), label);
  return { sheets, date1904, sharedStrings, styleFormats, formatter };
}

async function readStyles(
  zip: CheckedZip,
  part: string | undefined,
  label: string,
): Promise<{ styleFormats: Array<string | null>; formatter: NumberFormatter | null }> {
  const ids: number[] = [];
  const custom = new Map<number, string>();
  let inCellXfs = false;
  if (part !== undefined) {
    await scanTags(zip, part, label, {
      open(name, tag, selfClosing) {
        if (name === 'numFmt') {
          const id = Number(tag.attribute('numFmtId'));
          custom.set(id, unescapeOoxml(xmlText(tag.attribute('formatCode') ?? '')));
        } else if (name === 'cellXfs') inCellXfs = !selfClosing;
        else if (name === 'xf' && inCellXfs) ids.push(Number(tag.attribute('numFmtId') ?? 0) || 0);
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }
  // Most workbooks written by programs format nothing: SheetJS's formats then never load.
  if (ids.every((id) => id === 0)) return { styleFormats: ids.map(() => null), formatter: null };
  const table = await builtInFormats();
  const formatter = await loadNumberFormatter();
  const styleFormats = ids.map((id) => (id === 0 ? null : (custom.get(id) ?? table[id] ?? null)));
  return { styleFormats, formatter };
}
