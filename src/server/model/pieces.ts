/**
 * Word-level tokenization. Completions are split into pieces that keep their leading whitespace
 * (" sports", "\n"), so joining generated pieces reproduces the text exactly. Contexts (prompts,
 * conversations) are reduced to lowercased words for the feature hashing.
 */
const PIECE = /\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]|\s+/gu;
const WORD = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

export function splitPieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}

export function contextWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).slice(-512);
}

/** Token counts reported in `usage` and `trained_tokens`: the same pieces the model sees. */
export function countPieces(text: string): number {
  return splitPieces(text).length;
}

/** Reserved ids: 0 ends a completion, 1 stands for a piece outside the vocabulary. */
export const END = 0;
export const UNK = 1;

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly pieces: string[];

  constructor(pieces: readonly string[] = ['<end>', '<unk>']) {
    this.pieces = [...pieces];
    this.pieces.forEach((piece, id) => this.ids.set(piece, id));
  }

  get size(): number {
    return this.pieces.length;
  }

  add(piece: string): number {
    const known = this.ids.get(piece);
    if (known !== undefined) return known;
    this.pieces.push(piece);
    this.ids.set(piece, this.pieces.length - 1);
    return this.pieces.length - 1;
  }

  id(piece: string): number {
    return this.ids.get(piece) ?? UNK;
  }
}
