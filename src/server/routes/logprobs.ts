/**
 * Log probabilities in the two shapes the API returns them, from the pieces the model chose.
 *
 * `/completions` (`logprobs: N`, at most 5): `{tokens, token_logprobs, top_logprobs, text_offset}`,
 * where each `top_logprobs` entry holds the N likeliest pieces and the chosen one, and `text_offset`
 * counts characters from the start of the prompt. With `echo`, the prompt's pieces come first with
 * null log probabilities: this model predicts completions given their prompt and never scores the
 * prompt itself (https://platform.openai.com/docs/api-reference/completions/object).
 *
 * `/chat/completions` (`logprobs: true`, `top_logprobs: 0–20`): `{content: [{token, logprob, bytes,
 * top_logprobs: [{token, logprob, bytes}]}], refusal: null}`
 * (https://platform.openai.com/docs/api-reference/chat/object).
 */
import type { DecodedPiece } from '../generation.js';
import { splitPieces } from '../model/pieces.js';

export interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
}

/** Completion-style log probabilities of `pieces`, the first one starting at character `offset`. */
export function completionLogprobs(pieces: readonly DecodedPiece[], offset: number): CompletionLogprobs {
  const out: CompletionLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let at = offset;
  for (const piece of pieces) {
    out.tokens.push(piece.text);
    out.token_logprobs.push(piece.logprob ?? null);
    out.top_logprobs.push(
      piece.top === undefined
        ? null
        : Object.fromEntries([
            ...piece.top.map((t) => [t.token, t.logprob]),
            [piece.text, piece.logprob ?? 0],
          ]),
    );
    out.text_offset.push(at);
    at += piece.text.length;
  }
  return out;
}

/** The prompt's pieces as echoed: text without log probabilities. */
export function promptPieces(prompt: string): DecodedPiece[] {
  return splitPieces(prompt).map((text) => ({ text }));
}

function bytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

export function chatLogprobs(pieces: readonly DecodedPiece[]): {
  content: { token: string; logprob: number; bytes: number[]; top_logprobs: object[] }[];
  refusal: null;
} {
  return {
    content: pieces.map((piece) => ({
      token: piece.text,
      logprob: piece.logprob ?? 0,
      bytes: bytes(piece.text),
      top_logprobs: (piece.top ?? []).map((t) => ({
        token: t.token,
        logprob: t.logprob,
        bytes: bytes(t.token),
      })),
    })),
    refusal: null,
  };
}
