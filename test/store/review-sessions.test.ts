import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../../src/store/review-sessions.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'fine-tune-sessions-'));
  const file = join(dir, 'data.jsonl');
  writeFileSync(file, '{"prompt":"a","completion":"b"}\n');
  return { file, dataDir: join(dir, 'data-home') };
}

const progress = { decisions: { duplicates: 'accept' as const }, index: 1, dropped: [4] };

describe('review sessions', () => {
  it('saves and loads the decisions for the same file', async () => {
    const { file, dataDir } = setup();
    await saveReviewSession(file, progress, { dataDir });
    const session = await loadReviewSession(file, { dataDir });
    expect(session?.decisions).toEqual({ duplicates: 'accept' });
    expect(session?.index).toBe(1);
    expect(session?.dropped).toEqual([4]);
    // Written atomically: no temp file is left behind.
    expect(readdirSync(join(dataDir, 'review-sessions')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('ignores the session once the file changed (size or modification time)', async () => {
    const { file, dataDir } = setup();
    await saveReviewSession(file, progress, { dataDir });
    utimesSync(file, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await loadReviewSession(file, { dataDir })).toBeNull();
  });

  it('forgets a cleared session and ignores a corrupt one', async () => {
    const { file, dataDir } = setup();
    await saveReviewSession(file, progress, { dataDir });
    await clearReviewSession(file, { dataDir });
    expect(await loadReviewSession(file, { dataDir })).toBeNull();
    await saveReviewSession(file, progress, { dataDir });
    const [name] = readdirSync(join(dataDir, 'review-sessions'));
    writeFileSync(join(dataDir, 'review-sessions', name ?? 'x'), '{not json');
    expect(await loadReviewSession(file, { dataDir })).toBeNull();
  });
});
