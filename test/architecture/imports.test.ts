import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue #17: no import circle among the sources, and no screen that imports another screen (rules and
// farewells live outside the screens). Relative imports only; `import type` counts for the circles of
// values only when `types` is asked.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each file's relative imports that carry values (type-only imports left out), as resolved paths. */
function valueImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(
      /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/g,
    )) {
      if (match[1] !== undefined) continue;
      const base = resolve(dirname(file), (match[2] ?? '').replace(/\.js$/, ''));
      const found = ['.ts', '.tsx', '/index.ts']
        .map((ext) => base + ext)
        .find((p) => graph.has(p) || exists(p));
      if (found !== undefined) targets.push(found);
    }
    graph.set(file, targets);
  }
  return graph;
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The strongly connected groups of more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      group.push(relative(SRC, w));
      if (w === v) break;
    }
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const isScreen = (path: string) => /app\/screens\/[^/]*-screens?\.tsx$/.test(path);

describe('the structure of src', () => {
  const graph = valueImports();

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect([...graph.keys()].filter(isScreen).length).toBeGreaterThan(10);
  });

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no screen that imports another screen', () => {
    const crossings = [...graph].flatMap(([file, targets]) =>
      file.includes('/app/screens/')
        ? targets.filter(isScreen).map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`)
        : [],
    );
    expect(crossings).toEqual([]);
  });

  it('finds a circle and a crossing when there is one', () => {
    const a = join(SRC, 'app/screens/a-screen.tsx');
    const b = join(SRC, 'app/screens/b-screen.tsx');
    expect(
      circles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['app/screens/a-screen.tsx', 'app/screens/b-screen.tsx']]);
    expect(isScreen(b)).toBe(true);
    expect(isScreen(join(SRC, 'app/screens/job-panel.tsx'))).toBe(false);
  });
});
