import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, basename, resolve, sep } from 'node:path';

const DATA_EXTENSIONS = /\.(csv|tsv|xlsx|json|jsonl|txt)$/i;

export interface Completion {
  /** The typed path, extended by the longest common continuation. */
  readonly path: string;
  /** Entries still matching, directories with a trailing `/` (shown under the field). */
  readonly candidates: readonly string[];
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0] ?? '';
  for (const name of names) {
    while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/**
 * Shell-like Tab completion of a path typed relative to `cwd`: directories and data files only,
 * hidden entries only when the typed name starts with a dot.
 */
export function completePath(typed: string, cwd: string): Completion {
  const endsWithSep = typed === '' || typed.endsWith('/') || typed.endsWith(sep);
  const dirPart = endsWithSep
    ? typed
    : dirname(typed) === '.' && !typed.startsWith('.')
      ? ''
      : `${dirname(typed)}/`;
  const namePart = endsWithSep ? '' : basename(typed);
  let entries: Array<{ name: string; dir: boolean }>;
  try {
    entries = readdirSync(resolve(cwd, expandHome(dirPart || '.')), { withFileTypes: true }).map((e) => ({
      name: e.name,
      dir: e.isDirectory(),
    }));
  } catch {
    return { path: typed, candidates: [] };
  }
  const matching = entries
    .filter((e) => e.name.startsWith(namePart))
    .filter((e) => namePart.startsWith('.') || !e.name.startsWith('.'))
    .filter((e) => e.dir || DATA_EXTENSIONS.test(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const only = matching.length === 1 ? matching[0] : undefined;
  if (only !== undefined) return { path: `${dirPart}${only.name}${only.dir ? '/' : ''}`, candidates: [] };
  const prefix = commonPrefix(matching.map((e) => e.name));
  return {
    path: `${dirPart}${prefix.length > namePart.length ? prefix : namePart}`,
    candidates: matching.map((e) => (e.dir ? `${e.name}/` : e.name)),
  };
}

/**
 * Applies a chunk of typed input to the path field: printable text is appended, DEL/BS remove the
 * last character, a line break ends the chunk (a pasted path keeps its first line), and a Tab asks
 * for completion of what is typed so far (the rest of the chunk is dropped).
 */
export function editPath(path: string, chunk: string): { readonly path: string; readonly complete: boolean } {
  let chars = Array.from(path);
  for (const char of chunk) {
    if (char === '\t') return { path: chars.join(''), complete: true };
    if (char === '\r' || char === '\n') break;
    if (char === '\u007f' || char === '\b') chars = chars.slice(0, -1);
    else if (char >= ' ') chars.push(char);
  }
  return { path: chars.join(''), complete: false };
}
