/**
 * gpt-tokenizer's byte-pair merge is quadratic in the length of one pre-token piece: 200,000 letters
 * without a space take about 25 s. Real text never has such runs, but a data file may (base64, minified
 * code, a long CJK paragraph), so runs of more than MAX_RUN non-space characters are cut into pieces
 * of MAX_RUN and counted separately. Text without such runs is counted exactly; each cut may shift
 * the count by a token, which stays within what an estimate means.
 */
export const MAX_RUN = 1_000;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000;
}

/** The text itself, or pieces of it whose non-space runs are at most `MAX_RUN` characters. */
export function tokenSegments(text: string, maxRun: number = MAX_RUN): string[] {
  if (text.length <= maxRun) return [text];
  let segments: string[] | undefined;
  let start = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      run = 0;
      continue;
    }
    if (++run <= maxRun) continue;
    // Cut before position i, but never between the halves of a surrogate pair.
    let cut = i;
    const code = text.charCodeAt(cut);
    if (code >= 0xdc00 && code <= 0xdfff && cut - 1 > start) cut--;
    (segments ??= []).push(text.slice(start, cut));
    start = cut;
    run = i - cut + 1;
  }
  if (!segments) return [text];
  segments.push(text.slice(start));
  return segments;
}
