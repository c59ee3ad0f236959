import { describe, expect, it } from 'vitest';
import { QualityCollector, type QualityRows } from '../../../src/core/quality/collector.js';
import {
  CollectingEnd,
  RemoteQualityCollector,
  type CollectMessage,
} from '../../../src/core/quality/remote-collector.js';

/** A port that delivers each message as a thread gets it: copied (structured clone), buffers moved. */
function loopback(end: CollectingEnd): {
  messages: CollectMessage[];
  port: { postMessage: (m: CollectMessage, t?: ArrayBuffer[]) => void };
} {
  const messages: CollectMessage[] = [];
  return {
    messages,
    port: {
      postMessage(message, transfer = []) {
        const copy = structuredClone(message, { transfer });
        messages.push(copy);
        end.receive(copy);
      },
    },
  };
}

interface Row {
  readonly position: number;
  readonly pText: string;
  readonly pStart: number;
  readonly pEnd: number;
  readonly cText: string;
  readonly cStart: number;
  readonly cEnd: number;
}

const WORDS = ['refund', 'Login', 'crash', 'café', 'naïve', '日本', 'order', 'ship', 'x'];
const LABELS = [' billing', ' account', ' shipping', 'billing ', ' technical'];

/** Rows as JSONL pass 1 gives them: ranges into chunks of about `chunkChars` (one string each). */
function chunkedRows(count: number, chunkChars: number, seed = 1): Row[] {
  let state = seed;
  const next = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
  const rows: Row[] = [];
  let chunk = '';
  let pending: Array<[number, number, number, number, number]> = [];
  const close = () => {
    for (const [position, ps, pe, cs, ce] of pending)
      rows.push({ position, pText: chunk, pStart: ps, pEnd: pe, cText: chunk, cStart: cs, cEnd: ce });
    chunk = '';
    pending = [];
  };
  for (let i = 0; i < count; i++) {
    const prompt = Array.from({ length: 3 + next(60) }, () => WORDS[next(WORDS.length)]).join(
      next(3) ? ' ' : ', ',
    );
    const label = LABELS[next(LABELS.length)] as string;
    const ps = chunk.length + 11;
    chunk += `{"prompt":"${prompt}","completion":"`;
    const cs = chunk.length;
    chunk += `${label}"}\n`;
    pending.push([i + 1, ps, ps + prompt.length, cs, cs + label.length]);
    if (chunk.length >= chunkChars) close();
  }
  close();
  return rows;
}

/** Rows as a CSV reader gives them: a string of its own for each cell. */
function cellRows(count: number): Row[] {
  return chunkedRows(count, 1).map((r) => {
    const pText = r.pText.slice(r.pStart, r.pEnd);
    const cText = r.cText.slice(r.cStart, r.cEnd);
    return {
      position: r.position,
      pText,
      pStart: 0,
      pEnd: pText.length,
      cText,
      cStart: 0,
      cEnd: cText.length,
    };
  });
}

/** The two collections, field by field (typed arrays compared as bytes: a deep equal took seconds). */
function expectSame(actual: QualityRows, expected: QualityRows): void {
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  for (const key of ['positions', 'wordStart', 'words', 'vocabulary', 'promptKey', 'label'] as const) {
    expect(bytes(actual[key]).equals(bytes(expected[key])), key).toBe(true);
  }
  expect([actual.rows, actual.wordCount, actual.labels]).toEqual([
    expected.rows,
    expected.wordCount,
    expected.labels,
  ]);
}

function feed(target: { add: QualityCollector['add'] }, rows: readonly Row[]): void {
  for (const r of rows) target.add(r.position, r.pText, r.pStart, r.pEnd, r.cText, r.cStart, r.cEnd);
}

describe('pass 1 rows read on the checks’ thread', () => {
  it.each([
    ['chunks of the file, several batches each way', chunkedRows(5_000, 200_000)],
    ['small chunks, many a batch', chunkedRows(5_000, 5_000)],
    ['a string per cell', cellRows(4_500)],
  ])('collect what a collector here collects: %s', (_, rows) => {
    const here = new QualityCollector();
    here.expect(rows.length);
    feed(here, rows);

    const end = new CollectingEnd();
    const { messages, port } = loopback(end);
    const remote = new RemoteQualityCollector(port);
    remote.expect(rows.length);
    feed(remote, rows);
    remote.flush();

    expectSame(end.collector.result(), here.result());
    // Each chunk of the file goes over once: no batch holds two of them.
    const batches = messages.flatMap((m) => ('batch' in m ? [m.batch] : []));
    for (const batch of batches)
      expect(batch.texts.filter((t) => t.length >= 64 * 1024).length).toBeLessThanOrEqual(1);
    expect(batches.reduce((n, b) => n + b.rows, 0)).toBe(rows.length);
  });

  it('forget the rows of a pass started again with other columns', () => {
    const rows = chunkedRows(4_500, 100_000, 7);
    const end = new CollectingEnd();
    const remote = new RemoteQualityCollector(loopback(end).port);
    feed(remote, chunkedRows(2_000, 100_000, 3));
    remote.reset();
    feed(remote, rows);
    remote.flush();
    const here = new QualityCollector();
    feed(here, rows);
    expectSame(end.collector.result(), here.result());
  });

  it('send the rows back, their memory moved, for checks that run where pass 1 ran', () => {
    const rows = chunkedRows(3_000, 100_000, 5);
    const end = new CollectingEnd();
    feed(new RemoteQualityCollector(loopback(end).port), rows);
    const remote = new RemoteQualityCollector(loopback(end).port);
    remote.reset();
    feed(remote, rows);
    remote.flush();
    const back = end.receive({ send: true });
    const here = new QualityCollector();
    feed(here, rows);
    if (back === null) throw new Error('no rows sent back');
    const moved = structuredClone(back.rows, { transfer: back.transfer });
    expectSame(moved, here.result());
    expect(new Set(back.transfer).size).toBe(back.transfer.length);
    // Moved, not copied: the thread's own arrays are gone.
    expect(back.rows.words.byteLength).toBe(0);
  });

  it('send nothing for a flush with no row waiting', () => {
    const end = new CollectingEnd();
    const { messages, port } = loopback(end);
    const remote = new RemoteQualityCollector(port);
    remote.flush();
    feed(remote, chunkedRows(10, 1_000));
    remote.flush();
    remote.flush();
    expect(messages).toHaveLength(1);
    expect(end.collector.result().rows).toBe(10);
  });
});
