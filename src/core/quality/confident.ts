/**
 * Confident learning (Northcutt, Jiang and Chuang, JAIR 2021; docs/quality-checks.md): from out-of-fold
 * probabilities, each class's threshold is the mean probability the model gives that class on the rows
 * labelled with it. A row is counted as "really" class j when its probability of j reaches j's threshold
 * (the most probable such j when several do). Rows counted under a class other than their label are the
 * candidates: the off-diagonal of the confident joint.
 */
export interface Suspect {
  /** Row index (into the checked rows). */
  readonly row: number;
  readonly given: number;
  readonly suggested: number;
  /** The model's out-of-fold probability of the suggested class. */
  readonly confidence: number;
}

/** The confident joint's off-diagonal rows, each with the class it was counted under. */
export function findSuspects(probs: Float32Array, classOf: Int32Array, classes: number): Suspect[] {
  const n = classOf.length;
  const sum = new Float64Array(classes);
  const count = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const y = classOf[i] as number;
    if (y < 0) continue;
    sum[y] = (sum[y] as number) + (probs[i * classes + y] as number);
    count[y] = (count[y] as number) + 1;
  }
  const threshold = new Float64Array(classes);
  for (let c = 0; c < classes; c++)
    threshold[c] = (count[c] as number) > 0 ? (sum[c] as number) / (count[c] as number) : 1;
  const suspects: Suspect[] = [];
  for (let i = 0; i < n; i++) {
    const y = classOf[i] as number;
    if (y < 0) continue;
    const row = i * classes;
    let best = -1;
    let bestP = -1;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c] as number;
      if (p >= (threshold[c] as number) && p > bestP) [best, bestP] = [c, p];
    }
    if (best < 0 || best === y) continue;
    suspects.push({ row: i, given: y, suggested: best, confidence: bestP });
  }
  return suspects;
}
