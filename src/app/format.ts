import { isAbsolute, relative } from 'node:path';

/** Small text helpers shared by the screens (counts and money: `core/numbers.ts`). */

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A separator or stop sequence as code (`"\n\n###\n\n"`), so invisible characters show. */
export function quoted(text: string): string {
  return JSON.stringify(text);
}
