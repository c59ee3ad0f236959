/**
 * Paging, for any list length and page size: a client that pages with `after` and `limit` sees every
 * item exactly once, in list order, and `has_more` is false exactly on the last page, also when items
 * are deleted (files) or dropped (events after a restart) between two pages. Each page is compared
 * with a model of the list: the items still there that come after the cursor's place.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from '../../src/server/http/paginate.js';
import { stateServer, type StateServer } from './state-server.js';

interface Listed {
  readonly data: readonly { id: string }[];
  readonly has_more: boolean;
}

/**
 * The model: `order` is every item the list ever held, in list order; `live` those still there. A
 * cursor keeps its place even when its item is gone.
 */
function expectedPage(
  order: readonly string[],
  live: ReadonlySet<string>,
  after: string | undefined,
  limit: number,
) {
  const rest = order.slice(after === undefined ? 0 : order.indexOf(after) + 1).filter((id) => live.has(id));
  return { ids: rest.slice(0, limit), has_more: rest.length > limit };
}

/**
 * Pages through a list, calling `between` before each page after the first; checks each page against
 * the model and returns the ids seen.
 */
async function walk(
  fetchPage: (after: string | undefined) => Promise<Listed>,
  order: readonly string[],
  live: Set<string>,
  limit: number,
  between: (pageIndex: number) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let index = 0; ; index++) {
    if (index > 0) await between(index);
    const listed = await fetchPage(after);
    const expected = expectedPage(order, live, after, limit);
    expect(listed.data.map((item) => item.id)).toEqual(expected.ids);
    expect(listed.has_more).toBe(expected.has_more);
    seen.push(...expected.ids);
    if (!listed.has_more) return seen;
    after = listed.data.at(-1)?.id;
  }
}

describe('page() over any list and page size', () => {
  it('returns each item once, full pages until the last, has_more false only there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 25 }), (length, limit) => {
        const items = Array.from({ length }, (_, i) => ({ id: `item-${i}` }));
        const pages: { ids: string[]; has_more: boolean }[] = [];
        let after: string | undefined;
        for (;;) {
          const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
          const got = page(items, query, 20);
          pages.push({ ids: got.data.map((item) => item.id), has_more: got.has_more });
          expect(got.first_id).toBe(got.data[0]?.id ?? null);
          expect(got.last_id).toBe(got.data.at(-1)?.id ?? null);
          if (!got.has_more) break;
          after = got.last_id ?? undefined;
        }
        expect(pages.flatMap((p) => p.ids)).toEqual(items.map((item) => item.id));
        expect(pages).toHaveLength(Math.max(1, Math.ceil(length / limit)));
        expect(pages.map((p) => p.has_more)).toEqual(pages.map((_, i) => i < pages.length - 1));
        for (const p of pages.slice(0, -1)) expect(p.ids).toHaveLength(limit);
      }),
      { numRuns: 60 },
    );
  });

  it('takes the default page size without a limit, and refuses one out of range', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ id: `item-${i}` }));
    expect(page(items, new URLSearchParams(), 20).data).toHaveLength(20);
    expect(page(items, new URLSearchParams({ limit: '100' }), 20).data).toHaveLength(25);
    for (const limit of ['0', '101', '2.5', 'x']) {
      expect(() => page(items, new URLSearchParams({ limit }), 20)).toThrow(
        "Invalid value for 'limit': expected an integer between 1 and 100.",
      );
    }
    expect(() => page(items, new URLSearchParams({ after: 'item-gone' }), 20)).toThrow(
      "Invalid value for 'after': 'item-gone' is not the id of an item in this list.",
    );
  });
});

describe('the server’s lists, paged over HTTP', () => {
  let s: StateServer;
  beforeAll(async () => {
    s = await stateServer();
  });
  afterAll(() => s.close());

  it('files: each once in either order, with files deleted between pages', async () => {
    const plan = fc.record({
      count: fc.integer({ min: 0, max: 7 }),
      limit: fc.integer({ min: 1, max: 5 }),
      ascending: fc.boolean(),
      // Before each later page: which files (by creation index) to delete, seen or not.
      deletions: fc.array(fc.array(fc.nat(6), { maxLength: 3 }), { maxLength: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ count, limit, ascending, deletions }) => {
        const created: string[] = [];
        for (let i = 0; i < count; i++) {
          // Straight into the file book: uploads are not what is tested here.
          const file = s.services.files.create(
            `paging-${i}.jsonl`,
            'fine-tune',
            Buffer.from(`{"n": ${i}}\n`),
          );
          created.push(file.id);
        }
        const order = ascending ? created : [...created].reverse();
        const live = new Set(created);
        const everDeleted = new Set<string>();
        const seen = await walk(
          async (after) =>
            await s.client.files.list({
              limit,
              order: ascending ? 'asc' : 'desc',
              ...(after ? { after } : {}),
            }),
          order,
          live,
          limit,
          async (index) => {
            for (const at of deletions[index - 1] ?? []) {
              const id = created[at];
              if (id === undefined || !live.has(id)) continue;
              await s.client.files.delete(id);
              live.delete(id);
              everDeleted.add(id);
            }
          },
        );
        expect(new Set(seen).size).toBe(seen.length);
        // Every file never deleted was seen; the deleted ones at most once (before they went).
        for (const id of created) if (!everDeleted.has(id)) expect(seen).toContain(id);
        for (const id of live) await s.client.files.delete(id);
      }),
      { numRuns: 10 },
    );
  });

  it('jobs, their checkpoints and their events: each once for any page size', async () => {
    const jobs: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 14 }),
        async (newJobs, limit, checkpoints) => {
          for (let i = 0; i < newJobs; i++) jobs.unshift(s.seed('succeeded'));
          await walk(
            async (after) => await s.client.fineTuning.jobs.list({ limit, ...(after ? { after } : {}) }),
            jobs,
            new Set(jobs),
            limit,
          );
          const id = s.seed('succeeded', checkpoints);
          jobs.unshift(id);
          const steps = s.services.book.get(id)?.checkpoints.map((c) => c.id) ?? [];
          expect(steps).toHaveLength(checkpoints);
          await walk(
            async (after) =>
              await s.client.fineTuning.jobs.checkpoints.list(id, { limit, ...(after ? { after } : {}) }),
            steps,
            new Set(steps),
            limit,
          );
        },
      ),
      { numRuns: 10 },
    );
  });

  it('events: each once, with the events after a checkpoint dropped between pages (a restart)', async () => {
    const plan = fc.record({
      count: fc.integer({ min: 0, max: 30 }),
      limit: fc.integer({ min: 1, max: 12 }),
      // Before each later page, maybe: the step the job resumes from.
      drops: fc.array(fc.option(fc.nat(30), { nil: undefined }), { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ count, limit, drops }) => {
        const id = s.seed('running');
        for (let step = 1; step <= count; step++) {
          s.services.book.event(id, `Step ${step}`, { data: { step } });
        }
        const byStep = (await s.client.fineTuning.jobs.listEvents(id, { limit: 100 })).data.map((e) => e.id);
        expect(byStep).toHaveLength(count);
        const live = new Set(byStep);
        await walk(
          async (after) =>
            await s.client.fineTuning.jobs.listEvents(id, { limit, ...(after ? { after } : {}) }),
          byStep,
          live,
          limit,
          async (index) => {
            const from = drops[index - 1];
            if (from === undefined) return;
            s.services.book.dropEventsAfter(id, from);
            // Newest first: event i is step count - i.
            byStep.forEach((event, i) => {
              if (count - i > from) live.delete(event);
            });
          },
        );
      }),
      { numRuns: 10 },
    );
  });
});
