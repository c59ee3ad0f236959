import { useEffect, useState } from 'react';
import { Text, useInput } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRouter, useKeys } from '../../src/app/hooks/use-keys.js';
import { waitFor } from './helpers.js';

afterEach(cleanup);

type Hook = typeof useKeys;

/** Two screens: "first" turns into "second" on its own (as the load screen does when reading ends). */
function TwoScreens({ hook }: { readonly hook: Hook }) {
  const [screen, setScreen] = useState<'first' | 'second' | 'done'>('first');
  useEffect(() => {
    const timer = setTimeout(() => setScreen('second'), 10);
    return () => clearTimeout(timer);
  }, []);
  if (screen === 'first') return <First hook={hook} />;
  if (screen === 'second') return <Second hook={hook} onEnter={() => setScreen('done')} />;
  return <Text>the second screen got the key</Text>;
}

function First({ hook }: { readonly hook: Hook }) {
  hook(() => undefined);
  return <Text>first screen</Text>;
}

function Second({ hook, onEnter }: { readonly hook: Hook; readonly onEnter: () => void }) {
  hook((_input, key) => {
    if (key.return) onEnter();
  });
  return <Text>second screen</Text>;
}

/** Renders and types enter the moment "second screen" is painted, as a quick user or a script does. */
async function enterAsSoonAsPainted(tree: React.ReactElement): Promise<string> {
  const ui = render(tree);
  const write = ui.stdout.write;
  let sent = false;
  ui.stdout.write = (frame: string) => {
    write(frame);
    if (!sent && frame.includes('second screen')) {
      sent = true;
      // After the commit that painted it, before React's passive effects run.
      queueMicrotask(() => ui.stdin.write('\r'));
    }
  };
  await waitFor(() => expect(sent).toBe(true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return ui.lastFrame() ?? '';
}

describe('the key router', () => {
  it("hands a key typed as a screen appears to that screen (Ink's useInput alone loses it)", async () => {
    const routed = await enterAsSoonAsPainted(
      <KeyRouter>
        <TwoScreens hook={useKeys} />
      </KeyRouter>,
    );
    expect(routed).toContain('the second screen got the key');
    // The race this guards against, shown with Ink's hook: the key goes to the screen that was.
    const plain = await enterAsSoonAsPainted(<TwoScreens hook={useInput} />);
    expect(plain).toContain('second screen');
    expect(plain).not.toContain('got the key');
  });

  it('stops handing keys to a screen that is inactive or gone', async () => {
    const seen: string[] = [];
    function Listener({ name, active }: { readonly name: string; readonly active: boolean }) {
      useKeys((input) => seen.push(`${name}:${input}`), { isActive: active });
      return <Text>{name}</Text>;
    }
    const ui = render(
      <KeyRouter>
        <Listener name="a" active={true} />
        <Listener name="b" active={false} />
      </KeyRouter>,
    );
    await waitFor(() => expect(ui.lastFrame()).toContain('a'));
    ui.stdin.write('x');
    ui.rerender(
      <KeyRouter>
        <Listener name="b" active={true} />
      </KeyRouter>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    ui.stdin.write('y');
    await waitFor(() => expect(seen).toEqual(['a:x', 'b:y']));
  });
});
