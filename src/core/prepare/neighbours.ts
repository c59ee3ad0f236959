import { MAX_WORDS, wordsOf } from '../quality/words.js';
import { chatTurn } from '../chat/quality.js';
import { reopen } from './records.js';
import { TableReader } from './table.js';
import type { Analysis } from './types.js';

/** A row as the quality review shows it: its prompt and completion as the file holds them. */
export interface RowText {
  readonly position: number;
  readonly prompt: string;
  readonly completion: string;
}

/** A training row close to the one under review, with how much of its wording they share (0–1). */
export interface Neighbour extends RowText {
  readonly similarity: number;
}

export interface NeighboursRequest {
  /** The rows whose texts are wanted. */
  readonly positions: readonly number[];
  /** Also the rows closest to this one among those labelled each of `labels`, `perLabel` of each. */
  readonly nearest?: {
    readonly position: number;
    readonly labels: readonly string[];
    readonly perLabel: number;
  };
  readonly signal?: AbortSignal;
}

export interface NeighboursResult {
  readonly texts: readonly RowText[];
  /** Per label asked for, its closest rows, closest first. */
  readonly nearest: ReadonlyArray<{ readonly label: string; readonly rows: readonly Neighbour[] }>;
}

/** The set of a prompt's word hashes, as the quality checks see words (core/quality/words.ts). */
function wordSet(text: string): Set<number> {
  const out = new Uint16Array(MAX_WORDS);
  const n = wordsOf(text, 0, text.length, out, 0);
  return new Set(out.subarray(0, n));
}

function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * The texts of a few rows and, for a row the mislabel check flagged, its nearest rows of each label
 * (word-set Jaccard over the words the checks compare): why the model read it as another class.
 * Reads the file once for the texts and once more for the neighbours; prompt/completion data only.
 */
export async function rowNeighbours(
  analysis: Analysis,
  request: NeighboursRequest,
): Promise<NeighboursResult> {
  const plan = analysis.plan;
  if (plan?.kind === 'chat') return { texts: await chatTexts(analysis, request), nearest: [] };
  if (plan === null || plan.kind !== 'prompt-completion') return { texts: [], nearest: [] };
  const wanted = new Set(request.positions);
  const target = request.nearest;
  if (target !== undefined) wanted.add(target.position);
  const scan = request.signal ? { signal: request.signal } : {};
  const found = new Map<number, RowText>();
  const table = (source: { label: string; positionLabel: string }): TableReader =>
    new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  const source = await reopen(analysis);
  const first = table(source);
  await source.scan((position, value) => {
    if (wanted.has(position) && first.read(position, value) === 'kept')
      found.set(position, { position, prompt: first.prompt, completion: first.completion });
  }, scan);
  const texts = request.positions.flatMap((p) => {
    const text = found.get(p);
    return text === undefined ? [] : [text];
  });
  const own = target === undefined ? undefined : found.get(target.position);
  if (target === undefined || own === undefined) return { texts, nearest: [] };
  const words = wordSet(own.prompt);
  const best = new Map<string, Neighbour[]>(target.labels.map((l) => [l.trim(), []]));
  const again = await reopen(analysis);
  const second = table(again);
  await again.scan((position, value) => {
    if (position === target.position || second.read(position, value) !== 'kept') return;
    const list = best.get(second.completion.trim());
    if (list === undefined) return;
    const similarity = jaccard(words, wordSet(second.prompt));
    const worst = list[list.length - 1];
    if (list.length >= target.perLabel && worst !== undefined && worst.similarity >= similarity) return;
    list.push({ position, prompt: second.prompt, completion: second.completion, similarity });
    // Closest first; ties keep file order (the sort is stable).
    list.sort((a, b) => b.similarity - a.similarity);
    if (list.length > target.perLabel) list.pop();
  }, scan);
  return { texts, nearest: target.labels.map((label) => ({ label, rows: best.get(label.trim()) ?? [] })) };
}

/** A chat conflict group's texts: the conversation before the last answer, and that answer. */
async function chatTexts(analysis: Analysis, request: NeighboursRequest): Promise<RowText[]> {
  const wanted = new Set(request.positions);
  const found = new Map<number, RowText>();
  const source = await reopen(analysis);
  await source.scan(
    (position, value) => {
      const turn = wanted.has(position) ? chatTurn(value) : null;
      if (turn !== null) found.set(position, { position, prompt: turn.prompt, completion: turn.answer });
    },
    request.signal ? { signal: request.signal } : {},
  );
  return request.positions.flatMap((p) => found.get(p) ?? []);
}
