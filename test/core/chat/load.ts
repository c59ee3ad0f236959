import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface FixtureLine {
  readonly position: number;
  readonly value: unknown;
  readonly raw: string;
}

/** Reads a JSONL fixture as the readers would: 1-based line numbers, blank lines skipped. */
export function fixtureLines(name: string): FixtureLine[] {
  const text = readFileSync(fileURLToPath(new URL(`../../fixtures/chat/${name}`, import.meta.url)), 'utf8');
  return text
    .split('\n')
    .map((raw, i) => ({ position: i + 1, raw }))
    .filter((l) => l.raw.trim() !== '')
    .map((l) => ({ ...l, value: JSON.parse(l.raw) as unknown }));
}
