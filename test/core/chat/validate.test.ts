import { describe, expect, it } from 'vitest';
import { ChatAnalyzer, checkLine, detectDataFormat, unresolvedErrors } from '../../../src/core/chat/index.js';
import { fixtureLines } from './load.js';

function analyze(name: string, kind: 'chat' | 'preference', model?: string) {
  const analyzer = new ChatAnalyzer(kind, { workers: 0, ...(model ? { model } : {}) });
  for (const line of fixtureLines(name)) analyzer.add(line.position, line.value, line.raw);
  return analyzer.result();
}

describe('detectDataFormat', () => {
  it('tells chat, preference and prompt/completion lines apart', () => {
    expect(detectDataFormat({ messages: [] })).toBe('chat');
    expect(detectDataFormat({ input: { messages: [] }, preferred_output: [] })).toBe('preference');
    expect(detectDataFormat({ prompt: 'a', completion: 'b' })).toBe('prompt-completion');
    expect(detectDataFormat('text')).toBe('prompt-completion');
  });
});

describe('chat format errors', () => {
  const { findings, examples } = analyze('errors.jsonl', 'chat');
  const byId = new Map(findings.map((f) => [f.id, f]));

  it.each([
    ['not-an-object', [2]],
    ['missing-messages', [3, 4]],
    ['message-missing-key', [5]],
    ['message-unknown-key', [6]],
    ['unknown-role', [7]],
    ['missing-content', [8]],
    ['bad-weight', [9, 10]],
    ['no-assistant-message', [11]],
  ])('reports %s on lines %j', (id, positions) => {
    const f = byId.get(id);
    expect(f?.kind).toBe('error');
    expect(f?.rows).toEqual({ count: positions.length, positions });
    expect(f?.message).toContain(
      positions.length === 1 ? `Line ${positions[0]}` : `first: ${positions.join(', ')}`,
    );
    expect(f?.preview.map((p) => p.position)).toEqual(positions);
  });

  it('names the unknown key and role it found', () => {
    expect(byId.get('message-unknown-key')?.message).toContain('extra');
    expect(byId.get('unknown-role')?.message).toContain('"bot"');
  });

  it('accepts tool calls without content and structured content parts', () => {
    const lines = fixtureLines('errors.jsonl');
    expect(checkLine(lines.find((l) => l.position === 12)?.value, 'chat').errors.size).toBe(0);
    expect(checkLine(lines.find((l) => l.position === 15)?.value, 'chat').errors.size).toBe(0);
    expect(examples).toBe(14);
  });

  it('offers to remove the invalid lines, which resolves the format errors', () => {
    const fix = byId.get('remove-invalid-examples');
    expect(fix?.kind).toBe('optional');
    expect(fix?.rows.positions).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(unresolvedErrors(findings, new Set())).toHaveLength(8);
    expect(unresolvedErrors(findings, new Set(['remove-invalid-examples']))).toEqual([]);
  });

  it('warns about duplicates, special tokens, missing system messages and few examples', () => {
    expect(byId.get('remove-duplicates')?.rows.positions).toEqual([14]);
    expect(byId.get('special-tokens')?.rows.positions).toEqual([15]);
    expect(byId.get('special-tokens')?.message).toContain('<|endoftext|>');
    expect(byId.get('add-system-message')?.rows.positions).toEqual([12, 15]);
    expect(byId.get('too-few-examples')?.message).toMatch(/4 valid examples.*fewer than 10/);
    expect(byId.has('no-user-message')).toBe(false);
  });

  it('labels preview fields by role', () => {
    const preview = byId.get('remove-duplicates')?.preview[0];
    expect(preview?.before.fields.map((f) => f.label)).toEqual(['system', 'user', 'assistant']);
    expect(preview?.before.fields[2]?.text).toBe('Paris.');
    expect(preview?.after).toBeNull();
  });
});

describe('preference format', () => {
  const { findings, tokens } = analyze('preference.jsonl', 'preference');
  const byId = new Map(findings.map((f) => [f.id, f]));

  it('needs input messages and exactly one assistant message in each output', () => {
    expect(byId.get('bad-preference-output')?.rows.positions).toEqual([2, 3]);
    expect(byId.get('missing-messages')?.rows.positions).toEqual([4]);
    expect(tokens.examples).toBe(2);
    expect(byId.get('add-system-message')?.rows.positions).toEqual([5]);
  });

  it('shows both outputs in previews', () => {
    const labels = byId.get('bad-preference-output')?.preview[0]?.before.fields.map((f) => f.label);
    expect(labels).toEqual(['user', 'preferred', 'preferred', 'non-preferred']);
  });
});

describe('example count warnings', () => {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    });
  const run = (n: number) => {
    const a = new ChatAnalyzer('chat', { workers: 0 });
    for (let i = 1; i <= n; i++) a.add(i, JSON.parse(line(i)), line(i));
    return a.result().findings.map((f) => f.id);
  };

  it('is an error-level notice under 10 and a warning under 50', () => {
    expect(run(9)).toContain('too-few-examples');
    expect(run(10)).toContain('few-examples');
    expect(run(10)).not.toContain('too-few-examples');
    expect(run(49)).toContain('few-examples');
    expect(run(50)).not.toContain('few-examples');
  });
});
