/** `/completions` and `/chat/completions`, plain or streamed (SSE, `include_usage`, `[DONE]`). */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { newId, nowSeconds } from '../state/ids.js';
import { EventStream } from '../http/sse.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import { generate, generatePieces, promptTokens, type Finish } from '../generation.js';
import { streamChoices } from './stream-reply.js';
import {
  ChatBody,
  chatContext,
  CompletionBody,
  generationOptions,
  resolveModel,
} from './completion-params.js';

function usage(prompt: number, choices: readonly Finish[]): Record<string, number> {
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function completionRoutes(router: Router, services: Services): void {
  router.on('POST', '/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), CompletionBody);
    await pause(services.replyDelayMs);
    const model = resolveModel(services.models, body.model);
    const options = generationOptions(body, 16);
    const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
    const n = body.n ?? 1;
    const runs = prompts.flatMap((prompt) => Array.from({ length: n }, (_, i) => ({ prompt, i })));
    const prompt = prompts.reduce((sum, p) => sum + promptTokens(p), 0);
    const base = { id: newId('cmpl-'), object: 'text_completion', created: nowSeconds(), model: body.model };
    if (!body.stream) {
      const choices = runs.map((r) => generate(model, r.prompt, options, r.i));
      const data = choices.map((c, index) => ({
        text: c.text,
        index,
        logprobs: null,
        finish_reason: c.finish,
      }));
      return { json: { ...base, choices: data, usage: usage(prompt, choices) } };
    }
    const stream = new EventStream(res);
    const withUsage = body.stream_options?.include_usage === true;
    const extra = withUsage ? { usage: null } : {};
    const send = (index: number, text: string, finish: string | null): void =>
      stream.send({ ...base, choices: [{ text, index, logprobs: null, finish_reason: finish }], ...extra });
    const finished = await streamChoices(
      stream,
      runs.map((r) => generatePieces(model, r.prompt, options, r.i)),
      services.streamDelayMs,
      { piece: (index, text) => send(index, text, null), finish: (index, reason) => send(index, '', reason) },
    );
    if (!finished) return { streamed: true };
    if (withUsage) stream.send({ ...base, choices: [], usage: usage(prompt, finished) });
    stream.done();
    return { streamed: true };
  });

  router.on('POST', '/chat/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), ChatBody);
    await pause(services.replyDelayMs);
    const model = resolveModel(services.models, body.model);
    const options = generationOptions(body, undefined, body.max_completion_tokens);
    const context = chatContext(body);
    const n = body.n ?? 1;
    const prompt = promptTokens(context);
    const base = {
      id: newId('chatcmpl-'),
      created: nowSeconds(),
      model: body.model,
      system_fingerprint: 'fp_local',
    };
    if (!body.stream) {
      const choices = Array.from({ length: n }, (_, i) => generate(model, context, options, i));
      const data = choices.map((c, index) => ({
        index,
        message: { role: 'assistant', content: c.text, refusal: null },
        logprobs: null,
        finish_reason: c.finish,
      }));
      return { json: { ...base, object: 'chat.completion', choices: data, usage: usage(prompt, choices) } };
    }
    const stream = new EventStream(res);
    const withUsage = body.stream_options?.include_usage === true;
    const chunk = { ...base, object: 'chat.completion.chunk', ...(withUsage ? { usage: null } : {}) };
    const frame = (index: number, delta: Record<string, unknown>, finish: string | null): void =>
      stream.send({ ...chunk, choices: [{ index, delta, logprobs: null, finish_reason: finish }] });
    const finished = await streamChoices(
      stream,
      Array.from({ length: n }, (_, i) => generatePieces(model, context, options, i)),
      services.streamDelayMs,
      {
        start: (index) => frame(index, { role: 'assistant', content: '', refusal: null }, null),
        piece: (index, content) => frame(index, { content }, null),
        finish: (index, reason) => frame(index, {}, reason),
      },
    );
    if (!finished) return { streamed: true };
    if (withUsage) stream.send({ ...chunk, choices: [], usage: usage(prompt, finished) });
    stream.done();
    return { streamed: true };
  });
}
