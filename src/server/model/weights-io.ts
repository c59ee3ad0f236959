/**
 * Snapshots on disk: `meta.json` (feature spec, vocabulary, step) beside `weights.bin` and
 * `optimizer.bin`, raw little-endian Float32 arrays. A snapshot directory is written under a
 * temporary name and renamed into place, so a reader never sees half of one; `meta.json` is
 * written last, so a temporary directory that has one holds a whole snapshot.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SoftmaxModel } from './softmax-model.js';
import { Vocabulary } from './pieces.js';

const Meta = z.object({
  spec: z.object({ buckets: z.number().int().positive(), bigrams: z.boolean() }),
  vocab: z.array(z.string()),
  step: z.number().int().nonnegative(),
});

export interface Snapshot {
  readonly model: SoftmaxModel;
  /** Adagrad accumulators, laid out like weights then bias. */
  readonly accumulators: Float32Array;
  readonly step: number;
}

function toBuffer(array: Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function toFloats(buffer: Buffer): Float32Array {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return new Float32Array(copy.buffer);
}

export function saveSnapshot(dir: string, snapshot: Snapshot): void {
  const { model } = snapshot;
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  const meta = { spec: model.spec, vocab: model.vocab.pieces, step: snapshot.step };
  const weights = new Float32Array(model.weights.length + model.bias.length);
  weights.set(model.weights);
  weights.set(model.bias, model.weights.length);
  writeFileSync(`${tmp}/weights.bin`, toBuffer(weights));
  writeFileSync(`${tmp}/optimizer.bin`, toBuffer(snapshot.accumulators));
  // Last: a temporary snapshot with its meta is complete (see state/leftovers.ts).
  writeFileSync(`${tmp}/meta.json`, JSON.stringify(meta));
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function loadSnapshot(dir: string, withOptimizer = true): Snapshot {
  const meta = Meta.parse(JSON.parse(readFileSync(`${dir}/meta.json`, 'utf8')));
  const vocab = new Vocabulary(meta.vocab);
  const all = toFloats(readFileSync(`${dir}/weights.bin`));
  const size = meta.spec.buckets * vocab.size;
  if (all.length !== size + vocab.size) throw new Error(`corrupt weights in ${dir}`);
  const model = new SoftmaxModel(meta.spec, vocab, all.subarray(0, size), all.subarray(size));
  const accumulators = withOptimizer ? toFloats(readFileSync(`${dir}/optimizer.bin`)) : new Float32Array(0);
  return { model, accumulators, step: meta.step };
}
