import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeZip } from '../core/read/zip.js';
import { makeXlsx, sheetXml } from './xlsx.js';

/**
 * A seeded corpus of malformed (and a few surprising but valid) data files, built at test time. Each
 * case states what must happen: `error` (exit 1, one line naming the file and, with `at`, the place)
 * or `ok` (the file is usable as it is: exit 0).
 */
export interface Case {
  readonly name: string;
  readonly family: string;
  readonly content: Buffer;
  readonly expect: 'error' | 'ok';
  /** For errors: the position the line must name (e.g. /line 3\b/). */
  readonly at?: RegExp;
}

type Rows = ReadonlyArray<readonly [string, string]>;

/** mulberry32: small, fast and the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'refund order login broken card password invoice shipping "quoted" café naïve 東京 emoji🙂 a,b tab'.split(
    ' ',
  );

function rowsOf(random: () => number, count: number): Rows {
  const words = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'x').join(' ');
  return Array.from({ length: count }, (_, i) => [`${words(3 + (i % 5))} ${i}`, words(2 + (i % 3))] as const);
}

const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const jsonl = (rows: Rows) =>
  rows.map(([p, c]) => JSON.stringify({ prompt: p, completion: c })).join('\n') + '\n';
const json = (rows: Rows) =>
  JSON.stringify(
    rows.map(([p, c]) => ({ prompt: p, completion: c })),
    null,
    1,
  );
const cell = (text: string, delimiter: string) =>
  /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
const delimited = (rows: Rows, d: string) =>
  ['prompt', 'completion'].join(d) +
  '\n' +
  rows.map(([p, c]) => `${cell(p, d)}${d}${cell(c, d)}`).join('\n') +
  '\n';
const txt = (rows: Rows) => rows.map(([p]) => p.replace(/[\r\n]/g, ' ')).join('\n') + '\n';
const xlsx = (rows: Rows) => makeXlsx([['prompt', 'completion'], ...rows]);

export const TEXT_FORMATS = ['jsonl', 'json', 'csv', 'tsv', 'txt'] as const;
type TextFormat = (typeof TEXT_FORMATS)[number];
const render: Record<TextFormat, (rows: Rows) => string> = {
  jsonl,
  json,
  csv: (rows) => delimited(rows, ','),
  tsv: (rows) => delimited(rows, '\t'),
  txt,
};

/** Where in `text` the n-th line (1-based) starts. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let i = 1; i < line; i++) at = text.indexOf('\n', at) + 1;
  return at;
}

/** A byte offset inside the line `line` (past its first character), for inserting a bad byte. */
function insideLine(text: string, line: number, random: () => number): number {
  const start = lineStart(text, line);
  const end = text.indexOf('\n', start);
  const length = (end < 0 ? text.length : end) - start;
  return Buffer.byteLength(text.slice(0, start + 1 + Math.floor(random() * Math.max(1, length - 2))));
}

function splice(text: string, byteOffset: number, insert: Buffer): Buffer {
  const bytes = b(text);
  // Never cut a multi-byte character: move back to a character boundary.
  let at = byteOffset;
  while (at > 0 && ((bytes[at] ?? 0) & 0xc0) === 0x80) at--;
  return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
}

/** The line (or CSV row) that holds data row `row` (0-based) of a file rendered by `render`. */
function lineOfRow(format: TextFormat, row: number): number {
  switch (format) {
    case 'jsonl':
    case 'txt':
      return row + 1;
    case 'csv':
    case 'tsv':
      return row + 2;
    case 'json':
      return row * 4 + 3;
  }
}

const INVALID_UTF8 = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]];

export function buildCorpus(seed = 20261124): Case[] {
  const random = seeded(seed);
  const cases: Case[] = [];
  const add = (
    family: string,
    name: string,
    content: Buffer | string,
    expect: 'error' | 'ok',
    at?: RegExp | undefined,
  ) =>
    cases.push({
      family,
      name: `${String(cases.length).padStart(3, '0')}-${name}`,
      content: typeof content === 'string' ? b(content) : content,
      expect,
      ...(at ? { at } : {}),
    });
  const rows = (n = 6 + Math.floor(random() * 10)) => rowsOf(random, n);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  // Truncated files: cut inside the last record.
  for (let i = 0; i < 8; i++) {
    const r = rows();
    const text = jsonl(r);
    const last = lineStart(text, r.length);
    const cut = last + 1 + Math.floor(random() * (text.length - last - 4));
    add('truncated', 'truncated.jsonl', text.slice(0, cut), 'error', new RegExp(`line ${r.length}\\b`));
    const whole = json(r);
    add(
      'truncated',
      'truncated.json',
      whole.slice(0, 1 + Math.floor(random() * (whole.length - 2))),
      'error',
    );
  }
  for (const format of ['csv', 'tsv'] as const) {
    for (let i = 0; i < 4; i++) {
      const r = rows();
      const d = format === 'csv' ? ',' : '\t';
      const text = delimited(r, d) + `"cut ${i}${d}in the middle`;
      add('truncated', `truncated.${format}`, text, 'error', new RegExp(`row ${r.length + 2}\\b`));
    }
  }
  for (let i = 0; i < 6; i++) {
    const whole = xlsx(rows());
    add(
      'truncated',
      'truncated.xlsx',
      whole.subarray(0, Math.floor(whole.length * (0.2 + 0.7 * random()))),
      'error',
    );
  }

  // Invalid UTF-8 in one row of each text format.
  for (const format of TEXT_FORMATS) {
    for (const bytes of INVALID_UTF8) {
      const r = rows();
      const row = Math.floor(random() * r.length);
      const text = render[format](r);
      const line = lineOfRow(format, row);
      const where = format === 'json' ? undefined : new RegExp(`(line|row) ${line}\\b`);
      const bad = splice(text, insideLine(text, line, random), Buffer.from(bytes));
      add('invalid-utf8', `invalid-utf8.${format}`, bad, 'error', where);
    }
  }

  // Unbalanced quotes.
  for (let i = 0; i < 6; i++) {
    for (const format of ['csv', 'tsv'] as const) {
      const r = rows();
      const d = format === 'csv' ? ',' : '\t';
      const row = Math.floor(random() * r.length);
      const lines = delimited(r, d).split('\n');
      lines[row + 1] = `"never closed ${i}${d}${lines[row + 1] ?? ''}`;
      add('quotes', `unclosed-quote.${format}`, lines.join('\n'), 'error', new RegExp(`row ${row + 2}\\b`));
    }
    const r = rows();
    const row = Math.floor(random() * r.length);
    const lines = jsonl(r).split('\n');
    lines[row] = `{"prompt":"${r[row]?.[0] ?? ''},"completion":"x"}`.replace(
      /"x"}$/,
      pick(['"x}', 'x"}', '"x"']),
    );
    add('quotes', 'unbalanced-quote.jsonl', lines.join('\n'), 'error', new RegExp(`line ${row + 1}\\b`));
  }

  // A stray quote inside an unquoted cell, after rows the parser has already read ahead.
  for (let i = 0; i < 4; i++) {
    const r = rows(20 + i * 40);
    const lines = delimited(r, ',').split('\n');
    const row = 5 + Math.floor(random() * (r.length - 5));
    lines[row + 1] = `stray"quote ${i},x`;
    add('quotes', 'stray-quote.csv', lines.join('\n'), 'error', new RegExp(`row ${row + 2}\\b`));
  }

  // Huge single lines, without a newline at the end: many times every read chunk (64 KiB to 1 MiB).
  add('huge-line', 'huge-line.txt', 'a'.repeat(8 * 1024 * 1024), 'ok');
  add(
    'huge-line',
    'huge-unterminated.jsonl',
    `{"prompt":"${'ab '.repeat(7 * 1024 * 1024)}`,
    'error',
    /line 1\b/,
  );
  add(
    'huge-line',
    'huge-unclosed-cell.csv',
    `prompt,completion\n"${'word '.repeat(1024 * 1024)}`,
    'error',
    /row 2\b/,
  );
  add(
    'huge-line',
    'huge-last-line.jsonl',
    `{"prompt":"short","completion":"a"}\n${JSON.stringify({ prompt: 'ab '.repeat(1024 * 1024), completion: 'b' })}`,
    'ok',
  );

  // Random binary data under every extension.
  for (const ext of ['csv', 'tsv', 'xlsx', 'json', 'jsonl', 'txt']) {
    for (let i = 0; i < 4; i++) {
      const data = Buffer.alloc(512 + Math.floor(random() * 4096));
      for (let k = 0; k < data.length; k++) data[k] = Math.floor(random() * 256);
      // Half of them look like a zip (or a PDF) at first glance.
      if (i === 1) data.write('PK\x03\x04', 0, 'latin1');
      if (i === 2) data.write('%PDF-1.7\n', 0, 'latin1');
      add('binary', `binary.${ext}`, data, 'error');
    }
  }

  // Content under the wrong extension (or none, or an unsupported one).
  for (let i = 0; i < 2; i++) {
    const r = rows();
    add('wrong-extension', 'jsonl-as.csv', jsonl(r), 'error', /row 1\b/);
    add('wrong-extension', 'jsonl-as.tsv', jsonl(r), 'error');
    add('wrong-extension', 'csv-as.jsonl', delimited(r, ','), 'error', /line 1\b/);
    add('wrong-extension', 'csv-as.json', delimited(r, ','), 'error');
    add('wrong-extension', 'xlsx-as.csv', xlsx(r), 'error');
    add('wrong-extension', 'xlsx-as.jsonl', xlsx(r), 'error');
    add('wrong-extension', 'csv-as.xlsx', delimited(r, ','), 'error');
    add('wrong-extension', 'json-array-as.jsonl', json(r), 'error', /line 1\b/);
    add('wrong-extension', 'jsonl-as.json', jsonl(r), 'ok');
    add('wrong-extension', 'jsonl-as.txt', jsonl(r), 'ok');
    add('wrong-extension', 'upper-case.JSONL', jsonl(r), 'ok');
    // SheetJS reads a workbook by what it holds, as Excel does: an XLSX saved under .xls opens.
    add('wrong-extension', 'xlsx-as.xls', xlsx(r), 'ok');
    add('wrong-extension', 'csv-as.ods', delimited(r, ','), 'error');
    add('wrong-extension', 'data.parquet', jsonl(r), 'error');
    add('wrong-extension', 'no-extension', jsonl(r), 'error');
    add('wrong-extension', 'data.jsonl.gz', jsonl(r), 'error');
  }

  // XLSX zip bombs: sizes declared huge, absurd ratios, a part larger than it says, too many parts.
  const sheet = (r: Rows) => sheetXml([['prompt', 'completion'], ...r]);
  for (const declared of [300, 1024, 4095]) {
    add(
      'zip-bomb',
      'declared-huge.xlsx',
      makeZip([
        { name: 'xl/worksheets/sheet1.xml', data: b(sheet(rows())), declaredSize: declared * 1024 * 1024 },
      ]),
      'error',
    );
  }
  for (const mb of [4, 16]) {
    add(
      'zip-bomb',
      'ratio.xlsx',
      makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(mb * 1024 * 1024) }]),
      'error',
    );
  }
  for (const mb of [8, 24]) {
    add(
      'zip-bomb',
      'lying-size.xlsx',
      makeZip([
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(mb * 1024 * 1024, 0x20), declaredSize: 1000 },
      ]),
      'error',
    );
  }
  add(
    'zip-bomb',
    'many-parts.xlsx',
    makeZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/p${i}.xml`, data: b('<a/>') }))),
    'error',
  );
  add('zip-bomb', 'valid.xlsx', xlsx(rows()), 'ok');
  add('zip-bomb', 'broken-sheet-xml.xlsx', makeXlsx([], `${sheet(rows()).slice(0, 300)}<<<`), 'error');
  add('zip-bomb', 'no-sheet-data.xlsx', makeXlsx([], '<worksheet/>'), 'error');

  // Deeply nested JSON. 100,000 levels are ten times what any recursive walk survives on V8's stack,
  // so a recursion anywhere fails there already; a million is kept for the parser's own refusals only
  // (each value case at that depth costs seconds of parsing and nothing more).
  for (const depth of [1_000_000]) {
    add('deep', 'deep-array.json', '['.repeat(depth) + ']'.repeat(depth), 'error');
    add('deep', 'deep-unclosed.json', '['.repeat(depth), 'error');
  }
  for (const depth of [1_000, 100_000]) {
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    add('deep', 'deep-array.json', deep, 'error');
    add('deep', 'deep-unclosed.json', '['.repeat(depth), 'error');
    // A value that is not text is a row to remove (docs/prepare-checks.md, "Reading"), however deep it is.
    const good = jsonl(rows());
    add('deep', 'deep-prompt.jsonl', `${good}{"prompt":${deep},"completion":"x"}\n`, 'ok');
    const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    add('deep', 'deep-object.jsonl', `{"prompt":"a","completion":${nested}}\n${good}`, 'ok');
    add('deep', 'deep-object.json', `[{"prompt":"a","completion":${nested}},${json(rows()).slice(1)}`, 'ok');
    // Chat examples whose content is not text are invalid examples, removed with --yes.
    const chat = `{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n`;
    add(
      'deep',
      'deep-messages.jsonl',
      `${chat}{"messages":[{"role":"user","content":${deep}}]}\n${chat.replace('hi', 'hey')}`,
      'ok',
    );
    // With only invalid examples, removing them leaves nothing to write: that is an error, not an empty file.
    add('deep', 'deep-messages-only.jsonl', `{"messages":[{"role":"user","content":${deep}}]}\n`, 'error');
    const chatItem = '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}';
    add('deep', 'deep-messages.json', `[${chatItem},{"messages":[{"role":"user","content":${deep}}]}]`, 'ok');
  }

  // NUL bytes.
  for (const format of TEXT_FORMATS) {
    for (let i = 0; i < 4; i++) {
      const r = rows();
      const row = Math.floor(random() * r.length);
      const text = render[format](r);
      const line = lineOfRow(format, row);
      // A .json document is parsed whole: its errors name the file, not a line.
      const where = format === 'json' ? undefined : new RegExp(`(line|row) ${line}\\b`);
      add(
        'nul',
        `nul.${format}`,
        splice(text, insideLine(text, line, random), Buffer.from([0])),
        'error',
        where,
      );
    }
  }

  // Mixed line endings (\n and \r\n): usable as they are.
  for (const format of TEXT_FORMATS) {
    for (let i = 0; i < 3; i++) {
      const text = render[format](rows()).replace(/\n/g, () => (random() < 0.5 ? '\r\n' : '\n'));
      add('line-endings', `mixed-endings.${format}`, text, 'ok');
    }
  }

  // Empty, whitespace-only and header-only files.
  for (const ext of ['csv', 'tsv', 'xlsx', 'json', 'jsonl', 'txt']) {
    add('empty', `empty.${ext}`, '', 'error');
    add('empty', `whitespace.${ext}`, pick(['\n\n\n', '\r\n\r\n', '\uFEFF\n\n']), 'error');
    // A line of spaces is a blank-looking but real example in text formats, as the reference reads it.
    if (ext === 'txt') add('empty', `spaces.${ext}`, ' \t \r\n  \n', 'ok');
  }
  for (const d of [',', '\t']) {
    const ext = d === ',' ? 'csv' : 'tsv';
    add('header-only', `header-only.${ext}`, `prompt${d}completion\n`, 'error');
    add('header-only', `header-only-no-newline.${ext}`, `prompt${d}completion`, 'error');
    add('header-only', `header-blank-lines.${ext}`, `prompt${d}completion\r\n\r\n\n`, 'error');
  }
  add('header-only', 'header-only.xlsx', makeXlsx([['prompt', 'completion']]), 'error');
  add('header-only', 'empty-array.json', '[]', 'error');
  add('header-only', 'empty-object.json', '{}', 'error');

  // Byte-order marks where they belong (usable) and where they do not.
  for (const format of TEXT_FORMATS) {
    const r = rows();
    const text = render[format](r);
    add('bom', `bom-start.${format}`, `\uFEFF${text}`, 'ok');
    add(
      'bom',
      `utf16.${format}`,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'error',
    );
  }
  for (let i = 0; i < 3; i++) {
    const r = rows();
    const row = 1 + Math.floor(random() * (r.length - 1));
    const lines = jsonl(r).split('\n');
    lines[row] = `\uFEFF${lines[row] ?? ''}`;
    add('bom', 'bom-mid-line.jsonl', lines.join('\n'), 'error', new RegExp(`line ${row + 1}\\b`));
    // A second BOM is stripped from the header name as the first is.
    add('bom', 'double-bom.csv', `\uFEFF\uFEFF${delimited(r, ',')}`, 'ok');
    const cells = delimited(r, ',').split('\n');
    cells.splice(row + 1, 0, `\uFEFFbom ${i} here,plain`);
    add('bom', 'bom-in-cell.csv', cells.join('\n'), 'ok');
  }
  return cases;
}

/** Writes every case into `dir`; returns the path of each. */
export async function writeCorpus(dir: string, cases: readonly Case[]): Promise<string[]> {
  return Promise.all(
    cases.map(async (c) => {
      const path = join(dir, c.name);
      await writeFile(path, c.content);
      return path;
    }),
  );
}
