import { describe, expect, it } from 'vitest';
import { describeConversion, promptCompletionToChat } from '../../src/core/convert.js';
import { checkLine } from '../../src/core/chat/index.js';

describe('promptCompletionToChat', () => {
  const options = { separator: '\n\n###\n\n', ending: '\n', systemPrompt: 'Classify the ticket.' };

  it('strips the separator, the leading space and the ending, and adds the system message', () => {
    const chat = promptCompletionToChat(
      { prompt: 'My card was charged twice\n\n###\n\n', completion: ' billing\n' },
      options,
    );
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Classify the ticket.' },
      { role: 'user', content: 'My card was charged twice' },
      { role: 'assistant', content: 'billing' },
    ]);
    expect(checkLine(chat, 'chat').errors.size).toBe(0);
  });

  it('keeps text that does not end with the separator or ending, and only one leading space goes', () => {
    const chat = promptCompletionToChat({ prompt: 'no separator', completion: '  two spaces.' }, options);
    expect(chat.messages[1]).toEqual({ role: 'user', content: 'no separator' });
    expect(chat.messages[2]).toEqual({ role: 'assistant', content: ' two spaces.' });
  });

  it('omits a blank system prompt and an empty prompt', () => {
    const chat = promptCompletionToChat(
      { prompt: '', completion: ' Once upon a time.' },
      { systemPrompt: '  ' },
    );
    expect(chat.messages).toEqual([{ role: 'assistant', content: 'Once upon a time.' }]);
  });

  it('can keep the leading space', () => {
    const chat = promptCompletionToChat({ prompt: 'q', completion: ' a' }, { stripLeadingSpace: false });
    expect(chat.messages.at(-1)?.content).toBe(' a');
  });

  it('says what it removes', () => {
    expect(describeConversion(options)).toBe(
      'Converting to chat removes the separator "\\n\\n###\\n\\n" at the end of prompts, the leading space of completions and the ending "\\n" of completions: they only guide completion models.',
    );
    expect(describeConversion({ stripLeadingSpace: false })).toBe('');
  });
});
