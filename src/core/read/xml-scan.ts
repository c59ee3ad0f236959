/**
 * A small streaming XML tokenizer for spreadsheet parts: tags and the text between them, fed in chunks
 * of any size, in one pass (each character is looked at a bounded number of times, so time is linear
 * in the part's size, whatever its shape). It is not a validating parser: spreadsheet XML is machine
 * written, and what is not understood is skipped. Names lose their namespace prefix (`x:c` is `c`).
 */
export interface XmlHandler {
  /** A start tag (`selfClosing` for `<c/>`); `tag` is its text between `<` and `>`, for `attribute`. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw character data (entities not decoded) between tags, delivered only while this returns true. */
  wantsText(): boolean;
  text(raw: string): void;
}

export class XmlScanner {
  private pending = '';

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
        // A comment, CDATA section or declaration: each has its own end, which may follow a '>'.
        if (lt + 9 > n) {
          this.pending = s.slice(lt); // too little of it yet to tell which
          return;
        }
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
      if (gt === -1 || lt + 1 >= n) {
        this.pending = s.slice(lt);
        return;
      }
      if (next === 47 /* / */) {
        h.close(localName(s, lt + 2, gt));
      } else if (next !== 63 /* ? */) {
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        const end = selfClosing ? gt - 1 : gt;
        h.open(localName(s, lt + 1, end), s.slice(lt + 1, end), selfClosing);
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

/** The raw value of one attribute of a tag's text (`r="A1"` → `A1`), or undefined. */
export function attribute(tag: string, name: string): string | undefined {
  let at = 0;
  for (;;) {
    const found = tag.indexOf(name, at);
    if (found === -1) return undefined;
    at = found + name.length;
    const before = tag.charCodeAt(found - 1);
    // The name must stand alone (` r=`, not `ref=`; `:r=` for a prefixed attribute).
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13 && before !== 58) continue;
    let k = at;
    while (tag.charCodeAt(k) === 32) k++;
    if (tag.charCodeAt(k) !== 61 /* = */) continue;
    k++;
    while (tag.charCodeAt(k) === 32) k++;
    const quote = tag[k];
    if (quote !== '"' && quote !== "'") continue;
    const close = tag.indexOf(quote, k + 1);
    if (close === -1) return undefined;
    return tag.slice(k + 1, close);
  }
}
