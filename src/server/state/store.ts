/**
 * The server's state on disk. Every write goes to a temporary file in the same directory and is
 * renamed over the target, so a crash or a kill leaves either the old or the new content.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';

export class Store {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  write(relative: string, data: string | Uint8Array): void {
    const target = this.path(relative);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  }

  writeJson(relative: string, value: unknown): void {
    this.write(relative, JSON.stringify(value));
  }

  readJson<T>(relative: string, schema: z.ZodType<T>): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.path(relative), 'utf8');
    } catch {
      return undefined;
    }
    return schema.parse(JSON.parse(text));
  }

  read(relative: string): Buffer | undefined {
    try {
      return readFileSync(this.path(relative));
    } catch {
      return undefined;
    }
  }

  exists(relative: string): boolean {
    try {
      statSync(this.path(relative));
      return true;
    } catch {
      return false;
    }
  }

  remove(relative: string): void {
    rmSync(this.path(relative), { recursive: true, force: true });
  }

  /** Entry names of a directory, without leftovers of interrupted writes. */
  list(relative: string): string[] {
    try {
      return readdirSync(this.path(relative)).filter((name) => !name.includes('.tmp-'));
    } catch {
      return [];
    }
  }
}
