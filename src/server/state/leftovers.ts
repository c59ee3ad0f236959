/**
 * What a killed process leaves behind: `*.tmp-*` files and directories of writes that never got
 * renamed into place. Swept on start, under the data-dir lock. Files are dropped (their target
 * still holds the previous content). A snapshot directory killed between removing the old copy
 * and renaming the new one is complete (its `meta.json` is written last) and its target is
 * missing: it is moved into place rather than lost.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const TEMP = /^(.*)\.tmp-[^/]*$/;

function completeSnapshot(dir: string): boolean {
  try {
    JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    return existsSync(join(dir, 'weights.bin')) && existsSync(join(dir, 'optimizer.bin'));
  } catch {
    return false;
  }
}

/** Returns the paths it removed or restored, for the log. */
export function sweepLeftovers(root: string): string[] {
  const touched: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const isDir = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
      const temp = TEMP.exec(name);
      if (!temp) {
        if (isDir) walk(path);
        continue;
      }
      const target = join(dir, temp[1] ?? '');
      if (isDir && !existsSync(target) && completeSnapshot(path)) renameSync(path, target);
      else rmSync(path, { recursive: true, force: true });
      touched.push(path);
    }
  };
  walk(root);
  return touched;
}
