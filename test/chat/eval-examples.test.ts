import { describe, expect, it } from 'vitest';
import { parseEvalExamples } from '../../src/api/eval-examples.js';
import { evalRequest } from '../../src/api/eval-run.js';
import { answerBudget } from '../../src/api/eval-session.js';

const chatFormat = { endpoint: 'chat' as const, separator: '', stop: [], systemPrompt: 'Be brief.' };

describe('parseEvalExamples', () => {
  it('expects the last assistant message of a chat line and sends what comes before it', () => {
    const [example] = parseEvalExamples(
      JSON.stringify({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'user', content: 'Capital of France?' },
          { role: 'assistant', content: 'Paris' },
        ],
      }),
      'v.jsonl',
    );
    expect(example).toEqual({
      endpoint: 'chat',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Capital of France?' },
      ],
      expected: 'Paris',
    });
    // The training system prompt is added only when the line has none.
    const request = evalRequest(example!, 'ft:x', chatFormat, 8);
    expect(request).toMatchObject({ endpoint: 'chat', sampling: { temperature: 0, max_tokens: 8 } });
    expect(request.endpoint === 'chat' && request.messages[0]).toEqual({
      role: 'system',
      content: 'Be brief.',
    });
  });

  it('names the file and line of a problem', () => {
    expect(() => parseEvalExamples('{"prompt":"a","completion":"b"}\nnot json\n', 'v.jsonl')).toThrow(
      'v.jsonl, line 2: not valid JSON.',
    );
    // A raw data file instead of the prepared one: say what eval reads.
    expect(() => parseEvalExamples('prompt,completion\na,b\n', 'tickets.csv')).toThrow(
      'tickets.csv, line 1: not valid JSON. eval reads a prepared JSONL file: run `fine-tune prepare tickets.csv` first',
    );
    expect(() => parseEvalExamples('{"messages":[{"role":"user","content":"x"}]}', 'v.jsonl')).toThrow(
      'v.jsonl, line 1: has no assistant message to compare with.',
    );
    expect(() =>
      parseEvalExamples(
        '{"prompt":"a","completion":"b"}\n{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}]}',
        'v.jsonl',
      ),
    ).toThrow('mixes prompt/completion and chat lines');
    expect(() => parseEvalExamples('\n\n', 'v.jsonl')).toThrow('v.jsonl: no examples to evaluate.');
  });
});

describe('answerBudget', () => {
  it('gives a classifier room for its longest label only, and generation some slack', () => {
    const ex = (expected: string) => ({ endpoint: 'completions' as const, prompt: 'p', expected });
    expect(answerBudget([ex(' sports'), ex(' politics')], 'classification')).toBe(1);
    // Four tokens, and half as many again plus eight for the model's own wording.
    expect(answerBudget([ex(' one two three four')], 'generation')).toBe(14);
  });

  it('counts an answer that looks like a special token as the plain text it is', () => {
    const ex = (expected: string) => ({ endpoint: 'completions' as const, prompt: 'p', expected });
    // gpt-tokenizer's own countTokens throws on this text.
    expect(answerBudget([ex('<|endoftext|>')], 'classification')).toBe(7);
  });
});
