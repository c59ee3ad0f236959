/**
 * Which character separates the cells of a CSV or TSV file, guessed from its first lines as spreadsheet
 * programs do: a spreadsheet saved where the decimal mark is a comma (most of Europe) separates cells
 * with semicolons, exports from databases often use tabs or pipes, and reading such a file as
 * comma-separated gives one column named `prompt;completion`.
 */
export type Delimiter = ',' | ';' | '\t' | '|';

/** The candidates, in the order ties go when the extension does not decide. */
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

const NAMES: Readonly<Record<Delimiter, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** `comma`, `semicolon`, `tab`, `pipe`: how messages and the summary name a delimiter. */
export function delimiterName(delimiter: Delimiter): string {
  return NAMES[delimiter];
}

/** What `--delimiter` accepts: the character itself, `\t`, or its name. Null for anything else. */
export function parseDelimiter(text: string): Delimiter | null {
  const t = text.trim().toLowerCase();
  if (t === '\\t' || t === '\t') return '\t';
  for (const d of DELIMITERS) if (t === d || t === NAMES[d]) return d;
  return null;
}

/** Records read for the guess (the header and the rows after it). */
const RECORDS = 50;

/**
 * The first records of `sample`, each as the number of times every candidate occurs outside double
 * quotes. A line break inside quotes belongs to the record; the last record is left out when the
 * sample may have cut it (`complete` false).
 */
function countPerRecord(sample: string, complete: boolean): Array<Record<Delimiter, number>> {
  const records: Array<Record<Delimiter, number>> = [];
  let counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let quoted = false;
  let blank = true;
  for (let i = 0; i < sample.length && records.length < RECORDS; i++) {
    const ch = sample[i] as string;
    if (ch === '"') {
      quoted = !quoted;
      blank = false;
    } else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (!blank) records.push(counts);
      counts = { ',': 0, ';': 0, '\t': 0, '|': 0 };
      blank = true;
    } else {
      if (!quoted && ch in counts) counts[ch as Delimiter]++;
      if (ch !== ' ') blank = false;
    }
  }
  if (!blank && complete && records.length < RECORDS) records.push(counts);
  return records;
}

/**
 * The delimiter of a delimited text file from its first characters. A candidate qualifies when the
 * header holds it; among those, the one that gives the most rows exactly the header's number of cells
 * wins (a row with a stray one more counts against it, and the reader then names that row), ties going to
 * `preferred` (the extension's: comma for .csv, tab for .tsv), then to the order of DELIMITERS. When
 * none qualifies, `preferred`.
 */
export function detectDelimiter(sample: string, preferred: Delimiter, complete = true): Delimiter {
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample;
  const [header, ...rows] = countPerRecord(text, complete);
  if (header === undefined) return preferred;
  let best: Delimiter | null = null;
  let bestScore = -1;
  const order = [preferred, ...DELIMITERS.filter((d) => d !== preferred)];
  for (const d of order) {
    const cells = header[d];
    if (cells === 0) continue;
    const score = rows.filter((r) => r[d] === cells).length;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best ?? preferred;
}
