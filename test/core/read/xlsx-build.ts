import { posix } from 'node:path';
import { makeZip } from './zip.js';

/**
 * Builds a small XLSX workbook in memory for a test: the parts a writer puts in (root relationships,
 * workbook, its relationships, sheets, and optionally shared strings and styles), each part's XML given
 * by the test so that one detail at a time can differ from what Excel writes.
 */
export interface XlsxSpec {
  /** Each sheet: its name (as written in the attribute, escapes included) and its `<sheetData>` rows. */
  /** `xml` replaces the whole part (a sheet cut short); `target` is its relationship's target. */
  readonly sheets: ReadonlyArray<{
    readonly name: string;
    readonly rows: string;
    readonly target?: string;
    readonly xml?: string;
  }>;
  /** `<si>` items of the shared strings part (written only when given). */
  readonly shared?: readonly string[];
  /** The inside of `<styleSheet>` (written only when given). */
  readonly styles?: string;
  /** The `<workbookPr …/>` element, or anything else put before `<sheets>`. */
  readonly workbookPr?: string;
  /** Extra `<sheet>` elements and relationships (chart sheets, external links). */
  readonly extraSheets?: string;
  readonly extraRels?: string;
  /** Where the workbook part lives (the root relationships point at it). */
  readonly workbookPart?: string;
  /** Leave out the root relationships part (readers then look for `xl/workbook.xml`). */
  readonly noRootRels?: boolean;
  /** More zip entries, as they are. */
  readonly extraParts?: ReadonlyArray<{ readonly name: string; readonly data: string }>;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const xml = (text: string): Buffer => Buffer.from(text, 'utf8');

export function xlsx(spec: XlsxSpec): Buffer {
  const workbookPart = spec.workbookPart ?? 'xl/workbook.xml';
  const folder = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  const file = workbookPart.slice(folder.length);
  const parts: Array<{ name: string; data: Buffer }> = [];
  if (!spec.noRootRels) {
    parts.push({
      name: '_rels/.rels',
      data: xml(
        `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${workbookPart}"/></Relationships>`,
      ),
    });
  }
  const sheets = spec.sheets
    .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  parts.push({
    name: workbookPart,
    data: xml(
      `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}">${spec.workbookPr ?? ''}<sheets>${sheets}${spec.extraSheets ?? ''}</sheets></workbook>`,
    ),
  });
  const rels = spec.sheets.map(
    (s, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.target ?? `worksheets/sheet${i + 1}.xml`}"/>`,
  );
  if (spec.shared)
    rels.push(`<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (spec.styles !== undefined)
    rels.push(`<Relationship Id="rY" Type="${REL}/styles" Target="styles.xml"/>`);
  parts.push({
    name: `${folder}_rels/${file}.rels`,
    data: xml(
      `<?xml version="1.0"?><Relationships xmlns="${PKG}">${rels.join('')}${spec.extraRels ?? ''}</Relationships>`,
    ),
  });
  spec.sheets.forEach((s, i) => {
    const target = s.target ?? `worksheets/sheet${i + 1}.xml`;
    parts.push({
      name: target.startsWith('/') ? target.slice(1) : posix.normalize(`${folder}${target}`),
      data: xml(
        s.xml ?? `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${s.rows}</sheetData></worksheet>`,
      ),
    });
  });
  if (spec.shared) {
    parts.push({
      name: `${folder}sharedStrings.xml`,
      data: xml(
        `<?xml version="1.0"?><sst xmlns="${NS}" count="${spec.shared.length}">${spec.shared.join('')}</sst>`,
      ),
    });
  }
  if (spec.styles !== undefined) {
    parts.push({
      name: `${folder}styles.xml`,
      data: xml(`<?xml version="1.0"?><styleSheet xmlns="${NS}">${spec.styles}</styleSheet>`),
    });
  }
  for (const extra of spec.extraParts ?? []) parts.push({ name: extra.name, data: xml(extra.data) });
  return makeZip(parts);
}

/** A row of cells: `row(2, '<c …>…</c>', …)`. */
export const row = (r: number, ...cells: string[]): string => `<row r="${r}">${cells.join('')}</row>`;
/** An inline-string cell. */
export const inline = (ref: string, text: string): string =>
  `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
