/** `/completions`, plain or streamed (SSE, `include_usage`, `[DONE]`), with `logprobs` and `echo`. */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { EventStream } from '../http/sse.js';
import type { Router } from '../http/router.js';
import { newId, nowSeconds } from '../state/ids.js';
import type { Services } from '../services.js';
import { generate, generatePieces, promptTokens } from '../generation.js';
import { CompletionBody, generationOptions, replyPause, resolveModel, usage } from './completion-params.js';
import { completionLogprobs, promptPieces } from './logprobs.js';
import { streamChoices } from './stream-reply.js';

export function completionRoutes(router: Router, services: Services): void {
  router.on('POST', '/completions', async ({ req, res }) => {
    const body = parseJson(await readBody(req, JSON_LIMIT), CompletionBody);
    await replyPause(services.replyDelayMs);
    const model = resolveModel(services.models, body.model);
    const withLogprobs = body.logprobs !== undefined && body.logprobs !== null;
    const options = { ...generationOptions(body, 16), topLogprobs: body.logprobs ?? undefined };
    const echo = body.echo === true;
    const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
    const n = body.n ?? 1;
    const runs = prompts.flatMap((prompt) => Array.from({ length: n }, (_, i) => ({ prompt, i })));
    const prompt = prompts.reduce((sum, p) => sum + promptTokens(p), 0);
    const base = { id: newId('cmpl-'), object: 'text_completion', created: nowSeconds(), model: body.model };
    if (!body.stream) {
      const choices = runs.map((r) => generate(model, r.prompt, options, r.i));
      const data = choices.map((c, index) => {
        const asked = runs[index]?.prompt ?? '';
        const pieces = echo ? [...promptPieces(asked), ...c.pieces] : c.pieces;
        return {
          text: echo ? asked + c.text : c.text,
          index,
          logprobs: withLogprobs ? completionLogprobs(pieces, echo ? 0 : asked.length) : null,
          finish_reason: c.finish,
        };
      });
      return { json: { ...base, choices: data, usage: usage(prompt, choices) } };
    }
    const stream = new EventStream(res);
    const withUsage = body.stream_options?.include_usage === true;
    const extra = withUsage ? { usage: null } : {};
    const offsets = runs.map((r) => (echo ? 0 : r.prompt.length));
    const send = (index: number, text: string, logprobs: unknown, finish: string | null): void =>
      stream.send({ ...base, choices: [{ text, index, logprobs, finish_reason: finish }], ...extra });
    const finished = await streamChoices(
      stream,
      runs.map((r) => generatePieces(model, r.prompt, options, r.i)),
      services.streamDelayMs,
      {
        // The echoed prompt comes first, as one chunk.
        start: (index) => {
          const asked = runs[index]?.prompt ?? '';
          if (!echo) return;
          const pieces = promptPieces(asked);
          send(index, asked, withLogprobs ? completionLogprobs(pieces, 0) : null, null);
          offsets[index] = asked.length;
        },
        piece: (index, piece) => {
          const at = offsets[index] ?? 0;
          offsets[index] = at + piece.text.length;
          send(index, piece.text, withLogprobs ? completionLogprobs([piece], at) : null, null);
        },
        finish: (index, reason) => send(index, '', null, reason),
      },
    );
    if (!finished) return { streamed: true };
    if (withUsage) stream.send({ ...base, choices: [], usage: usage(prompt, finished) });
    stream.done();
    return { streamed: true };
  });
}
