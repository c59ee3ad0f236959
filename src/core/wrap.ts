/**
 * Word wrapping as the terminal will show it, computed ahead so that screens can budget their height
 * (the live frame must stay shorter than the terminal). Long words are cut at the width. A paragraph's
 * first line keeps its indentation; a line it wraps onto never starts with a space.
 */
export function wrapLines(text: string, width: number): readonly string[] {
  const max = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    const first = out.length;
    for (const word of paragraph.split(/(?<= )/)) {
      let rest = Array.from(word);
      // The spaces between two words that a break fell between: dropped, not carried over.
      if (line === '' && out.length > first && word.trim() === '') continue;
      while (rest.length > 0) {
        const room = max - Array.from(line).length;
        if (rest.length <= room) {
          line += rest.join('');
          rest = [];
        } else if (line.trim() !== '') {
          out.push(line.trimEnd());
          line = '';
          if (rest.every((c) => c === ' ')) rest = [];
        } else {
          // A word longer than the line: fill the line (its leading spaces included) and go on.
          const take = Math.max(1, room);
          out.push(line + rest.slice(0, take).join(''));
          rest = rest.slice(take);
          line = '';
        }
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

/** Paragraphs for a plain terminal: wrapped to `width`, every line after `indent`, none starting with a space. */
export function wrapIndented(text: string, width: number, indent = ''): string {
  return wrapLines(text, Math.max(20, width - indent.length))
    .map((line) => `${indent}${line}`)
    .join('\n');
}
