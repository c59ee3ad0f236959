import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/core/prepare/collect-garbage.js';

describe('collectGarbage', () => {
  it('frees a dropped typed array at once and keeps one still in use', async () => {
    const kept = new Uint8Array(1 << 20);
    const keptRef = new WeakRef(kept);
    const droppedRef = new WeakRef(new Uint8Array(1 << 20));
    // A WeakRef's target lives until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(droppedRef.deref()).toBeUndefined();
    expect(keptRef.deref()).toBe(kept);
  });
});
