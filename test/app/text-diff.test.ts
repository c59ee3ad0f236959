import { describe, expect, it } from 'vitest';
import { diff, fitSegments, pairFields, visibleChange } from '../../src/app/components/text-diff.js';

describe('text diff for previews', () => {
  it('finds the changed middle between two texts, by code point', () => {
    expect(diff('Tweet number 0 is awful', '0 is awful').a).toEqual({
      before: '',
      changed: 'Tweet number ',
      after: '0 is awful',
    });
    expect(diff('héllo 😀', 'héllo 😀 ->').b).toEqual({ before: 'héllo 😀', changed: ' ->', after: '' });
  });

  it('shortens unchanged text around a change and lines up the - and + lines', () => {
    const d = diff(`${'x'.repeat(50)} end`, `${'x'.repeat(50)} end ->`);
    const a = fitSegments(d.a, 20, 3);
    const b = fitSegments(d.b, 20, 3);
    expect(a.before).toBe(b.before);
    expect(b.changed).toBe(' ->');
    expect(Array.from(b.before + b.changed + b.after).length).toBeLessThanOrEqual(20);
    expect(b.before.startsWith('…')).toBe(true);
  });

  it('makes spaces and newlines of a change visible', () => {
    expect(visibleChange(' ->\n')).toBe('·->⏎');
  });

  it('pairs renamed fields and reports dropped ones', () => {
    const changes = pairFields(
      [
        { label: 'id', text: '1' },
        { label: 'Prompt', text: 'a' },
      ],
      [{ label: 'prompt', text: 'a' }],
    );
    expect(changes.map((c) => c.kind)).toEqual(['removed', 'changed']);
  });

  it('shows an added field where the fix puts it (a system message goes first)', () => {
    const user = { label: 'user', text: 'hi' };
    const changes = pairFields([user], [{ label: 'system', text: 'Be brief.' }, user]);
    expect(changes.map((c) => c.kind)).toEqual(['added', 'same']);
  });
});
