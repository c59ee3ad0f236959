import { isAbsolute, relative } from 'node:path';

/** Small text helpers shared by the screens (counts and money: `core/numbers.ts`). */

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The end of a path that fits `room` columns (`…ts_prepared_train.jsonl`): its file name is what tells. */
export function tailOf(path: string, room: number): string {
  const chars = Array.from(path);
  if (chars.length <= room) return path;
  return `…${chars.slice(chars.length - Math.max(0, room - 1)).join('')}`;
}

/** A separator or stop sequence as code (`"\n\n###\n\n"`), so invisible characters show. */
export function quoted(text: string): string {
  return JSON.stringify(text);
}
