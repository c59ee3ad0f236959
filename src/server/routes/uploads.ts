/** `/uploads`: create, add parts, complete (with an MD5 check), cancel. */
import { z } from 'zod';
import { JSON_LIMIT, MULTIPART_LIMIT, parseForm, parseJson, readBody } from '../http/body.js';
import { missing } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import { publicUpload, UPLOAD_LIMIT } from '../state/uploads.js';
import { checkPurpose } from './files.js';

const CreateUpload = z.object({
  bytes: z.number().int().min(1).max(UPLOAD_LIMIT),
  filename: z.string().min(1),
  mime_type: z.string(),
  purpose: z.string(),
});

const CompleteUpload = z.object({ part_ids: z.array(z.string()).min(1), md5: z.string().optional() });

export function uploadRoutes(router: Router, services: Services): void {
  router
    .on('POST', '/uploads', async ({ req }) => {
      const body = parseJson(await readBody(req, JSON_LIMIT), CreateUpload);
      checkPurpose(body.purpose, body.filename);
      return { json: publicUpload(services.uploads.create(body)) };
    })
    .on('POST', '/uploads/:id/parts', async ({ req, params }) => {
      const form = await parseForm(req, await readBody(req, MULTIPART_LIMIT));
      const data = form.get('data');
      if (!(data instanceof File)) throw missing('data');
      return { json: services.uploads.addPart(params.id ?? '', new Uint8Array(await data.arrayBuffer())) };
    })
    .on('POST', '/uploads/:id/complete', async ({ req, params }) => {
      const body = parseJson(await readBody(req, JSON_LIMIT), CompleteUpload);
      return { json: publicUpload(services.uploads.complete(params.id ?? '', body.part_ids, body.md5)) };
    })
    .on('POST', '/uploads/:id/cancel', ({ params }) => ({
      json: publicUpload(services.uploads.cancel(params.id ?? '')),
    }));
}
