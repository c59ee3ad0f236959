/**
 * Which models exist: the base models, the fine-tuned ones of succeeded jobs (until deleted) and
 * their checkpoints (`…:ckpt-step-N`, while kept). Loaded weights are cached by directory.
 */
import { z } from 'zod';
import type { JobBook } from './jobs/job-book.js';
import { BASE_MODELS, findBase, LEGACY_BASES } from './model/base-models.js';
import type { SoftmaxModel } from './model/softmax-model.js';
import { loadSnapshot } from './model/weights-io.js';
import type { Store } from './state/store.js';

export type Resolved =
  | { readonly kind: 'base'; readonly id: string }
  | { readonly kind: 'tuned'; readonly id: string; readonly model: SoftmaxModel };

export interface ModelObject {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: string;
  /** For a legacy base name (`ada`): the local model that answers for it (as the old API's `root`). */
  readonly root?: string;
}

const DELETED = 'deleted-models.json';
const CACHE_SIZE = 4;

export class ModelRegistry {
  private readonly cache = new Map<string, SoftmaxModel>();
  private readonly deleted: Set<string>;

  constructor(
    private readonly store: Store,
    private readonly book: JobBook,
  ) {
    this.deleted = new Set(store.readJson(DELETED, z.array(z.string())) ?? []);
  }

  list(): ModelObject[] {
    const bases = BASE_MODELS.map((m) => ({
      id: m.id,
      object: 'model' as const,
      created: m.created,
      owned_by: 'system',
    }));
    const aliases = Object.entries(LEGACY_BASES).map(([id, root]) => ({
      id,
      object: 'model' as const,
      created: findBase(root)?.created ?? 0,
      owned_by: 'system',
      root,
    }));
    const tuned = this.book
      .all()
      .filter((s) => s.job.fine_tuned_model && this.isTuned(s.job.fine_tuned_model))
      .map((s) => ({
        id: s.modelName,
        object: 'model' as const,
        created: s.job.finished_at ?? s.job.created_at,
        owned_by: 'local',
      }));
    return [...bases, ...aliases, ...tuned];
  }

  retrieve(id: string): ModelObject | undefined {
    const listed = this.list().find((m) => m.id === id);
    if (listed) return listed;
    const found = this.locate(id);
    return found ? { id, object: 'model', created: found.created, owned_by: 'local' } : undefined;
  }

  isTuned(id: string): boolean {
    return !this.deleted.has(id) && this.book.all().some((s) => s.job.fine_tuned_model === id);
  }

  resolve(id: string): Resolved | undefined {
    if (findBase(id)) return { kind: 'base', id };
    const found = this.locate(id);
    if (!found) return undefined;
    let model = this.cache.get(found.dir);
    if (!model) {
      if (!this.store.exists(found.dir)) return undefined;
      model = loadSnapshot(this.store.path(found.dir), false).model;
      this.cache.set(found.dir, model);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value ?? '');
    }
    return { kind: 'tuned', id, model };
  }

  /** Deletes a fine-tuned model's final weights; its job record stays, as with the service. */
  remove(id: string): boolean {
    const owner = this.book.all().find((s) => s.job.fine_tuned_model === id);
    if (!owner || this.deleted.has(id)) return false;
    this.deleted.add(id);
    this.store.writeJson(DELETED, [...this.deleted]);
    const dir = `jobs/${owner.job.id}/final`;
    this.cache.delete(dir);
    this.store.remove(dir);
    return true;
  }

  private locate(id: string): { dir: string; created: number } | undefined {
    const checkpoint = /^(.*):ckpt-step-(\d+)$/.exec(id);
    for (const state of this.book.all()) {
      if (!checkpoint && state.job.fine_tuned_model === id && !this.deleted.has(id)) {
        return { dir: `jobs/${state.job.id}/final`, created: state.job.finished_at ?? state.job.created_at };
      }
      if (checkpoint && state.modelName === checkpoint[1]) {
        const kept = state.checkpoints.find((c) => c.step_number === Number(checkpoint[2]));
        if (kept)
          return { dir: `jobs/${state.job.id}/ckpt-step-${kept.step_number}`, created: kept.created_at };
      }
    }
    return undefined;
  }
}
