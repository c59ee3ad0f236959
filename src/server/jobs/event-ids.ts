/**
 * Event ids that sort in the order events were logged: `ftevent-` + 8 characters of a
 * millisecond-based sequence (in an alphabet ordered like ASCII) + 16 random ones. A cursor
 * keeps its place even when the event it names was dropped (a resumed job's repeated steps), and
 * since the sequence follows the clock across restarts, dropped ids are never reused.
 */
import { newId } from '../state/ids.js';

const PREFIX = 'ftevent-';
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WIDTH = 8;

export function eventId(sequence: number): string {
  let text = '';
  for (let rest = sequence; rest > 0; rest = Math.floor(rest / DIGITS.length))
    text = (DIGITS[rest % DIGITS.length] ?? '0') + text;
  return `${PREFIX}${text.padStart(WIDTH, '0')}${newId('', 16)}`;
}

/** The sequence of an id made by `eventId`, or undefined for anything else. */
export function eventSequence(id: string): number | undefined {
  if (!id.startsWith(PREFIX) || id.length !== PREFIX.length + WIDTH + 16) return undefined;
  let value = 0;
  for (const char of id.slice(PREFIX.length, PREFIX.length + WIDTH)) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0) return undefined;
    value = value * DIGITS.length + digit;
  }
  return value;
}

/** Hands out increasing sequences: the clock, or one past the last when events come faster. */
export class EventClock {
  private last = 0;

  seen(id: string): void {
    this.last = Math.max(this.last, eventSequence(id) ?? 0);
  }

  next(): number {
    this.last = Math.max(this.last + 1, Date.now());
    return this.last;
  }
}
