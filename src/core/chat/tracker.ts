import type { PreviewRow } from '../findings.js';

export const MAX_POSITIONS = 1_000;
export const MAX_PREVIEW = 5;

/** Counts affected rows, keeps the first 1,000 positions and builds at most a few previews. */
export class RowTracker {
  count = 0;
  readonly positions: number[] = [];
  readonly preview: PreviewRow[] = [];

  add(position: number, preview?: () => PreviewRow): void {
    this.count++;
    if (this.positions.length < MAX_POSITIONS) this.positions.push(position);
    if (preview && this.preview.length < MAX_PREVIEW) this.preview.push(preview());
  }

  rows(): { count: number; positions: number[] } {
    return { count: this.count, positions: [...this.positions].sort((a, b) => a - b) };
  }
}
