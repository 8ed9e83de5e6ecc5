import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, errors } from '../../schemas/common.js';
import { ReorderBody, ReorderSuggestion } from '../../schemas/reorder.js';
import { reorderSuggestion } from '../../services/console/reorder-service.js';

/** Distributor reorders: the agent types the stock the customer reports, gets a quantity. */
const reorder: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers/:id/reorder-suggestion',
    {
      onRequest: app.authorize('agent', 'supervisor', 'admin'),
      schema: {
        tags: ['customers'],
        summary:
          'Store the reported stock and suggest a reorder: (last stock + bought since − stock now) × 1.5 − stock now',
        params: IdParams,
        body: ReorderBody,
        response: { 200: ReorderSuggestion, ...errors(404) },
      },
    },
    async (request) =>
      reorderSuggestion(app.db, {
        ...request.body,
        customerId: request.params.id,
        reportedById: request.user.id,
      }),
  );
};

export default reorder;
