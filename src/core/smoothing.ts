/**
 * Per-step losses are noisy (one batch each, and an unusual example spikes its step): charts draw
 * their exponential moving average, as TensorBoard does, the same weight on every chart.
 */
export const SMOOTHING = 0.7;

/** Each value's moving average over the ones before it (the first is itself). */
export function smoothedValues(values: readonly number[], weight = SMOOTHING): number[] {
  let average: number | null = null;
  return values.map(
    (value) => (average = average === null ? value : weight * average + (1 - weight) * value),
  );
}

/** The points with their values smoothed, in order. */
export function smoothedPoints<P extends { readonly value: number }>(points: readonly P[]): P[] {
  const values = smoothedValues(points.map((p) => p.value));
  return points.map((p, i) => ({ ...p, value: values[i] ?? p.value }));
}
