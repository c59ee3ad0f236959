import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, uploadText, waitFor, type Harness } from './helpers.js';

/** Short generative data: each prompt maps to a multi-word answer ending with a newline. */
function phrases(): string {
  const pairs = [
    ['weather', ' it is sunny and warm today\n'],
    ['greeting', ' hello there my friend\n'],
    ['farewell', ' goodbye and see you soon\n'],
  ];
  return Array.from({ length: 30 }, (_, i) => {
    const [topic, answer] = pairs[i % 3] ?? ['', ''];
    return JSON.stringify({ prompt: `${topic} question ->`, completion: answer });
  }).join('\n');
}

describe('completions and models', () => {
  let h: Harness;
  let model: string;
  beforeAll(async () => {
    h = await harness();
    const file = await uploadText(h.client, phrases());
    const created = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: file,
      suffix: 'phrases',
    });
    model = (await waitFor(h.client, created.id, terminal)).fine_tuned_model ?? '';
  });
  afterAll(async () => h.close());

  it('completes from the trained weights, honouring stop and counting usage', async () => {
    const full = await h.client.completions.create({
      model,
      prompt: 'weather question ->',
      temperature: 0,
      max_tokens: 20,
    });
    expect(full.choices[0]?.text).toBe(' it is sunny and warm today\n');
    expect(full.choices[0]?.finish_reason).toBe('stop');
    expect(full.usage).toEqual({ prompt_tokens: 4, completion_tokens: 7, total_tokens: 11 });
    const stopped = await h.client.completions.create({
      model,
      prompt: 'greeting question ->',
      temperature: 0,
      stop: [' my', '\n'],
    });
    expect(stopped.choices[0]?.text).toBe(' hello there');
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const short = await h.client.completions.create({
      model,
      prompt: 'farewell question ->',
      temperature: 0,
      max_tokens: 2,
    });
    expect(short.choices[0]?.text).toBe(' goodbye and');
    expect(short.choices[0]?.finish_reason).toBe('length');
    expect(short.usage?.completion_tokens).toBe(2);
  });

  it('samples reproducibly with a seed at temperature and top_p', async () => {
    const ask = (seed: number) =>
      h.client.completions.create({
        model,
        prompt: 'weather question ->',
        temperature: 2,
        top_p: 0.95,
        seed,
        max_tokens: 8,
        n: 3,
      });
    const a = await ask(11);
    const b = await ask(11);
    expect(a.choices.map((c) => c.text)).toEqual(b.choices.map((c) => c.text));
    expect(a.choices).toHaveLength(3);
  });

  it('streams a completion as SSE chunks with usage last', async () => {
    const stream = await h.client.completions.create({
      model,
      prompt: 'greeting question ->',
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      texts.push(...chunk.choices.map((c) => c.text));
      if (chunk.usage) usage = chunk.usage;
    }
    expect(texts.filter(Boolean).length).toBeGreaterThan(2);
    expect(texts.join('')).toBe(' hello there my friend\n');
    expect(usage?.completion_tokens).toBe(5);
  });

  it('streams a chat reply with a role delta, content deltas, a finish reason and usage', async () => {
    const stream = await h.client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'farewell question ->' }],
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe(' goodbye and see you soon\n');
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[chunks.length - 1]?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('lets base models answer on both endpoints', async () => {
    const chat = await h.client.chat.completions.create({
      model: 'local-base',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat.choices[0]?.message.content).toContain('local-base');
    const text = await h.client.completions.create({ model: 'local-small', prompt: 'hi', max_tokens: 3 });
    expect(text.choices[0]?.finish_reason).toBe('length');
    expect(text.usage?.completion_tokens).toBe(3);
  });

  it('answers 404 model_not_found for an unknown model and 400 for bad parameters', async () => {
    const unknown = await h.client.completions
      .create({ model: 'nope', prompt: 'x' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    const hot = await h.client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'x' }], temperature: 3 })
      .catch((e: unknown) => e);
    expect(hot).toBeInstanceOf(OpenAI.BadRequestError);
    expect((hot as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature');
    const noMessages = await h.client.chat.completions.create({ model } as never).catch((e: unknown) => e);
    expect((noMessages as InstanceType<typeof OpenAI.BadRequestError>).code).toBe(
      'missing_required_parameter',
    );
  });

  it('reports the log probabilities of the chosen pieces and their likeliest alternatives', async () => {
    const prompt = 'weather question ->';
    const plain = await h.client.completions.create({ model, prompt, temperature: 0, max_tokens: 20 });
    expect(plain.choices[0]?.logprobs).toBeNull();
    const asked = await h.client.completions.create({
      model,
      prompt,
      temperature: 0,
      max_tokens: 20,
      logprobs: 2,
    });
    const choice = asked.choices[0];
    const lp = choice?.logprobs;
    expect(lp?.tokens?.join('')).toBe(choice?.text);
    expect(lp?.text_offset?.[0]).toBe(prompt.length);
    lp?.tokens?.forEach((token, i) => {
      const top = lp.top_logprobs?.[i] ?? {};
      const chosen = lp.token_logprobs?.[i] ?? 1;
      expect(chosen).toBeLessThanOrEqual(0);
      // Greedy decoding picks the likeliest piece: the chosen one tops its alternatives.
      expect(top[token]).toBe(chosen);
      expect(Math.max(...Object.values(top))).toBe(chosen);
      expect(Object.keys(top).length).toBeLessThanOrEqual(3);
    });
    // A trained model is sure of its answer: its first piece is far likelier than one of ~20 pieces at random.
    expect(Math.exp(lp?.token_logprobs?.[0] ?? -Infinity)).toBeGreaterThan(0.2);

    const echoed = await h.client.completions.create({
      model,
      prompt,
      temperature: 0,
      max_tokens: 20,
      logprobs: 0,
      echo: true,
    });
    const e = echoed.choices[0];
    expect(e?.text).toBe(`${prompt}${choice?.text ?? ''}`);
    expect(e?.logprobs?.tokens?.slice(0, 3)).toEqual(['weather', ' question', ' -']);
    expect(e?.logprobs?.token_logprobs?.slice(0, 3)).toEqual([null, null, null]);
    expect(e?.logprobs?.text_offset?.[0]).toBe(0);
    expect(e?.logprobs?.token_logprobs?.slice(-lp!.tokens!.length)).toEqual(lp?.token_logprobs);

    const stream = await h.client.completions.create({
      model,
      prompt,
      temperature: 0,
      max_tokens: 20,
      logprobs: 2,
      echo: true,
      stream: true,
    });
    const tokens: string[] = [];
    const logprobs: (number | null)[] = [];
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      tokens.push(...(chunk.choices[0]?.logprobs?.tokens ?? []));
      logprobs.push(...(chunk.choices[0]?.logprobs?.token_logprobs ?? []));
    }
    expect(text).toBe(e?.text);
    expect(tokens.join('')).toBe(e?.text);
    expect(logprobs.slice(4)).toEqual(lp?.token_logprobs);
    expect(logprobs.slice(0, 4)).toEqual([null, null, null, null]);
  });

  it('reports chat log probabilities with top_logprobs, plain and streamed', async () => {
    const messages = [{ role: 'user' as const, content: 'greeting question ->' }];
    const reply = await h.client.chat.completions.create({
      model,
      messages,
      temperature: 0,
      logprobs: true,
      top_logprobs: 3,
    });
    const content = reply.choices[0]?.logprobs?.content ?? [];
    expect(content.map((c) => c.token).join('')).toBe(reply.choices[0]?.message.content);
    for (const piece of content) {
      expect(piece.top_logprobs).toHaveLength(3);
      expect(piece.top_logprobs[0]).toEqual({
        token: piece.token,
        logprob: piece.logprob,
        bytes: piece.bytes,
      });
      expect(Buffer.from(piece.bytes ?? []).toString('utf8')).toBe(piece.token);
    }
    const stream = await h.client.chat.completions.create({
      model,
      messages,
      temperature: 0,
      logprobs: true,
      stream: true,
    });
    const streamed = [];
    for await (const chunk of stream) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamed.map((c) => c.logprob)).toEqual(content.map((c) => c.logprob));
    expect(streamed.every((c) => c.top_logprobs.length === 0)).toBe(true);
    const refused = await h.client.chat.completions
      .create({ model, messages, top_logprobs: 2 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('top_logprobs');
  });

  it('lists, retrieves and deletes fine-tuned models, and keeps base models', async () => {
    const ids = (await h.client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['local-small', 'local-base', model]));
    expect((await h.client.models.retrieve(model)).owned_by).toBe('local');
    await expect(h.client.models.delete('local-small')).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(await h.client.models.delete(model)).toMatchObject({ id: model, deleted: true });
    await expect(h.client.models.retrieve(model)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(h.client.completions.create({ model, prompt: 'x' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
  });
});
