// Generated bench inputs, in bench-data/ (git-ignored): the same seeded files on every run.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DATA } from './measure.js';

const WORDS =
  'order refund account password shipping invoice broken login screen update card delivery missing item charge app error crash email address plan upgrade cancel return label'.split(
    ' ',
  );

/** A seeded generator of sentences from WORDS: the same text on every run. */
function words(seed) {
  let state = seed;
  const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  return {
    rand,
    sentence: (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' '),
  };
}

/** Writes `name` in bench-data/ once, from the lines `lines()` yields; later runs reuse the file. */
async function generated(name, lines) {
  const path = join(DATA, name);
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(`${path}.part`);
  for (const line of lines()) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return path;
}

/** A generation JSONL file of `rows` rows: long varied completions, a few duplicates, nothing to fix. */
export function ticketsJsonl(rows) {
  return generated(`pc-${rows / 1000}k.jsonl`, function* () {
    const { sentence } = words(12345);
    let previous = '';
    for (let i = 0; i < rows; i++) {
      // About 0.1% of the rows repeat the row before them exactly.
      const line =
        i % 997 === 0 && i > 0
          ? previous
          : `${JSON.stringify({
              prompt: `Ticket ${i}: ${sentence(12 + (i % 20))}`,
              completion: `Dear customer, about ${sentence(6)} (case ${i}) we will ${sentence(10 + (i % 15))}`,
            })}\n`;
      previous = line;
      yield line;
    }
  });
}

const LABELS = ['refund', 'shipping', 'login', 'billing', 'bug', 'account', 'cancel', 'other'];

/**
 * A classification JSONL file of `rows` rows (about 320 bytes each, 64 MB at 200k): a ticket and one of
 * eight short labels, as people write them: no separator after the prompt, no space before the label
 * and no common ending, so `--yes` applies three fixes and splits off a validation file.
 */
export function classificationJsonl(rows) {
  return generated(`classes-${rows / 1000}k.jsonl`, function* () {
    const { rand, sentence } = words(777);
    for (let i = 0; i < rows; i++) {
      const label = LABELS[Math.floor(rand() * LABELS.length)];
      yield `${JSON.stringify({ prompt: `Ticket ${i} from a customer: ${sentence(32 + (i % 16))}`, completion: label })}\n`;
    }
  });
}

/**
 * The wide CSV of the hostile corpus (test/reliability/hostile-corpus.js, its big cases): `columns` wide,
 * 20 rows, the prompt and completion after every other column (the shape that was quadratic).
 */
export async function wideCsv(columns) {
  const { hostileCases } = await import('../../test/reliability/hostile-corpus.js');
  const found = hostileCases({ big: true }).find((c) => c.name === `wide-${columns / 1000}k.csv`);
  if (!found) throw new Error(`no wide case of ${columns} columns in the hostile corpus`);
  return generated(found.name, function* () {
    yield found.content;
  });
}

/** The first rows of the generation file that fill `bytes`: a JSONL input the size of another. */
export async function jsonlOfBytes(bytes) {
  const source = await ticketsJsonl(200_000);
  const { readFileSync } = await import('node:fs');
  return generated(`pc-${bytes}-bytes.jsonl`, function* () {
    const text = readFileSync(source, 'utf8');
    const end = text.lastIndexOf('\n', bytes);
    yield text.slice(0, end + 1);
  });
}
