// Generated bench inputs, in bench-data/ (git-ignored): the same seeded files on every run.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DATA } from './measure.js';

const WORDS =
  'order refund account password shipping invoice broken login screen update card delivery missing item charge app error crash email address plan upgrade cancel return label'.split(
    ' ',
  );

/** A prompt/completion JSONL file of `rows` rows: varied text, a few duplicates, no separator. */
export async function ticketsJsonl(rows) {
  const path = join(DATA, `pc-${rows / 1000}k.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(`${path}.part`);
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const sentence = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
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
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.part`, path);
  return path;
}
