/**
 * The classification rule, in one place (docs/prepare-checks.md, "task type"): data is classification
 * when its completions take fewer distinct values than a third of the rows. prepare's task-type check
 * and eval's choice of scoring both ask it.
 */
export function isClassification(distinctCompletions: number, rows: number): boolean {
  return distinctCompletions < rows / 3;
}
