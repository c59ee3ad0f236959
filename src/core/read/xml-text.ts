/**
 * The text of spreadsheet XML as XML 1.0 and ECMA-376 define it, code point by code point:
 * - line ends in the raw text become `\n` (XML 1.0 §2.11), but a character reference such as `&#13;`
 *   stays the character it names;
 * - numeric references name code points, not UTF-16 units: `&#128512;` is 😀 (U+1F600). SheetJS and
 *   read-excel-file decode them with `String.fromCharCode`, which keeps the low 16 bits (U+F600);
 * - Excel's `_xHHHH_` escapes (ECMA-376 Part 1, 22.4.2.4 bstr) name UTF-16 units, so `_xD83D__xDE00_`
 *   is one emoji and `_x000D_` a carriage return; `_x005F_` escapes the underscore of a literal one.
 * A reference that names no character (bad digits, a surrogate, beyond U+10FFFF) is kept as written.
 */
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,8})|#[xX]([\da-fA-F]{1,7}));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ESCAPE = /_x([\da-fA-F]{4})_/g;

function codePoint(code: number, whole: string): string {
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
  return String.fromCodePoint(code);
}

/** Character data between tags (or an attribute value) as the XML parser would hand it over. */
export function xmlText(raw: string): string {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.includes('&')) {
    text = text.replace(ENTITY, (whole, name?: string, dec?: string, hex?: string) => {
      if (name !== undefined) return NAMED[name] ?? whole;
      return codePoint(dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16), whole);
    });
  }
  return text;
}

/** Undoes Excel's `_xHHHH_` escapes in decoded string content. */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPE, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Text content with CDATA sections kept verbatim (rare in spreadsheets, but valid XML). */
export function xmlContent(raw: string): string {
  if (!raw.includes('<![CDATA[')) return xmlText(raw);
  let out = '';
  let at = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', at);
    if (start === -1) return out + xmlText(raw.slice(at));
    const end = raw.indexOf(']]>', start + 9);
    out += xmlText(raw.slice(at, start)) + raw.slice(start + 9, end === -1 ? raw.length : end);
    if (end === -1) return out;
    at = end + 3;
  }
}
