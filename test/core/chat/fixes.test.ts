import { describe, expect, it } from 'vitest';
import { applyChatFixes, ChatAnalyzer, type ChatFixContext } from '../../../src/core/chat/index.js';
import { countAssistantTokens, countChatTokens, countTextTokens } from '../../../src/core/tokens.js';
import { fixtureLines } from './load.js';

/** The second pass as the engine runs it: every line through applyChatFixes with the accepted set. */
function secondPass(name: string, kind: 'chat' | 'preference', accepted: string[], context: ChatFixContext) {
  const kept: { position: number; value: unknown }[] = [];
  for (const line of fixtureLines(name)) {
    const value = applyChatFixes(line.value, line.position, new Set(accepted), context);
    if (value !== null) kept.push({ position: line.position, value });
  }
  return kept;
}

function analyze(name: string, kind: 'chat' | 'preference', options = {}) {
  const analyzer = new ChatAnalyzer(kind, { workers: 0, ...options });
  for (const line of fixtureLines(name)) analyzer.add(line.position, line.value, line.raw);
  return analyzer.result();
}

describe('chat fixes', () => {
  const { context } = analyze('errors.jsonl', 'chat');

  it('remove-invalid-examples drops exactly the lines with format errors', () => {
    const kept = secondPass('errors.jsonl', 'chat', ['remove-invalid-examples'], context);
    expect(kept.map((k) => k.position)).toEqual([1, 12, 14, 15]);
  });

  it('remove-duplicates keeps the first copy only', () => {
    const kept = secondPass(
      'errors.jsonl',
      'chat',
      ['remove-invalid-examples', 'remove-duplicates'],
      context,
    );
    expect(kept.map((k) => k.position)).toEqual([1, 12, 15]);
  });

  it('add-system-message puts the chosen text first where no system message exists, without mutating', () => {
    const custom = { ...context, systemMessage: 'You are Acme support.' };
    const lines = fixtureLines('errors.jsonl');
    const before = JSON.stringify(lines.find((l) => l.position === 12)?.value);
    const kept = secondPass(
      'errors.jsonl',
      'chat',
      ['remove-invalid-examples', 'add-system-message'],
      custom,
    );
    const firstRoles = kept.map((k) => {
      const messages = (k.value as { messages: { role: string; content: string }[] }).messages;
      return `${messages[0]?.role}:${messages.filter((m) => m.role === 'system').length}`;
    });
    expect(firstRoles).toEqual(['system:1', 'system:1', 'system:1', 'system:1']);
    const added = kept.find((k) => k.position === 12)?.value as { messages: { content: string }[] };
    expect(added.messages[0]?.content).toBe('You are Acme support.');
    expect(JSON.stringify(lines.find((l) => l.position === 12)?.value)).toBe(before);
  });

  it('adds the system message to preference inputs', () => {
    const pref = analyze('preference.jsonl', 'preference', { systemMessage: 'Be polite.' });
    const kept = secondPass(
      'preference.jsonl',
      'preference',
      ['remove-invalid-examples', 'add-system-message'],
      pref.context,
    );
    expect(kept.map((k) => k.position)).toEqual([1, 5]);
    const input = (kept[1]?.value as { input: { messages: { role: string; content: string }[] } }).input;
    expect(input.messages[0]).toEqual({ role: 'system', content: 'Be polite.' });
    expect(kept[0]?.value).toEqual(fixtureLines('preference.jsonl')[0]?.value);
  });

  it('leaves everything when nothing is accepted', () => {
    expect(secondPass('errors.jsonl', 'chat', [], context)).toHaveLength(14);
  });
});

describe('token limit and counts', () => {
  const long = (position: number, words: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `Summarise part ${position}.` },
        { role: 'assistant', content: 'word '.repeat(words) },
      ],
    });

  it('flags and removes examples over the model limit (4,096 for gpt-3.5-turbo-0613)', () => {
    const analyzer = new ChatAnalyzer('chat', { model: 'gpt-3.5-turbo-0613', workers: 0 });
    const raws = [long(1, 100), long(2, 5000), long(3, 4000)];
    raws.forEach((raw, i) => analyzer.add(i + 1, JSON.parse(raw), raw));
    const { findings, context, tokens } = analyzer.result();
    const f = findings.find((x) => x.id === 'remove-over-limit');
    const counts = raws.map((raw) =>
      countChatTokens((JSON.parse(raw) as { messages: [] }).messages, 'cl100k_base'),
    );
    const over = counts.flatMap((c, i) => (c > 4096 ? [i + 1] : []));
    expect(over).toEqual([2]);
    expect(f?.rows.positions).toEqual(over);
    expect(f?.message).toContain('4,096');
    expect(applyChatFixes(JSON.parse(raws[1] ?? ''), 2, new Set(['remove-over-limit']), context)).toBeNull();
    expect(tokens.billable).toEqual({ limit: 4096, sum: (counts[0] ?? 0) + 4096 + (counts[2] ?? 0) });
  });

  it('reports the cookbook totals and assistant tokens for valid examples', () => {
    const lines = fixtureLines('errors.jsonl');
    const { tokens } = analyze('errors.jsonl', 'chat');
    const valid = [1, 12, 14, 15].map(
      (p) => (lines.find((l) => l.position === p)?.value as { messages: Record<string, unknown>[] }).messages,
    );
    expect(tokens.sum).toBe(valid.reduce((s, m) => s + countChatTokens(m, 'o200k_base'), 0));
    expect(tokens.assistant?.max).toBe(Math.max(...valid.map((m) => countAssistantTokens(m, 'o200k_base'))));
    expect(tokens.messages?.max).toBe(4);
    expect(countTextTokens('18°C and sunny.', 'o200k_base')).toBeGreaterThan(0);
  });

  it('gives the same statistics with worker threads as on one thread', async () => {
    const raws = Array.from({ length: 400 }, (_, i) => long(i, ((i * 7) % 50) + 1));
    const run = async (workers: number) => {
      const a = new ChatAnalyzer('chat', { workers, parallelThreshold: 50, batchSize: 32 });
      raws.forEach((raw, i) => a.add(i + 1, JSON.parse(raw), raw));
      const tokens = (await a.finish()).tokens;
      return { tokens, usedWorkers: a.usedWorkers };
    };
    const single = await run(0);
    const parallel = await run(2);
    expect(single.usedWorkers).toBe(false);
    expect(parallel.usedWorkers).toBe(true);
    expect(parallel.tokens).toEqual(single.tokens);
    expect(single.tokens.examples).toBe(400);
  });

  it('asks for finish() while workers are still counting', async () => {
    const a = new ChatAnalyzer('chat', { workers: 1, parallelThreshold: 0, batchSize: 1 });
    const raws = Array.from({ length: 4 }, (_, i) => long(i, 20 + i));
    raws.forEach((raw, i) => a.add(i + 1, JSON.parse(raw), raw));
    expect(() => a.result()).toThrow(/await finish\(\)/);
    const done = await a.finish();
    expect(done.tokens.examples).toBe(4);
    expect(a.result().tokens).toEqual(done.tokens);
  });
});
