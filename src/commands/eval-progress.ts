import { withThousands } from '../core/numbers.js';

/** `[#########.........]  90/200` sized to the terminal, for stderr. */
export function progressLine(done: number, total: number, columns: number): string {
  const counter = ` ${withThousands(done).padStart(withThousands(total).length)}/${withThousands(total)}`;
  const width = Math.max(10, Math.min(50, columns - counter.length - 3));
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${counter}`;
}
