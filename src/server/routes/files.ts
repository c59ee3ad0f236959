/** `/files`: multipart upload, list, retrieve, content, delete. */
import { MULTIPART_LIMIT, parseForm, readBody } from '../http/body.js';
import { invalid, missing, notFound } from '../http/errors.js';
import { page } from '../http/paginate.js';
import type { Router } from '../http/router.js';
import type { FileRecord } from '../state/records.js';
import type { Services } from '../services.js';

const PURPOSES = new Set(['fine-tune', 'assistants', 'batch', 'vision', 'user_data', 'evals']);

export function checkPurpose(purpose: string | null, filename: string): string {
  if (!purpose) throw missing('purpose');
  if (!PURPOSES.has(purpose))
    throw invalid(`Invalid value for 'purpose': '${purpose}'.`, 'purpose', 'invalid_value');
  if (purpose === 'fine-tune' && !filename.toLowerCase().endsWith('.jsonl')) {
    throw invalid(`Invalid file format for Fine-Tuning API. Must be .jsonl`, 'file', 'invalid_file_format');
  }
  return purpose;
}

export function requireFile(services: Services, id: string): FileRecord {
  const file = services.files.get(id);
  if (!file) throw notFound(`No such File object: ${id}`, 'id');
  return file;
}

export function fileRoutes(router: Router, services: Services): void {
  router
    .on('POST', '/files', async ({ req }) => {
      const form = await parseForm(req, await readBody(req, MULTIPART_LIMIT));
      const file = form.get('file');
      if (!(file instanceof File)) throw missing('file');
      const purpose = checkPurpose(form.get('purpose')?.toString() ?? null, file.name);
      return { json: services.files.create(file.name, purpose, new Uint8Array(await file.arrayBuffer())) };
    })
    .on('GET', '/files', ({ query }) => {
      const purpose = query.get('purpose');
      const ascending = query.get('order') === 'asc';
      let files = services.files.list().filter((f) => !purpose || f.purpose === purpose);
      if (ascending) files = files.reverse();
      // A file deleted since the last page still marks the place: the next page starts past it.
      const locate = (after: string): number | undefined => {
        const at = services.files.orderOf(after);
        if (Number.isNaN(at)) return undefined;
        const next = files.findIndex((f) =>
          ascending ? services.files.orderOf(f.id) > at : services.files.orderOf(f.id) < at,
        );
        return next < 0 ? files.length : next;
      };
      return { json: page(files, query, 10_000, 10_000, locate) };
    })
    .on('GET', '/files/:id', ({ params }) => ({ json: requireFile(services, params.id ?? '') }))
    .on('GET', '/files/:id/content', ({ params }) => {
      const file = requireFile(services, params.id ?? '');
      const bytes = services.files.content(file.id) ?? Buffer.alloc(0);
      const type = file.filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
      return { bytes, contentType: type };
    })
    .on('DELETE', '/files/:id', ({ params }) => {
      const file = requireFile(services, params.id ?? '');
      services.files.delete(file.id);
      return { json: { id: file.id, object: 'file', deleted: true } };
    });
}
