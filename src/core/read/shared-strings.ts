import type { CheckedZip } from './zip-guard.js';
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
 * the table points into the part's own inflated bytes instead of copying them out, and a cell's text is
 * decoded only when a cell asks for it. The inflated bytes are cut after the last whole item of each
 * megabyte (an item end is ASCII, so a cut never splits a character). Any other item (rich-text runs,
 * phonetic guides, entities, Excel's `_xHHHH_` escapes, CDATA) goes through the XML scanner and
 * `StringItem`, as does a UTF-16 part and whatever follows an item longer than a few megabytes.
 */
export async function readSharedStrings(
  zip: CheckedZip,
  part: string | undefined,
  label: string,
): Promise<StringTable> {
  const entry = part === undefined ? undefined : zip.entries.get(part);
  if (entry === undefined) return new StringTable();
  return sharedStringsOf(entryBytes(zip.path, entry, label));
}

/**
 * The shared strings of a part given as its inflated bytes, in pieces (a megabyte each from the zip;
 * any size from the tests). The first piece must hold the part's start: its byte-order mark and root tag.
 */
export async function sharedStringsOf(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<StringTable> {
  const strings = new StringTable();
  const items = new SharedItems(strings);
  let stream: TextDecoder | null = null;
  let held: Buffer = Buffer.alloc(0);
  let siEnd: Buffer | null = null;
  for await (const chunk of chunks) {
    if (siEnd === null) {
      if (chunk[0] === 0xff && chunk[1] === 0xfe) stream = new TextDecoder('utf-16le');
      siEnd = items.findTags(chunk.toString('latin1', 0, 4096)).siEnd;
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
    // few bytes copied), then the chunk up to its last item end (not copied: the table keeps it).
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
      if (piece.length === 0 || items.write(piece)) continue;
      // An item the cut went through (a CDATA section holding the end tag): the scanner has it.
      stream = new TextDecoder('utf-8');
      for (const rest of pieces.slice(i + 1)) items.stream(stream.decode(rest, { stream: true }));
      break;
    }
    // A copy: the rest is small, and a view would keep the whole megabyte alive.
    if (stream === null) held = Buffer.from(pieces[2] as Buffer);
  }
  if (stream !== null) items.stream(stream.decode());
  else if (held.length > 0) items.write(held);
  return strings.finish();
}

const PRESERVE = Buffer.from(' xml:space="preserve">', 'latin1');
const LT = 60;
const GT = 62;
const SLASH = 47;
const AMP = 38;
const CR = 13;

interface Tags {
  readonly si: Buffer;
  readonly siEnd: Buffer;
  readonly t: Buffer;
  readonly tEnd: Buffer;
}

/**
 * Whether `bytes` holds `tag` at `at`. A loop here, not `Buffer.compare`: tags are a few bytes, and a
 * call into native code per item cost more than the comparison itself.
 */
function hasAt(bytes: Buffer, tag: Buffer, at: number): boolean {
  if (at < 0 || at + tag.length > bytes.length) return false;
  for (let i = 0; i < tag.length; i++) if (bytes[at + i] !== tag[i]) return false;
  return true;
}

/** Finds the items of the shared strings part in its inflated bytes (see `readSharedStrings`). */
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
   * A piece of the part (UTF-8) that ends after an item. False when an item does not end in it: the
   * piece from that item on went to the scanner, which must get the rest of the part (`stream`).
   */
  write(b: Buffer): boolean {
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
      // Items usually follow one another with nothing between: look there before searching.
      const start = hasAt(b, si, pos) ? pos : b.indexOf(si, pos);
      if (start === -1) return true;
      // A comment between items may hold what looks like an item: it is skipped, as the scanner does.
      if (this.bang !== -1 && this.bang < pos) this.bang = b.indexOf('<!', pos, 'latin1');
      if (this.bang !== -1 && this.bang < start) {
        const close = this.bangEnd(b, this.bang);
        if (close === -1) {
          this.slow.write(b.toString('utf8', this.bang));
          return false;
        }
        pos = close;
        continue;
      }
      const after = start + si.length < b.length ? (b[start + si.length] as number) : -1;
      if (after !== GT && after !== SLASH && after !== 32 && after !== 9 && after !== 10 && after !== CR) {
        pos = start + 1; // another tag whose name begins the same way, or the end
        continue;
      }
      const end = this.itemEnd(b, start, siEnd);
      if (after === SLASH) {
        const gt = b.indexOf(GT, start);
        if (gt !== -1 && (end === -1 || gt < end)) {
          strings.add(''); // <si/>
          pos = gt + 1;
          continue;
        }
      }
      if (end === -1) {
        this.slow.write(b.toString('utf8', start));
        return false;
      }
      pos = end + siEnd.length;
      // The common shape: `<si><t>` or `<si><t xml:space="preserve">`, the text, `</t></si>`.
      const open = start + si.length + 1;
      const textEnd = end - tEnd.length;
      if (after === GT && hasAt(b, t, open) && hasAt(b, tEnd, textEnd)) {
        const c = b[open + t.length];
        const from =
          c === GT
            ? open + t.length + 1
            : hasAt(b, PRESERVE, open + t.length)
              ? open + t.length + PRESERVE.length
              : -1;
        if (from !== -1 && from <= textEnd && b.indexOf(LT, from) === textEnd) {
          if (amp !== -1 && amp < from) amp = b.indexOf(AMP, from);
          if (cr !== -1 && cr < from) cr = b.indexOf(CR, from);
          if (escape !== -1 && escape < from) escape = b.indexOf('_x', from, 'latin1');
          if (within(amp, textEnd) || within(cr, textEnd) || within(escape, textEnd)) {
            strings.add(unescapeOoxml(xmlText(b.toString('utf8', from, textEnd))));
          } else {
            if (block === -1) block = strings.addBytes(b);
            strings.addSpan(block, from, textEnd);
          }
          continue;
        }
      }
      this.slow.write(b.toString('utf8', start, pos));
    }
  }

  /**
   * Where the item starting at `start` ends (its end tag), or -1 when it does not end in this piece.
   * An end tag inside a CDATA section or a comment is text, not the end.
   */
  private itemEnd(b: Buffer, start: number, siEnd: Buffer): number {
    let from = start;
    for (;;) {
      const end = b.indexOf(siEnd, from);
      if (this.bang !== -1 && this.bang < from) this.bang = b.indexOf('<!', from, 'latin1');
      const bang = this.bang;
      if (end === -1 || bang === -1 || bang > end) return end;
      const close = this.bangEnd(b, bang);
      if (close === -1) return -1;
      from = close;
    }
  }

  /** Where the comment, CDATA section or declaration starting at `bang` ends (past its last '>'), or -1. */
  private bangEnd(b: Buffer, bang: number): number {
    const cdata = hasAt(b, CDATA, bang);
    const close = b.indexOf(cdata ? ']]>' : hasAt(b, COMMENT, bang) ? '-->' : '>', bang + 2, 'latin1');
    return close === -1 ? -1 : close + 1;
  }
}

const CDATA = Buffer.from('<![CDATA[', 'latin1');
const COMMENT = Buffer.from('<!--', 'latin1');

/** Whether a found position (-1: none) comes before `end`. */
const within = (at: number, end: number): boolean => at !== -1 && at < end;

function tagsOf(prefix: string): Tags {
  const p = prefix;
  const bytes = (tag: string): Buffer => Buffer.from(tag, 'latin1');
  return { si: bytes(`<${p}si`), siEnd: bytes(`</${p}si>`), t: bytes(`<${p}t`), tEnd: bytes(`</${p}t>`) };
}
