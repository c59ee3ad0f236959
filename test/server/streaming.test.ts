import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

/** Streamed replies with a pause between pieces: checked by the order things happen, not by time. */
describe('paced streaming', () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await harness({ streamDelayMs: 40, requestLog: (line) => lines.push(line) });
  });
  afterAll(async () => h.close());

  const ask = { model: 'local-small', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('sends a reply piece by piece: a request made after the first piece is answered before the last', async () => {
    const whole = await h.client.chat.completions.create(ask);
    const order: string[] = [];
    let text = '';
    let other: Promise<void> | undefined;
    for await (const chunk of await h.client.chat.completions.create({ ...ask, stream: true })) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (text && !other) other = h.client.models.list().then(() => void order.push('other request'));
    }
    order.push('stream end');
    await other;
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(order).toEqual(['other request', 'stream end']);
  });

  it('stops producing a streamed reply when the client goes away', async () => {
    const whole = await h.client.completions.create({ model: 'local-small', prompt: 'hi', max_tokens: 16 });
    const pieces = whole.usage?.completion_tokens ?? 0;
    expect(pieces).toBe(16);
    let received = 0;
    const stream = await h.client.completions.create({
      model: 'local-small',
      prompt: 'hi',
      max_tokens: 16,
      stream: true,
    });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.text) received += 1;
      if (received === 2) break; // the SDK aborts the request
    }
    const deadline = Date.now() + 5000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      line = lines.find((l) => l.includes('client left'));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(line).toMatch(/^POST \/v1\/completions 200 \d+ms/);
    const frames = Number(/after (\d+) chunks/.exec(line ?? '')?.[1]);
    // 16 pieces and a final frame when the reply runs to its end.
    expect(frames).toBeGreaterThanOrEqual(2);
    expect(frames).toBeLessThan(pieces + 1);
  });
});
