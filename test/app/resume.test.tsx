import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { loadReviewSession } from '../../src/store/review-sessions.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

function dataFile(): string {
  const path = join(tempDir(), 'tickets.csv');
  writeFileSync(path, 'prompt,completion\na,b\n');
  return path;
}

describe('resuming a review', () => {
  it('offers the earlier decisions when the same file is reopened, and resumes where it stopped', async () => {
    const file = dataFile();
    const dataDir = tempDir();
    const engine = fakeEngine((path) => makeAnalysis({ input: path }));
    const first = render(<App file={file} services={services(engine, dataDir)} />);
    await waitFor(() => expect(first.lastFrame()).toContain('Examples'));
    await press(first, KEY.enter);
    await waitFor(() => expect(first.lastFrame()).toContain('Fix 1 of 3'));
    await press(first, 'y');
    await waitFor(() => expect(first.lastFrame()).toContain('Fix 2 of 3'));
    await press(first, 'n');
    await waitFor(() => expect(first.lastFrame()).toContain('Fix 3 of 3'));
    await waitFor(async () => expect((await loadReviewSession(file, { dataDir }))?.index).toBe(2));
    await press(first, 'q');
    await waitFor(() => expect(first.lastFrame()?.trim()).toBe(''));
    first.unmount();

    const second = render(<App file={file} services={services(engine, dataDir)} />);
    await waitFor(() => expect(second.lastFrame()).toContain('Examples'));
    await press(second, KEY.enter);
    await waitFor(() => expect(second.lastFrame()).toContain('You reviewed this file before.'));
    expect(second.lastFrame()).toContain('2 decisions of 3 saved');
    expect(second.lastFrame()).toContain('y resume · n start over');
    await press(second, 'y');
    await waitFor(() => expect(second.lastFrame()).toContain('Fix 3 of 3'));
    expect(second.lastFrame()).toContain('1 accepted · 1 rejected');
  });

  it('starts over when the user says no, and forgets the session once written', async () => {
    const file = dataFile();
    const dataDir = tempDir();
    const engine = fakeEngine((path) => makeAnalysis({ input: path, taskType: 'conditional generation' }));
    const first = render(<App file={file} services={services(engine, dataDir)} />);
    await waitFor(() => expect(first.lastFrame()).toContain('Examples'));
    await press(first, KEY.enter);
    await waitFor(() => expect(first.lastFrame()).toContain('Fix 1 of 3'));
    await press(first, 'y');
    await waitFor(async () => expect((await loadReviewSession(file, { dataDir }))?.index).toBe(1));
    first.unmount();

    const second = render(<App file={file} services={services(engine, dataDir)} />);
    await waitFor(() => expect(second.lastFrame()).toContain('Examples'));
    await press(second, KEY.enter);
    await waitFor(() => expect(second.lastFrame()).toContain('You reviewed this file before.'));
    await press(second, 'n');
    await waitFor(() => expect(second.lastFrame()).toContain('Fix 1 of 3'));
    expect(second.lastFrame()).toContain('0 accepted · 0 rejected');
    await press(second, 'a');
    await waitFor(() => expect(second.lastFrame()).toContain('Sample 1 of 3'));
    await press(second, KEY.enter);
    await waitFor(() => expect(second.lastFrame()).toContain('Wrote 1 file'));
    await waitFor(async () => expect(await loadReviewSession(file, { dataDir })).toBeNull());
  });
});
