import { DataError } from '../read/errors.js';
import { isPlainObject, toText } from '../read/values.js';
import type { FlatLine } from './flat-line.js';
import { resolveColumns, sameColumns, type ColumnMap, type ResolvedColumns } from './columns.js';

export type RowFate = 'kept' | 'non-text' | 'empty-completion';

/**
 * Turns raw records into (prompt, completion) pairs, applying the necessary fixes of checks 2–4 as
 * rows stream by: the column renames, dropping the extra columns, removing rows whose values are not
 * text (§4) and rows with an empty completion. Columns are the union of keys in order of appearance;
 * if a key seen late changes which column is the prompt or completion, `unstable` asks for a re-scan.
 */
export class TableReader {
  readonly columns: string[];
  private readonly known: Set<string>;
  resolved: ResolvedColumns;
  unstable = false;
  private rowsRead = 0;
  prompt = '';
  completion = '';
  /** From `readFlat`: the text was a JSON string without escapes (it can be written back as is). */
  promptPlain = false;
  completionPlain = false;
  /** From `readFlat`: the line's fields that hold the prompt and the completion (-1: none). */
  promptField = -1;
  completionField = -1;

  constructor(
    columns: readonly string[],
    private readonly map: ColumnMap,
    private readonly label: string,
    private readonly positionLabel: string,
  ) {
    this.columns = [...columns];
    this.known = new Set(columns);
    this.resolved = resolveColumns(this.columns, map);
  }

  /** Reads one record into `prompt`/`completion`; says whether it survives the necessary fixes. */
  read(position: number, value: unknown): RowFate {
    if (!isPlainObject(value)) {
      throw new DataError(
        'invalid-file',
        `${this.label}: ${this.positionLabel} ${position} is not an object with prompt and completion fields`,
        position,
      );
    }
    for (const key in value) if (!this.known.has(key)) this.addColumn(key);
    this.rowsRead++;
    const { prompt: p, completion: c } = this.resolved;
    const prompt = p === null ? '' : toText(value[p]);
    const completion = c === null ? '' : toText(value[c]);
    if (prompt === null || completion === null) return 'non-text';
    this.prompt = prompt;
    this.completion = completion;
    return completion === '' ? 'empty-completion' : 'kept';
  }

  /**
   * The same for a flat JSON line, without building an object or cutting strings: it finds which
   * fields hold the prompt and completion (`promptField`, `completionField`; -1 when absent, which
   * reads as empty). `texts` then cuts them into `prompt` and `completion`.
   */
  readFlat(line: FlatLine): RowFate {
    const n = line.count;
    const keys = line.keys;
    for (let k = 0; k < n; k++) {
      const key = keys[k] as string;
      if (!this.known.has(key)) this.addColumn(key);
    }
    this.rowsRead++;
    const { prompt: p, completion: c } = this.resolved;
    let promptField = -1;
    let completionField = -1;
    for (let k = 0; k < n; k++) {
      const key = keys[k];
      if (key === p) promptField = k;
      if (key === c) completionField = k;
    }
    this.promptField = promptField;
    this.completionField = completionField;
    this.promptPlain = promptField === -1 || line.escaped[promptField] === 0;
    this.completionPlain = completionField === -1 || line.escaped[completionField] === 0;
    const empty =
      completionField === -1 || line.fieldEnd(completionField) === line.fieldStart(completionField);
    return empty ? 'empty-completion' : 'kept';
  }

  /** Sets `prompt` and `completion` from the fields `readFlat` found. */
  texts(line: FlatLine): void {
    this.prompt = this.promptField === -1 ? '' : line.value(this.promptField);
    this.completion = this.completionField === -1 ? '' : line.value(this.completionField);
  }

  private addColumn(key: string): void {
    this.known.add(key);
    this.columns.push(key);
    const next = resolveColumns(this.columns, this.map);
    if (!sameColumns(next, this.resolved)) {
      if (this.rowsRead > 0) this.unstable = true;
      this.resolved = next;
    }
  }
}
