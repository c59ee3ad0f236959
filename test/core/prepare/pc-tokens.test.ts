import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../../src/core/cost.js';
import { PromptCompletionTokens } from '../../../src/core/prepare/pc-tokens.js';
import type { PriceTable } from '../../../src/core/prices.js';
import { countTextTokens, encodingForModel } from '../../../src/core/tokens.js';

// The token count and cost estimate of prompt/completion data: each example is its prompt's tokens
// plus its completion's, counted exactly for the sample and scaled to the rows of the file.

const MODEL = 'babbage-002';
const ENCODING = encodingForModel(MODEL);
// Prompts and completions of different lengths, so that adding the wrong two texts shows.
const SAMPLE = [
  { prompt: 'one', completion: ' a much longer completion of many different words here' },
  { prompt: 'a prompt of medium length, seven or so tokens', completion: '' },
  { prompt: 'x', completion: ' y' },
];
const perExample = SAMPLE.map(
  (r) => countTextTokens(r.prompt, ENCODING) + countTextTokens(r.completion, ENCODING),
);
const sum = perExample.reduce((a, b) => a + b, 0);

describe('the tokens of prompt/completion data', () => {
  it('counts each example as its prompt and completion together, on this thread', async () => {
    const counter = new PromptCompletionTokens(MODEL, false, true);
    const { tokens, estimate } = await counter.finish(SAMPLE, SAMPLE.length);
    expect(tokens.examples).toBe(3);
    expect(tokens.sum).toBe(sum);
    expect(tokens.total.min).toBe(Math.min(...perExample));
    expect(tokens.total.max).toBe(Math.max(...perExample));
    expect(tokens.total.median).toBe([...perExample].sort((a, b) => a - b)[1]);
    expect(estimate).toEqual(estimateCost({ model: MODEL, exampleTokens: tokens }));
    expect(estimate.model).toBe(MODEL);
  });

  it('counts the same on a worker thread, and closes it', async () => {
    const here = await new PromptCompletionTokens(MODEL, false, true).finish(SAMPLE, 3);
    const counter = new PromptCompletionTokens(MODEL, false, false);
    expect(await counter.finish(SAMPLE, 3)).toEqual(here);
    // Closing again (the analysis ends on an error after the count) is harmless.
    await counter.close();
  });

  it('scales the total of a sample to the rows of the file, keeping the sample’s distribution', async () => {
    const counter = new PromptCompletionTokens(MODEL, false, true);
    const { tokens } = await counter.finish(SAMPLE, 7);
    expect(tokens.examples).toBe(7);
    expect(tokens.sum).toBe(Math.round((sum * 7) / 3));
    expect(tokens.total.max).toBe(Math.max(...perExample));
  });

  it('counts nothing for no rows', async () => {
    const { tokens } = await new PromptCompletionTokens(MODEL, false, true).finish([], 0);
    expect(tokens.examples).toBe(0);
    expect(tokens.sum).toBe(0);
  });

  it('prices the estimate with the table given, else the built-in one', async () => {
    const prices: PriceTable = { asOf: '2026-01-01', source: 'test', training: { 'babbage-002': 123 } };
    const priced = await new PromptCompletionTokens(MODEL, false, true, prices).finish(SAMPLE, 3);
    expect(priced.estimate.pricePerMillion).toBe(123);
    expect(priced.estimate.priceAsOf).toBe('2026-01-01');
    const builtIn = await new PromptCompletionTokens(MODEL, false, true).finish(SAMPLE, 3);
    expect(builtIn.estimate.priceAsOf).not.toBe('2026-01-01');
  });
});
