/** `/completions` and `/chat/completions`, plain or streamed (SSE, `include_usage`, `[DONE]`). */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { newId, nowSeconds } from '../state/ids.js';
import { EventStream } from '../http/sse.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import { generate, promptTokens, type Generated } from '../generation.js';
import {
  ChatBody,
  chatContext,
  CompletionBody,
  generationOptions,
  resolveModel,
} from './completion-params.js';

function usage(prompt: number, choices: readonly Generated[]): Record<string, number> {
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function completionRoutes(router: Router, services: Services): void {
  router.on('POST', '/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), CompletionBody);
    const model = resolveModel(services.models, body.model);
    const options = generationOptions(body, 16);
    const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
    const n = body.n ?? 1;
    const choices = prompts.flatMap((prompt) =>
      Array.from({ length: n }, (_, i) => generate(model, prompt, options, i)),
    );
    const prompt = prompts.reduce((sum, p) => sum + promptTokens(p), 0);
    const base = { id: newId('cmpl-'), object: 'text_completion', created: nowSeconds(), model: body.model };
    if (!body.stream) {
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
    choices.forEach((choice, index) => {
      for (const text of choice.pieces) {
        stream.send({ ...base, choices: [{ text, index, logprobs: null, finish_reason: null }], ...extra });
      }
      stream.send({
        ...base,
        choices: [{ text: '', index, logprobs: null, finish_reason: choice.finish }],
        ...extra,
      });
    });
    if (withUsage) stream.send({ ...base, choices: [], usage: usage(prompt, choices) });
    stream.done();
    return { streamed: true };
  });

  router.on('POST', '/chat/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), ChatBody);
    const model = resolveModel(services.models, body.model);
    const options = generationOptions(body, undefined, body.max_completion_tokens);
    const context = chatContext(body);
    const choices = Array.from({ length: body.n ?? 1 }, (_, i) => generate(model, context, options, i));
    const prompt = promptTokens(context);
    const base = {
      id: newId('chatcmpl-'),
      created: nowSeconds(),
      model: body.model,
      system_fingerprint: 'fp_local',
    };
    if (!body.stream) {
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
    choices.forEach((choice, index) => {
      const frame = (delta: Record<string, unknown>, finish: string | null): void =>
        stream.send({ ...chunk, choices: [{ index, delta, logprobs: null, finish_reason: finish }] });
      frame({ role: 'assistant', content: '', refusal: null }, null);
      for (const content of choice.pieces) frame({ content }, null);
      frame({}, choice.finish);
    });
    if (withUsage) stream.send({ ...chunk, choices: [], usage: usage(prompt, choices) });
    stream.done();
    return { streamed: true };
  });
}
