import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import { CallbackListQuery, CallbackPatchBody, CallbackView } from '../../schemas/callbacks.js';
import { listCallbacks, updateCallback } from '../../services/crm/callback-service.js';

/** Callers who asked to be called back (IVR step or queue overflow), worked from the console. */
const callbacks: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('agent', 'supervisor', 'admin');
  const tags = ['callbacks'];

  app.get(
    '/callbacks',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Callback requests, oldest first (open ones unless `status` says otherwise)',
        querystring: CallbackListQuery,
        response: { 200: Type.Array(CallbackView), ...errors() },
      },
    },
    async (request) => listCallbacks(app.db, request.query),
  );

  app.patch(
    '/callbacks/:id',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Count a dial attempt, close it (done / cancelled) or note it',
        params: IdParams,
        body: CallbackPatchBody,
        response: { 200: CallbackView, ...errors(400, 404) },
      },
    },
    async (request) => {
      const updated = await updateCallback(app.db, request.user, request.params.id, request.body);
      app.realtime.emitToAll('callbacks.changed', { id: updated.id, status: updated.status });
      return updated;
    },
  );
};

export default callbacks;
