import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { SelectList } from '../../src/app/components/select-list.js';
import { TextField } from '../../src/app/components/text-field.js';
import { KEY, press, waitFor } from './helpers.js';

afterEach(cleanup);

const items = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((key) => ({ key, label: key }));

describe('SelectList (ink-select-input)', () => {
  it('marks the row the screen chose', () => {
    const ui = render(<SelectList items={items} cursor={2} room={5} />);
    expect(ui.lastFrame()).toMatch(/› gamma/);
    expect(ui.lastFrame()).toMatch(/ {2}alpha/);
  });

  it('takes no key of its own: the screen moves it through the key router', async () => {
    const ui = render(<SelectList items={items} cursor={0} room={5} />);
    await press(ui, KEY.down);
    await press(ui, 'j');
    await press(ui, '3');
    await new Promise((resolve) => setImmediate(resolve));
    expect(ui.lastFrame()).toMatch(/› alpha/);
    ui.rerender(<SelectList items={items} cursor={1} room={5} />);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/› beta/));
  });

  it('shows a window around the cursor when the list is longer than its room', () => {
    const frame = render(<SelectList items={items} cursor={4} room={3} />).lastFrame() ?? '';
    expect(frame.split('\n')).toHaveLength(3);
    expect(frame).toMatch(/› epsilon/);
    expect(frame).not.toContain('beta');
  });
});

describe('TextField (ink-text-input)', () => {
  it('shows the value, the cursor mark when focused, and the empty word', () => {
    expect(render(<TextField value="tickets" focused />).lastFrame()).toBe('tickets▏');
    expect(render(<TextField value="tickets" focused={false} />).lastFrame()).toBe('tickets');
    expect(render(<TextField value="" empty="auto" focused />).lastFrame()).toBe('auto▏');
  });

  it('shows the end of a value longer than its room', () => {
    expect(render(<TextField value="abcdefghij" focused={false} room={5} />).lastFrame()).toBe('…ghij');
    expect(render(<TextField value="abcde" focused={false} room={5} />).lastFrame()).toBe('abcde');
  });

  it('takes no key of its own', async () => {
    const ui = render(<TextField value="v1" focused />);
    await press(ui, 'xyz');
    await new Promise((resolve) => setImmediate(resolve));
    expect(ui.lastFrame()).toBe('v1▏');
  });
});
