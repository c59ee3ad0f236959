import { bench as trainBench } from '../bench-train.js';
import { row, seconds } from './measure.js';

/** Local training through the real server and SDK (scripts/bench-train.js): time, and accuracy on held-out rows. */
export async function training() {
  const results = await trainBench();
  return results.map((r) =>
    row(
      `local training: ${r.name}`,
      seconds(r.seconds * 1000),
      '—',
      '—',
      '—',
      null,
      `accuracy ${r.accuracy.toFixed(3)} on held-out rows`,
    ),
  );
}
