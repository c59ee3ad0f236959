import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYSTEM_MESSAGE } from '../../../src/core/chat/index.js';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';
import { inferSystemPrompt } from '../../../src/core/prepare/infer-format.js';
import { writeRows } from '../prepare/helpers.js';

const FAST = { deferTokens: true } as const;
const turn = (q: string) => [
  { role: 'user', content: q },
  { role: 'assistant', content: 'ok' },
];
const system = (content: string) => ({ role: 'system', content });

/** Three examples use "You sort tickets.", one another message, two none. */
const lines = [
  { messages: [system('You sort tickets.'), ...turn('a')] },
  { messages: [system('You sort tickets.'), ...turn('b')] },
  { messages: [system('Be brief.'), ...turn('c')] },
  { messages: [system('You sort tickets.'), ...turn('d')] },
  { messages: turn('e') },
  { messages: turn('f') },
];

function fix(analysis: Awaited<ReturnType<typeof analyzeFile>>) {
  const found = analysis.findings.find((f) => f.id === 'add-system-message');
  if (!found) throw new Error('no add-system-message');
  return found;
}

describe('the system prompt of chat data', () => {
  it('offers the system message most examples already use, and says how many', async () => {
    const analysis = await analyzeFile(await writeRows(lines), FAST);
    expect(analysis.plan?.kind === 'chat' && analysis.plan.context.systemMessage).toBe('You sort tickets.');
    expect(fix(analysis).detail).toContain('3 examples of 6 already use the one proposed');
    expect(fix(analysis).preview[0]?.after?.fields[0]).toEqual({
      label: 'system',
      text: 'You sort tickets.',
    });
  });

  it('offers a generic one when no example has a system message', async () => {
    const analysis = await analyzeFile(
      await writeRows([{ messages: turn('a') }, { messages: turn('b') }]),
      FAST,
    );
    expect(analysis.plan?.kind === 'chat' && analysis.plan.context.systemMessage).toBe(
      DEFAULT_SYSTEM_MESSAGE,
    );
    expect(fix(analysis).detail).not.toContain('already use');
  });

  it('writes the one the user wrote, and reports the system message most written examples share', async () => {
    const analysis = await analyzeFile(await writeRows(lines), FAST);
    const accepted = new Set(['add-system-message']);
    const own = await writePrepared(analysis, { accepted, split: false, systemMessage: 'Sort tickets.' });
    const written = (await readFile(own.outputs[0]?.path ?? '', 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(written[4] ?? '{}')).toEqual({ messages: [system('Sort tickets.'), ...turn('e')] });
    // 3 of 6 open with "You sort tickets.": half is enough.
    expect(own.systemPrompt).toBe('You sort tickets.');
    const offered = await writePrepared(analysis, { accepted, split: false }, { force: true });
    expect(offered.systemPrompt).toBe('You sort tickets.');
    const none = await writePrepared(analysis, { accepted: new Set(), split: false }, { force: true });
    expect(none.systemPrompt).toBe('You sort tickets.');
  });

  it('records no system prompt when fewer than half the examples share one', async () => {
    const path = await writeRows([...lines.slice(0, 3), { messages: turn('x') }, { messages: turn('y') }]);
    expect(await inferSystemPrompt(path)).toBeNull();
    expect(await inferSystemPrompt(await writeRows(lines))).toBe('You sort tickets.');
    const analysis = await analyzeFile(path, FAST);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    expect(result.systemPrompt).toBeNull();
  });
});
