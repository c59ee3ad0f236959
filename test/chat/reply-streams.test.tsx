import { useEffect, useReducer } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import {
  chatReducer,
  initialChatState,
  type ChatAction,
  type ChatState,
} from '../../src/app/chat/chat-state.js';
import { useReplyStreams } from '../../src/app/chat/use-reply-streams.js';
import { tail } from '../../src/app/chat/exchange-view.js';
import { fakeClient, waitFor } from './fake-api.js';

afterEach(cleanup);

const settings = {
  temperature: 1,
  topP: 1,
  maxTokens: 16,
  frequencyPenalty: 0,
  presencePenalty: 0,
  stop: [],
  separator: '',
  systemPrompt: '',
};

describe('useReplyStreams', () => {
  it('hands streamed tokens to React in batches, not one update per token', async () => {
    const pieces = Array.from({ length: 300 }, (_, i) => ` t${i}`);
    const { client } = fakeClient(() => ({ chunks: pieces }));
    const deltas: ChatAction[] = [];
    let last: ChatState | null = null;
    function Harness() {
      const [state, dispatch] = useReducer(
        (s: ChatState, a: ChatAction) => {
          if (a.type === 'delta') deltas.push(a);
          return chatReducer(s, a);
        },
        initialChatState('m', null, settings),
      );
      last = state;
      const streams = useReplyStreams(client, dispatch);
      useEffect(() => {
        dispatch({ type: 'send', user: 'go', replies: [{ slot: 'main', model: 'm', sent: 'go' }] });
        streams.start([{ slot: 'main', request: { endpoint: 'completions', model: 'm', prompt: 'go' } }]);
        // Started once, on mount.
      }, []);
      return <Text>{state.exchanges.length}</Text>;
    }
    render(<Harness />);
    await waitFor(() => expect(last?.exchanges).toHaveLength(1));
    expect(last!.exchanges[0]?.replies[0]?.text).toBe(pieces.join(''));
    expect(deltas.length).toBeLessThan(pieces.length / 10);
  });
});

describe('tail', () => {
  it('keeps the last lines of a long reply, wrapped at the column width', () => {
    expect(tail('short', 3, 80)).toBe('short');
    expect(tail('a\nb\nc\nd', 2, 80)).toBe('…c\nd');
    expect(tail('x'.repeat(25), 2, 10)).toBe(`…${'x'.repeat(10)}\n${'x'.repeat(5)}`);
  });
});
