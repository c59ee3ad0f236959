import { useCallback, useRef, useState } from 'react';

/**
 * State whose latest value key handlers can read at once. Keys typed faster than React commits
 * (key repeat, quick typing) would otherwise each see the same stale value and be lost.
 */
export function useLiveState<T>(initial: T): [T, (next: T) => void, { readonly current: T }] {
  const ref = useRef(initial);
  const [value, setValue] = useState(initial);
  const set = useCallback((next: T) => {
    ref.current = next;
    setValue(next);
  }, []);
  return [value, set, ref];
}
