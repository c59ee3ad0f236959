/**
 * A small streaming XML tokenizer for spreadsheet parts: tags and the text between them, fed in chunks
 * of any size, in one pass (each character is looked at a bounded number of times, so time is linear
 * in the part's size, whatever its shape). It is not a validating parser: spreadsheet XML is machine
 * written, and what is not understood is skipped. Names lose their namespace prefix (`x:c` is `c`).
 */
export interface XmlHandler {
  /**
   * A start tag (`selfClosing` for `<c/>`); `tag` reads its attributes, during this call only (one
   * object serves every tag: no string is cut for a tag whose attributes are not asked for).
   */
  open(name: string, tag: Tag, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw character data (entities not decoded) between tags, delivered only while this returns true. */
  wantsText(): boolean;
  text(raw: string): void;
}

export class XmlScanner {
  private pending = '';
  private readonly tag = new Tag();

  constructor(private readonly handler: XmlHandler) {}

  /** Feeds the next piece of the document. */
  write(chunk: string): void {
    const s = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = '';
    const h = this.handler;
    let i = 0;
    const n = s.length;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt === -1) {
        if (h.wantsText()) h.text(s.slice(i));
        return;
      }
      if (lt > i && h.wantsText()) h.text(s.slice(i, lt));
      const next = s.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        // A comment, CDATA section or declaration: each has its own end, which may follow a '>'. One
        // cut before its ninth character, too short yet to tell which, holds no end of either kind.
        const cdata = s.startsWith('<![CDATA[', lt);
        const comment = s.startsWith('<!--', lt);
        const end = s.indexOf(cdata ? ']]>' : comment ? '-->' : '>', lt);
        if (end === -1) {
          this.pending = s.slice(lt);
          return;
        }
        if (cdata && h.wantsText()) h.text(s.slice(lt, end + 3));
        i = end + (cdata || comment ? 3 : 1);
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt === -1) {
        this.pending = s.slice(lt);
        return;
      }
      if (next === 47 /* / */) {
        h.close(localName(s, lt + 2, gt));
      } else if (next !== 63 /* ? */) {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const end = selfClosing ? gt - 1 : gt;
        const tag = this.tag;
        tag.source = s;
        tag.from = lt + 1;
        tag.to = end;
        h.open(localName(s, lt + 1, end), tag, selfClosing);
      }
      i = gt + 1;
    }
  }

  /** True when the document ended inside a tag. */
  get unfinished(): boolean {
    return this.pending !== '';
  }
}

function localName(s: string, from: number, to: number): string {
  let end = from;
  let colon = -1;
  while (end < to) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
    if (c === 58) colon = end;
    end++;
  }
  return s.slice(colon === -1 ? from : colon + 1, end);
}

/** A start tag's text (between `<` and `>`) in the text being scanned, read in place. */
export class Tag {
  source = '';
  from = 0;
  to = 0;

  /** The raw value of one attribute (`r="A1"` → `A1`), or undefined. */
  attribute(name: string): string | undefined {
    const at = this.valueAt(name);
    if (at === -1) return undefined;
    const s = this.source;
    const close = s.indexOf(s[at - 1] as string, at);
    return close === -1 || close >= this.to ? undefined : s.slice(at, close);
  }

  /** An attribute holding digits only (`r="12"`, `s="3"`), read without cutting it out; else NaN. */
  integer(name: string): number {
    const at = this.valueAt(name);
    if (at === -1) return NaN;
    const s = this.source;
    let value = 0;
    let k = at;
    for (; k < this.to; k++) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    return k > at && k < this.to && s.charCodeAt(k) === s.charCodeAt(at - 1) ? value : NaN;
  }

  /** The zero-based column of a cell reference attribute (`r="AB12"` → 27), or -1 without letters. */
  column(name: string): number {
    const at = this.valueAt(name);
    if (at === -1) return -1;
    const s = this.source;
    let column = 0;
    let k = at;
    for (; k < this.to; k++) {
      const c = s.charCodeAt(k) | 32;
      if (c < 97 || c > 122) break;
      column = column * 26 + (c - 96);
    }
    return k === at ? -1 : column - 1;
  }

  /** Where the value of attribute `name` starts (after its opening quote), or -1. */
  private valueAt(name: string): number {
    const s = this.source;
    const to = this.to;
    let at = this.from;
    for (;;) {
      const found = s.indexOf(name, at);
      if (found === -1 || found >= to) return -1;
      at = found + name.length;
      const before = s.charCodeAt(found - 1);
      // The name must stand alone (` r=`, not `ref=`; `:r=` for a prefixed attribute).
      if (before !== 32 && before !== 9 && before !== 10 && before !== 13 && before !== 58) continue;
      let k = at;
      while (s.charCodeAt(k) === 32) k++;
      if (s.charCodeAt(k) !== 61 /* = */) continue;
      k++;
      while (s.charCodeAt(k) === 32) k++;
      const quote = s.charCodeAt(k);
      if (quote !== 34 && quote !== 39) continue;
      return k + 1 < to ? k + 1 : -1;
    }
  }
}
