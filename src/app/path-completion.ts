import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, basename, resolve, sep } from 'node:path';

const DATA_EXTENSIONS = /\.(csv|tsv|xlsx|xls|xlsb|ods|json|jsonl|txt)$/i;

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

export interface PathEdit {
  readonly path: string;
  /** Set when a Tab in the chunk completed the path: the entries still matching. */
  readonly candidates?: readonly string[];
  /** True when the chunk ends with Enter: open the path. */
  readonly open: boolean;
}

/**
 * Applies a chunk of typed input to the path field, in order, as if each key came alone (fast typing
 * or a script can put several keys in one read): printable text is appended, DEL/BS remove the last
 * character, a Tab completes what is typed so far, and Enter as the last key opens the path. A line
 * break with more after it is a paste: the path keeps its first line and nothing is opened.
 */
export function editPath(path: string, chunk: string, complete: (typed: string) => Completion): PathEdit {
  let chars = Array.from(path);
  let candidates: readonly string[] | undefined;
  const keys = Array.from(chunk);
  for (const [index, char] of keys.entries()) {
    if (char === '\t') {
      const completion = complete(chars.join(''));
      chars = Array.from(completion.path);
      candidates = completion.candidates;
    } else if (char === '\r' || char === '\n') {
      const open = keys.slice(index + 1).every((rest) => rest === '\r' || rest === '\n');
      return { path: chars.join(''), ...(candidates === undefined ? {} : { candidates }), open };
    } else if (char === '\u007f' || char === '\b' || char >= ' ') {
      // An edit after a Tab makes its list of candidates stale, as typing alone does.
      candidates = undefined;
      chars = char >= ' ' && char !== '\u007f' ? [...chars, char] : chars.slice(0, -1);
    }
  }
  return { path: chars.join(''), ...(candidates === undefined ? {} : { candidates }), open: false };
}
