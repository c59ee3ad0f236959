import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { fakeEngine, finding, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

async function openReview(onExit?: (farewell: string | null) => void) {
  const engine = fakeEngine(() => makeAnalysis());
  const ui = render(
    <App file="/data/tickets.csv" services={services(engine, tempDir())} {...(onExit ? { onExit } : {})} />,
  );
  await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 3'));
  return { ui, engine };
}

describe('review screen', () => {
  it('shows a necessary fix as applied, with its row count and footer keys', async () => {
    const { ui } = await openReview();
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('necessary, applied');
    expect(frame).toContain('The column notes is not used');
    expect(frame).toContain('Affects 1 row.');
    expect(frame).toContain('enter continue');
    expect(frame).toContain('n decline');
  });
  it('moves to the next fix on accept and shows removed rows as removed', async () => {
    const { ui } = await openReview();
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('3 rows repeat an earlier row.');
    expect(frame).toContain('row 7 · removed');
    expect(frame).toContain('y accept · n reject');
  });
  it('skips a fix with n, goes back with ←, and remembers the choice', async () => {
    const { ui } = await openReview();
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 3 of 3'));
    expect(ui.lastFrame()).toContain('1 accepted · 1 rejected');
    await press(ui, KEY.left);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    expect(ui.lastFrame()).toContain('You chose: reject.');
  });
  it('highlights the change between before and after', async () => {
    const { ui } = await openReview();
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 3 of 3'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('- completion: hardware');
    // The added leading space is made visible.
    expect(frame).toContain('+ completion: ·hardware');
  });
  it('asks before quitting when a necessary fix is declined', async () => {
    let farewell: string | null = null;
    const { ui, engine } = await openReview((text) => (farewell = text));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Quit without writing anything?'));
    expect(ui.lastFrame()).toContain('y quit without writing');
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('Quit without writing anything?'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Quit without writing anything?'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()?.trim()).toBe(''));
    // The farewell is handed over as the app exits, just after its last (empty) frame.
    await waitFor(() => expect(farewell).toContain('Nothing was written'));
    expect(engine.calls.write).toHaveLength(0);
  });
  it('lists every affected row with its row number and scrolls', async () => {
    const { ui } = await openReview();
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'v');
    await waitFor(() => expect(ui.lastFrame()).toContain('row 100 · removed'));
    expect(ui.lastFrame()).toMatch(/1–\d+ of 12 affected/);
    expect(ui.lastFrame()).toContain('esc back to fix');
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/ 2–\d+ of 12 affected/));
    expect(ui.lastFrame()).not.toContain('row 100 ');
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
  });
  it('shows help with ? and accepts all remaining fixes with a', async () => {
    const { ui } = await openReview();
    await press(ui, '?');
    await waitFor(() => expect(ui.lastFrame()).toContain('Reviewing fixes'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 3'));
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of 3'));
  });
  it('counts a fix again once a fix before it was accepted, and not before', async () => {
    const { ui, engine } = await openReview();
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 3 of 3'));
    // Nothing optional accepted before it: the analysis' own count, no recount.
    expect(ui.lastFrame()).toContain('Affects 40 rows.');
    expect(engine.calls.sequence).toHaveLength(0);
    await press(ui, KEY.left);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Affects 39 rows.'));
    expect(engine.calls.sequence.map((s) => [...s])).toEqual([['duplicates']]);
  });

  it('lets the user write the system message the fix adds, and writes with it', async () => {
    const analysis = makeAnalysis({
      dataFormat: 'chat',
      taskType: null,
      findings: [finding('add-system-message', 'optional', '2 examples have no system message.', [], 2)],
      plan: {
        kind: 'chat',
        context: {
          kind: 'chat',
          duplicatePositions: new Set(),
          overLimitPositions: new Set(),
          systemMessage: 'You sort tickets.',
          systemPrompts: [{ text: 'You sort tickets.', count: 38 }],
          model: 'gpt-4o-mini-2024-07-18',
          limit: 65536,
        },
      },
    });
    const engine = fakeEngine(() => analysis);
    const ui = render(<App file="/data/tickets.jsonl" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('System message: "You sort tickets."'));
    expect(ui.lastFrame()).toContain('e write your own');
    await press(ui, 'e');
    await waitFor(() => expect(ui.lastFrame()).toContain('The system message to add'));
    expect(ui.lastFrame()).toContain('enter use this text · ^u clear · esc cancel');
    await press(ui, '\u0015');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('› You sort tickets.'));
    await press(ui, 'Be brief.');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('System message (yours): "Be brief."'));
    // The fix is counted again for the text written (the preview shows it).
    await waitFor(() => expect(engine.calls.sequence).toHaveLength(1));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of 3'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(engine.calls.write).toHaveLength(1));
    expect(engine.calls.write[0]?.systemMessage).toBe('Be brief.');
  });

  it('leaves with q saying what was decided and how to resume', async () => {
    let farewell: string | null = null;
    const { ui } = await openReview((text) => (farewell = text));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 2 of 3'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 3 of 3'));
    await press(ui, 'q');
    await waitFor(() => expect(farewell).not.toBeNull());
    expect(farewell).toBe(
      [
        'Stopped at fix 3 of 3: rejected duplicates. Nothing was written.',
        'Your decisions are saved: `fine-tune tickets.csv` offers to resume where you stopped.',
      ].join('\n'),
    );
  });
});
