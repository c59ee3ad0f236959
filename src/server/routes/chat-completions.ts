/** `/chat/completions`, plain or streamed (SSE, `include_usage`, `[DONE]`), with `logprobs`. */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { EventStream } from '../http/sse.js';
import type { Router } from '../http/router.js';
import { newId, nowSeconds } from '../state/ids.js';
import type { Services } from '../services.js';
import { generate, generatePieces, promptTokens } from '../generation.js';
import {
  ChatBody,
  chatContext,
  chatTopLogprobs,
  generationOptions,
  resolveModel,
  usage,
  replyPause,
} from './completion-params.js';
import { chatLogprobs } from './logprobs.js';
import { streamChoices } from './stream-reply.js';

export function chatRoutes(router: Router, services: Services): void {
  router.on('POST', '/chat/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), ChatBody);
    await replyPause(services.replyDelayMs);
    const model = resolveModel(services.models, body.model);
    const topLogprobs = chatTopLogprobs(body);
    const withLogprobs = topLogprobs !== undefined;
    const options = { ...generationOptions(body, undefined, body.max_completion_tokens), topLogprobs };
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
        logprobs: withLogprobs ? chatLogprobs(c.pieces) : null,
        finish_reason: c.finish,
      }));
      return { json: { ...base, object: 'chat.completion', choices: data, usage: usage(prompt, choices) } };
    }
    const stream = new EventStream(res);
    const withUsage = body.stream_options?.include_usage === true;
    const chunk = { ...base, object: 'chat.completion.chunk', ...(withUsage ? { usage: null } : {}) };
    const frame = (index: number, delta: Record<string, unknown>, logprobs: unknown, finish: string | null) =>
      stream.send({ ...chunk, choices: [{ index, delta, logprobs, finish_reason: finish }] });
    const finished = await streamChoices(
      stream,
      Array.from({ length: n }, (_, i) => generatePieces(model, context, options, i)),
      services.streamDelayMs,
      {
        start: (index) => frame(index, { role: 'assistant', content: '', refusal: null }, null, null),
        piece: (index, piece) =>
          frame(index, { content: piece.text }, withLogprobs ? chatLogprobs([piece]) : null, null),
        finish: (index, reason) => frame(index, {}, null, reason),
      },
    );
    if (!finished) return { streamed: true };
    if (withUsage) stream.send({ ...chunk, choices: [], usage: usage(prompt, finished) });
    stream.done();
    return { streamed: true };
  });
}
