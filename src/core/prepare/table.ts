import { DataError } from '../read/errors.js';
import { isPlainObject, toText } from '../read/values.js';
import type { FlatLine } from './flat-line.js';
import { shownColumns } from './preview.js';
import { resolveAdded, resolveColumns, type ColumnMap, type ResolvedColumns } from './columns.js';

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
  /** After a `non-text` row: which field was not text, and what it was instead. */
  nonText: { readonly field: 'prompt' | 'completion'; readonly kind: 'a list' | 'an object' } | null = null;
  /** From `readFlat`: the text was a JSON string without escapes (it can be written back as is). */
  promptPlain = false;
  completionPlain = false;
  /** From `readFlat`: the line's fields that hold the prompt and the completion (-1: none). */
  promptField = -1;
  completionField = -1;
  /** For `readCells`: the header, and the cells that hold the prompt and the completion (-1: none). */
  private header: readonly string[] = [];
  private promptCell = -1;
  private completionCell = -1;

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
    if (prompt === null || completion === null) {
      const field = prompt === null ? 'prompt' : 'completion';
      const bad = field === 'prompt' ? value[p as string] : value[c as string];
      this.nonText = { field, kind: Array.isArray(bad) ? 'a list' : 'an object' };
      return 'non-text';
    }
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

  /** A delimited file's header: its columns, and where the prompt and completion cells are. */
  setHeader(names: readonly string[]): void {
    for (const name of names) if (!this.known.has(name)) this.addColumn(name);
    this.header = names;
    const { prompt, completion } = this.resolved;
    this.promptCell = prompt === null ? -1 : names.indexOf(prompt);
    this.completionCell = completion === null ? -1 : names.indexOf(completion);
  }

  /** `read` for a row of cells under the header of `setHeader` (every cell is text). */
  readCells(cells: readonly string[]): RowFate {
    this.rowsRead++;
    const p = this.promptCell;
    const c = this.completionCell;
    this.prompt = p === -1 ? '' : (cells[p] as string);
    this.completion = c === -1 ? '' : (cells[c] as string);
    return this.completion === '' ? 'empty-completion' : 'kept';
  }

  /** A row of cells as a record, with only the columns a preview shows (see `shownColumns`). */
  recordOf(cells: readonly string[]): Record<string, unknown> {
    const names = this.header;
    const shown = shownColumns(names, [this.resolved.prompt, this.resolved.completion]);
    const record = Object.create(null) as Record<string, unknown>;
    if (shown.length === names.length) {
      for (let i = 0; i < names.length; i++) record[names[i] as string] = cells[i];
      return record;
    }
    const wanted = new Set(shown);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (wanted.has(name)) record[name] = cells[i];
    }
    return record;
  }

  private addColumn(key: string): void {
    this.known.add(key);
    this.columns.push(key);
    const next = resolveAdded(this.resolved, key, this.map);
    if (next !== this.resolved) {
      if (this.rowsRead > 0) this.unstable = true;
      this.resolved = next;
    }
  }
}
