import { describe, expect, it } from 'vitest';
import { getEncoder } from '../../src/core/encodings.js';
import {
  countAssistantTokens,
  countChatTokens,
  countPromptCompletionTokens,
  countTextTokens,
  encodingForModel,
  findSpecialTokens,
} from '../../src/core/tokens.js';
import { TokenCounter } from '../../src/core/token-counter.js';
import { TokenCountPool } from '../../src/core/token-pool.js';
import { tokenSegments } from '../../src/core/token-segments.js';
import { distribution, histogram, percentile, TokenStatsAccumulator } from '../../src/core/token-stats.js';

// The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", for which the
// cookbook prints 129 tokens with cl100k models (gpt-3.5-turbo, gpt-4) and 124 with gpt-4o / gpt-4o-mini.
const cookbookMessages = [
  {
    role: 'system',
    content:
      'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  {
    role: 'system',
    name: 'example_assistant',
    content: 'Things working well together will increase revenue.',
  },
  {
    role: 'system',
    name: 'example_user',
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

describe('encodingForModel', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['gpt-4o', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123', 'o200k_base'],
    ['gpt-3.5-turbo-0125', 'cl100k_base'],
    ['ft:gpt-3.5-turbo-0613:acme:x:1', 'cl100k_base'],
    ['babbage-002', 'cl100k_base'],
    ['ft:davinci-002:acme::xyz', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['local-small', 'o200k_base'],
  ] as const)('maps %s to %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });
});

describe('countTextTokens', () => {
  it('matches the published token ids of the cookbook under each encoding', () => {
    // ids printed by the tiktoken cookbook for "tiktoken is great!"
    const o200k = getEncoder('o200k_base').encode('tiktoken is great!');
    const cl100k = getEncoder('cl100k_base').encode('tiktoken is great!');
    expect(o200k).toEqual([83, 8251, 2488, 382, 2212, 0]);
    expect(cl100k).toEqual([83, 1609, 5963, 374, 2294, 0]);
    expect(countTextTokens('tiktoken is great!', 'o200k_base')).toBe(6);
    expect(countTextTokens('hello world', 'cl100k_base')).toBe(2);
    expect(countTextTokens('', 'cl100k_base')).toBe(0);
  });

  it('counts special-token text as plain text without throwing, and decodes back to it', () => {
    const text = 'before <|endoftext|> after';
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const ids = getEncoder(encoding).encode(text);
      expect(getEncoder(encoding).decode(ids)).toBe(text);
      expect(countTextTokens(text, encoding)).toBe(ids.length);
      // as plain text it takes several tokens, not the single control token
      expect(ids.length).toBeGreaterThan(countTextTokens('before after', encoding) + 1);
    }
    expect(findSpecialTokens(text, 'o200k_base')).toEqual(['<|endoftext|>']);
    expect(findSpecialTokens('a < | b', 'o200k_base')).toEqual([]);
  });

  it('cuts very long runs without spaces so counting stays fast, close to the exact count', () => {
    const run = 'a'.repeat(3_000);
    const exact = getEncoder('o200k_base').encode(run).length;
    expect(tokenSegments(run).map((s) => s.length)).toEqual([1000, 1000, 1000]);
    expect(Math.abs(countTextTokens(run, 'o200k_base') - exact)).toBeLessThanOrEqual(3);
    // 200,000 letters take ~25 s uncut; cut, they are counted within the test's time budget.
    expect(countTextTokens('b'.repeat(200_000), 'cl100k_base')).toBeGreaterThan(10_000);
    const emoji = `x${'🙂'.repeat(800)}`;
    expect(tokenSegments(emoji).join('')).toBe(emoji);
    expect(tokenSegments(emoji).every((s) => !/^[\udc00-\udfff]/.test(s))).toBe(true);
    expect(tokenSegments('word '.repeat(1000))).toHaveLength(1);
  });

  it('round-trips mixed scripts', () => {
    const text = 'Grüße, 世界! 🙂 naïve café';
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const ids = getEncoder(encoding).encode(text);
      expect(getEncoder(encoding).decode(ids)).toBe(text);
      expect(countTextTokens(text, encoding)).toBe(ids.length);
    }
  });
});

describe('countChatTokens', () => {
  it('reproduces the cookbook totals for its example conversation', () => {
    expect(countChatTokens(cookbookMessages, 'cl100k_base')).toBe(129);
    expect(countChatTokens(cookbookMessages, 'o200k_base')).toBe(124);
  });

  it('counts assistant content only for assistant tokens', () => {
    const messages = [
      { role: 'user', content: 'hello world' },
      { role: 'assistant', content: 'tiktoken is great!', weight: 1 },
    ];
    expect(countAssistantTokens(messages, 'o200k_base')).toBe(6);
    // 3 + (user 1 + 2) + 3 + (assistant 1 + 6) + 3
    expect(countChatTokens(messages, 'o200k_base')).toBe(
      3 + 3 + 3 + countTextTokens('user', 'o200k_base') + 2 + countTextTokens('assistant', 'o200k_base') + 6,
    );
  });

  it('counts a prompt/completion example as prompt plus completion', () => {
    expect(
      countPromptCompletionTokens(
        { prompt: 'hello world', completion: ' tiktoken is great!' },
        'cl100k_base',
      ),
    ).toBe(2 + countTextTokens(' tiktoken is great!', 'cl100k_base'));
  });
});

describe('statistics', () => {
  it('uses linear interpolation between closest ranks for percentiles', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBeCloseTo(5.5);
    expect(percentile(sorted, 10)).toBeCloseTo(1.9);
    expect(percentile(sorted, 90)).toBeCloseTo(9.1);
    expect(distribution([7])).toEqual({ min: 7, max: 7, mean: 7, median: 7, p10: 7, p90: 7 });
  });

  it('accumulates totals, assistant tokens and message counts', () => {
    const acc = new TokenStatsAccumulator();
    for (let i = 1; i <= 3000; i++) acc.add({ total: i, assistant: i % 10, messages: 2 });
    const stats = acc.result({ bins: 10, limit: 2000 });
    expect(stats.examples).toBe(3000);
    expect(stats.sum).toBe((3000 * 3001) / 2);
    expect(stats.total.min).toBe(1);
    expect(stats.total.max).toBe(3000);
    expect(stats.total.median).toBeCloseTo(1500.5);
    expect(stats.assistant?.max).toBe(9);
    expect(stats.messages?.mean).toBe(2);
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(stats.billable).toEqual({ limit: 2000, sum: (2000 * 2001) / 2 + 1000 * 2000 });
    expect(stats.histogram.edges).toHaveLength(stats.histogram.counts.length + 1);
  });

  it('puts equal values in one bin', () => {
    expect(histogram([5, 5, 5])).toEqual({ edges: [5, 6], counts: [3] });
  });
});

describe('worker pool', () => {
  const texts = Array.from(
    { length: 300 },
    (_, i) => `Example ${i}: ${'naïve 世界 '.repeat(i % 17)} <|endoftext|>`,
  );

  it('counts batches exactly as the single-thread path does', async () => {
    const pool = new TokenCountPool('cl100k_base', 2);
    try {
      const [a, b] = await Promise.all([pool.count(texts.slice(0, 150)), pool.count(texts.slice(150))]);
      const counts = [...(a ?? []), ...(b ?? [])];
      expect(counts).toEqual(texts.map((t) => countTextTokens(t, 'cl100k_base')));
    } finally {
      await pool.close();
    }
  });

  it('gives the same per-example totals through the streaming counter with and without workers', async () => {
    const run = async (workers: number) => {
      const totals = new Map<number, number>();
      const counter = new TokenCounter('o200k_base', {
        onCounted: (position, c) => totals.set(position, c.total + 1000 * (c.assistant ?? 0)),
        parallelThreshold: 20,
        batchSize: 16,
        workers,
      });
      texts.forEach((t, i) => counter.add({ position: i, texts: [t], assistantTexts: ['ok'], overhead: 3 }));
      await counter.finish();
      return { totals, usedWorkers: counter.usedWorkers };
    };
    const single = await run(0);
    const parallel = await run(2);
    expect(single.usedWorkers).toBe(false);
    expect(parallel.usedWorkers).toBe(true);
    expect(parallel.totals.size).toBe(texts.length);
    expect([...parallel.totals].sort((x, y) => x[0] - y[0])).toEqual(
      [...single.totals].sort((x, y) => x[0] - y[0]),
    );
    expect(single.totals.get(5)).toBe(countTextTokens(texts[5] ?? '', 'o200k_base') + 1 + 3 + 1000);
  });
});
