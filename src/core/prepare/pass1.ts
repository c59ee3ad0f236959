import type { PreviewRow } from '../findings.js';
import { DataError } from '../read/errors.js';
import { parseJsonLine } from '../read/jsonl.js';
import { isPlainObject, toText } from '../read/values.js';
import type { Source } from '../read/types.js';
import type { ColumnMap } from './columns.js';
import type { FlatLine } from './flat-line.js';
import { PositionList } from './hash.js';
import { pcView, recordView } from './preview.js';
import { RowStats } from './stats.js';
import { TableReader } from './table.js';
import type { TableFacts } from './checks-table.js';
import { removedPreview } from './checks-table.js';

const PREVIEW = 5;

export interface PassOneResult {
  readonly facts: TableFacts;
  readonly stats: RowStats;
  /** The column choice changed after rows were read: scan again with these columns known. */
  readonly rescanWith: readonly string[] | null;
}

/** The records of the first pass go here; `first` is the first record, already read. */
export class PromptCompletionPass {
  private readonly table: TableReader;
  readonly stats = new RowStats();
  private rawRows = 0;
  private readonly nonText = new PositionList(1000);
  private readonly empty = new PositionList(1000);
  private readonly heads: Array<{ position: number; value: Record<string, unknown> }> = [];
  private readonly removed = { nonText: [] as PreviewRow[], empty: [] as PreviewRow[] };
  /** The first row that was not text, in words ("line 3: the completion is a list"). */
  private firstNonText: string | null = null;

  constructor(
    private readonly source: Source,
    columns: readonly string[],
    map: ColumnMap,
  ) {
    this.table = new TableReader(columns, map, source.label, source.positionLabel);
  }

  add(position: number, value: unknown): void {
    this.rawRows++;
    const table = this.table;
    const fate = table.read(position, value);
    if (this.heads.length < PREVIEW && isPlainObject(value)) this.heads.push({ position, value });
    if (fate === 'kept') return this.stats.add(position, table.prompt, table.completion);
    if (fate === 'non-text') {
      this.nonText.push(position);
      if (this.firstNonText === null && table.nonText !== null) {
        const { field, kind } = table.nonText;
        this.firstNonText = `${this.source.positionLabel} ${position}: the ${field} is ${kind}`;
      }
      if (this.removed.nonText.length < PREVIEW && isPlainObject(value)) {
        this.removed.nonText.push({ position, before: recordView(value, table.columns), after: null });
      }
    } else {
      this.empty.push(position);
      if (this.removed.empty.length < PREVIEW)
        this.removed.empty.push(removedPreview(position, table.prompt, ''));
    }
  }

  /** A delimited file's header (before its rows). */
  header(names: readonly string[]): void {
    this.table.setHeader(names);
  }

  /** A CSV/TSV row: cells under the header, all text (no record object but for the previews). */
  addCells(position: number, cells: readonly string[]): void {
    this.rawRows++;
    const table = this.table;
    const fate = table.readCells(cells);
    if (this.heads.length < PREVIEW) this.heads.push({ position, value: table.recordOf(cells) });
    if (fate === 'kept') return this.stats.add(position, table.prompt, table.completion);
    this.empty.push(position);
    if (this.removed.empty.length < PREVIEW)
      this.removed.empty.push(removedPreview(position, table.prompt, ''));
  }

  /**
   * The fast path: a flat JSON line of strings. The line was not searched for raw control characters
   * (see flat-line.ts): the prompt and completion are checked by the digest as it reads them, the
   * other values here, and a line holding one goes to the full parser, which names the fault.
   */
  addFlat(position: number, line: FlatLine): void {
    this.rawRows++;
    const table = this.table;
    const fate = table.readFlat(line);
    const p = table.promptField;
    const c = table.completionField;
    for (let k = 0; k < line.count; k++) {
      if ((fate !== 'kept' || (k !== p && k !== c)) && line.hasControl(k)) this.invalid(position, line);
    }
    if (this.heads.length < PREVIEW) {
      const value: Record<string, unknown> = {};
      for (let k = 0; k < line.count; k++) value[line.keys[k] as string] = line.value(k);
      this.heads.push({ position, value });
    }
    if (fate === 'kept') {
      const stats = this.stats;
      if (p === -1)
        stats.addRange(position, '', 0, 0, line.fieldText(c), line.fieldStart(c), line.fieldEnd(c));
      else {
        stats.addRange(
          position,
          line.fieldText(p),
          line.fieldStart(p),
          line.fieldEnd(p),
          line.fieldText(c),
          line.fieldStart(c),
          line.fieldEnd(c),
        );
      }
      // Decoded values may hold control characters; only raw ones are faults.
      const controls = stats.controls;
      if (
        controls !== 0 &&
        (((controls & 1) !== 0 && table.promptPlain) || ((controls & 2) !== 0 && table.completionPlain))
      ) {
        this.invalid(position, line);
      }
      return;
    }
    this.empty.push(position);
    if (this.removed.empty.length < PREVIEW) {
      table.texts(line);
      this.removed.empty.push(removedPreview(position, table.prompt, ''));
    }
  }

  /** A line the fast path found a raw control character in: the full parser's error for it. */
  private invalid(position: number, line: FlatLine): never {
    parseJsonLine(line.lineText(), position, this.source.label);
    // JSON.parse refuses every raw control character inside a string: never reached.
    throw new DataError('invalid-file', `${this.source.label}: line ${position} is not valid JSON`, position);
  }

  result(): PassOneResult {
    const { table } = this;
    const columns = table.columns.length ? table.columns : [...this.source.header];
    const { prompt, completion } = table.resolved;
    const renamed = (value: Record<string, unknown>): Record<string, unknown> => ({
      prompt: prompt === null ? '' : value[prompt],
      completion: completion === null ? '' : value[completion],
    });
    const asPair = (value: Record<string, unknown>) => {
      const v = renamed(value);
      return pcView(toText(v['prompt']) ?? '', toText(v['completion']) ?? '');
    };
    const rename = this.heads.map(({ position, value }) => ({
      position,
      before: recordView(
        value,
        [prompt, completion].filter((c): c is string => c !== null),
      ),
      after: asPair(value),
    }));
    const extra = this.heads.map(({ position, value }) => ({
      position,
      before: recordView(value, columns, [prompt, completion]),
      after: asPair(value),
    }));
    const facts: TableFacts = {
      label: this.source.label,
      positionLabel: this.source.positionLabel,
      rawRows: this.rawRows,
      columns,
      promptColumn: prompt,
      completionColumn: completion,
      nonText: this.nonText,
      firstNonText: this.firstNonText,
      empty: this.empty,
      previews: { rename, extra, nonText: this.removed.nonText, empty: this.removed.empty },
      notes: this.source.notes,
      firstRow: this.heads[0] === undefined ? null : recordView(this.heads[0].value, columns),
    };
    this.stats.release();
    return { facts, stats: this.stats, rescanWith: table.unstable ? columns : null };
  }
}
