import type { CheckedZip } from './zip-guard.js';
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { entryBytes } from './zip-guard.js';
import { StringTable } from './string-table.js';
import { unescapeOoxml, xmlContent, xmlText } from './xml-text.js';
import { XmlScanner, type XmlHandler } from './xml-scan.js';

/**
 * A string item (`<si>` of the shared strings, `<is>` of an inline string): the text of its runs in
 * order, without the phonetic guide (`<rPh>`) that Japanese workbooks add to some of them.
 */
export class StringItem {
  private depth = 0; // inside <rPh>
  private inT = false;
  private raw = '';
  private parts: string[] = [];

  open(name: string, selfClosing: boolean): void {
    if (name === 'rPh' && !selfClosing) this.depth++;
    else if (name === 't' && this.depth === 0 && !selfClosing) this.inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.depth = Math.max(0, this.depth - 1);
    else if (name === 't' && this.inT) {
      this.inT = false;
      this.parts.push(this.raw);
      this.raw = '';
    }
  }
  get wantsText(): boolean {
    return this.inT;
  }
  text(raw: string): void {
    this.raw += raw;
  }
  /** The decoded text, and a fresh start for the next item. */
  take(): string {
    const raw = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.depth = 0;
    return unescapeOoxml(xmlContent(raw));
  }
}

/** Past this many bytes without the end of an item, the rest of the part is streamed through the scanner. */
const LONGEST_HELD = 4 << 20;

/**
 * Reads the shared strings part. Most items are written as `<si><t>text</t></si>` (with
 * `xml:space="preserve"` when the text has outer spaces): for those, when the text needs no decoding,
 * the table points into the part's own decoded text instead of copying it out, which on a workbook
 * of long texts was most of its reading time. The inflated bytes are cut after the last whole item of
 * each megabyte and decoded as one string (kept as a block of the table; a string that large is
 * never moved by the collector). Any other item (rich-text runs, phonetic guides, entities, Excel's
 * `_xHHHH_` escapes, CDATA) goes through the XML scanner and `StringItem`, as does a UTF-16 part and
 * whatever follows an item longer than a few megabytes.
 */
export async function readSharedStrings(
  zip: CheckedZip,
  part: string | undefined,
  label: string,
): Promise<StringTable> {
  const strings = new StringTable();
  const entry = part === undefined ? undefined : zip.entries.get(part);
  if (entry === undefined) return strings;
  const items = new SharedItems(strings);
  let stream: TextDecoder | null = null;
  let held: Buffer = Buffer.alloc(0);
  let siEnd: Buffer | null = null;
  for await (const chunk of entryBytes(zip.path, entry, label)) {
    if (siEnd === null) {
      if (chunk[0] === 0xff && chunk[1] === 0xfe) stream = new TextDecoder('utf-16le');
      siEnd = Buffer.from(items.findTags(chunk.toString('latin1', 0, 4096)).siEnd, 'latin1');
    }
    if (stream !== null) {
      items.stream(stream.decode(chunk, { stream: true }));
      continue;
    }
    const first = chunk.indexOf(siEnd);
    if (first === -1) {
      held = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      if (held.length <= LONGEST_HELD) continue;
      // An item this long is streamed through the scanner, with the rest of the part.
      stream = new TextDecoder('utf-8');
      items.stream(stream.decode(held, { stream: true }));
      continue;
    }
    // Two pieces that end after an item: what was held with the chunk up to its first item end (a
    // few bytes copied), then the chunk up to its last item end (not copied).
    const firstEnd = first + siEnd.length;
    const lastEnd = chunk.lastIndexOf(siEnd) + siEnd.length;
    const pieces = [
      held.length === 0 ? chunk.subarray(0, firstEnd) : Buffer.concat([held, chunk.subarray(0, firstEnd)]),
      chunk.subarray(firstEnd, lastEnd),
      chunk.subarray(lastEnd),
    ];
    held = Buffer.alloc(0);
    for (let i = 0; i < 2; i++) {
      const piece = pieces[i] as Buffer;
      if (piece.length === 0 || items.write(decoded(piece))) continue;
      // An item the cut went through (a CDATA section holding the end tag): the scanner has it.
      stream = new TextDecoder('utf-8');
      for (const rest of pieces.slice(i + 1)) items.stream(stream.decode(rest, { stream: true }));
      break;
    }
    // A copy: the rest is small, and a view would keep the whole megabyte alive.
    if (stream === null) held = Buffer.from(pieces[2] as Buffer);
  }
  if (stream !== null) items.stream(stream.decode());
  else if (held.length > 0) items.write(decoded(held));
  return strings.finish();
}

/** Bytes as text; pure ASCII (most of the time) is copied, not decoded: ten times faster. */
function decoded(piece: Buffer): string {
  return isAscii(piece) ? piece.toString('latin1') : new TextDecoder('utf-8').decode(piece);
}

const PRESERVE = ' xml:space="preserve">';

interface Tags {
  readonly si: string;
  readonly siEnd: string;
  readonly t: string;
  readonly tEnd: string;
}

/** Finds the items of the shared strings part in its decoded text (see `readSharedStrings`). */
class SharedItems {
  /** The tags, with the namespace prefix the part uses (`x:si`). */
  private tags: Tags = tagsOf('');
  private readonly slow: XmlScanner;
  /** The next `<!` (CDATA, comment) in the piece being read; -2 before it is looked for. */
  private bang = -2;

  constructor(private readonly strings: StringTable) {
    const item = new StringItem();
    let inItem = false;
    const handler: XmlHandler = {
      open(name, _tag, selfClosing) {
        if (name === 'si') {
          if (selfClosing) strings.add('');
          else inItem = true;
        } else if (inItem) item.open(name, selfClosing);
      },
      close(name) {
        if (name === 'si') {
          strings.add(item.take());
          inItem = false;
        } else if (inItem) item.close(name);
      },
      wantsText: () => inItem && item.wantsText,
      text: (raw) => item.text(raw),
    };
    this.slow = new XmlScanner(handler);
  }

  /** The tags as the part's root tag (`<sst`, maybe `<x:sst`) names them, from the part's start. */
  findTags(start: string): Tags {
    this.tags = tagsOf(/<([A-Za-z_][\w.-]*:)?sst[\s>/]/.exec(start)?.[1] ?? '');
    return this.tags;
  }

  /** Text for the scanner, as it streams (what follows `write` returning false continues its text). */
  stream(text: string): void {
    this.slow.write(text);
  }

  /**
   * A piece of the part that ends after an item. False when an item does not end in it: the piece
   * from that item on went to the scanner, which must get the rest of the part (`stream`).
   */
  write(s: string): boolean {
    const { si, siEnd, t, tEnd } = this.tags;
    const strings = this.strings;
    let block = -1;
    // The next '&', '\r' and '_x' at or after the current item: searched again only once passed, so
    // each is looked for once per piece, whatever the number of items.
    let amp = -2;
    let cr = -2;
    let escape = -2;
    let pos = 0;
    this.bang = -2;
    for (;;) {
      const start = s.indexOf(si, pos);
      if (start === -1) return true;
      const after = s.charCodeAt(start + si.length);
      if (
        after !== 62 /* > */ &&
        after !== 47 /* / */ &&
        after !== 32 &&
        after !== 9 &&
        after !== 10 &&
        after !== 13
      ) {
        pos = start + 1; // another tag whose name begins the same way, or the end
        continue;
      }
      const end = this.itemEnd(s, start, siEnd);
      const gt = s.indexOf('>', start);
      if (after === 47 && gt !== -1 && (end === -1 || gt < end)) {
        strings.add(''); // <si/>
        pos = gt + 1;
        continue;
      }
      if (end === -1) {
        this.slow.write(s.slice(start));
        return false;
      }
      pos = end + siEnd.length;
      // The common shape: `<si><t>` or `<si><t xml:space="preserve">`, the text, `</t></si>`.
      const open = start + si.length + 1;
      const textEnd = end - tEnd.length;
      if (after === 62 && s.startsWith(t, open) && s.startsWith(tEnd, textEnd)) {
        const c = s.charCodeAt(open + t.length);
        const from =
          c === 62
            ? open + t.length + 1
            : s.startsWith(PRESERVE, open + t.length)
              ? open + t.length + PRESERVE.length
              : -1;
        if (from !== -1 && from <= textEnd && s.indexOf('<', from) === textEnd) {
          if (amp !== -1 && amp < from) amp = s.indexOf('&', from);
          if (cr !== -1 && cr < from) cr = s.indexOf('\r', from);
          if (escape !== -1 && escape < from) escape = s.indexOf('_x', from);
          if (within(amp, textEnd) || within(cr, textEnd) || within(escape, textEnd)) {
            strings.add(unescapeOoxml(xmlText(s.slice(from, textEnd))));
          } else {
            if (block === -1) block = strings.addBlock(s);
            strings.addSpan(block, from, textEnd);
          }
          continue;
        }
      }
      this.slow.write(s.slice(start, pos));
    }
  }

  /**
   * Where the item starting at `start` ends (its end tag), or -1 when it does not end in this piece.
   * An end tag inside a CDATA section or a comment is text, not the end.
   */
  private itemEnd(s: string, start: number, siEnd: string): number {
    let from = start;
    for (;;) {
      const end = s.indexOf(siEnd, from);
      if (this.bang !== -1 && this.bang < from) this.bang = s.indexOf('<!', from);
      const bang = this.bang;
      if (end === -1 || bang === -1 || bang > end) return end;
      const cdata = s.startsWith('<![CDATA[', bang);
      const close = s.indexOf(cdata ? ']]>' : s.startsWith('<!--', bang) ? '-->' : '>', bang + 2);
      if (close === -1) return -1;
      from = close + 1;
    }
  }
}

/** Whether a found position (-1: none) comes before `end`. */
const within = (at: number, end: number): boolean => at !== -1 && at < end;

function tagsOf(prefix: string): Tags {
  const p = prefix;
  return { si: `<${p}si`, siEnd: `</${p}si>`, t: `<${p}t`, tEnd: `</${p}t>` };
}
