/** `/models`: list, retrieve, delete (fine-tuned models only). */
import { ApiError, modelNotFound } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { findBase } from '../model/base-models.js';
import type { Services } from '../services.js';

export function modelRoutes(router: Router, services: Services): void {
  router
    .on('GET', '/models', () => ({ json: { object: 'list', data: services.models.list() } }))
    .on('GET', '/models/:id', ({ params }) => {
      const model = services.models.retrieve(params.id ?? '');
      if (!model) throw modelNotFound(params.id ?? '');
      return { json: model };
    })
    .on('DELETE', '/models/:id', ({ params }) => {
      const id = params.id ?? '';
      if (findBase(id)) {
        throw new ApiError(
          403,
          `You cannot delete ${id}: base models belong to the system.`,
          'invalid_request_error',
          'model',
          'model_not_deletable',
        );
      }
      if (!services.models.remove(id)) throw modelNotFound(id);
      return { json: { id, object: 'model', deleted: true } };
    });
}
