import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { IdParams, OpenObject, errors } from '../../schemas/common.js';
import { InteractionListQuery, InteractionSummary } from '../../schemas/interactions.js';
import { writeQueueFor } from '../../services/write-queue.js';
import { isAgentOnly } from '../../services/auth/auth-user.js';

/** Calls. Agents see their own; supervisors and admins see all. */
const interactions: FastifyPluginAsyncTypebox = async (app) => {
  const allowed = app.authorize('agent', 'supervisor', 'admin');
  const tags = ['interactions'];

  app.get(
    '/interactions',
    {
      onRequest: allowed,
      schema: {
        tags,
        querystring: InteractionListQuery,
        response: { 200: Type.Array(InteractionSummary), ...errors() },
      },
    },
    async (request) => {
      const { customerId, agentId, from, to, limit } = request.query;
      const me = request.user;
      if (isAgentOnly(me) && agentId && agentId !== me.agentId) {
        throw new ForbiddenError('agents can list only their own calls');
      }
      // Call records are written behind the calls (up to 20 ms later): store what is queued.
      await writeQueueFor(app.db).flush();
      return app.db.interaction.findMany({
        where: {
          customerId,
          agentId: isAgentOnly(me) ? (me.agentId ?? '-') : agentId,
          offeredAt: { gte: from ? new Date(from) : undefined, lte: to ? new Date(to) : undefined },
        },
        orderBy: { offeredAt: 'desc' },
        take: limit ?? 50,
        include: {
          customer: { select: { id: true, name: true, vipTier: true } },
          agent: { select: { extension: true } },
          queue: { select: { name: true } },
        },
      });
    },
  );

  app.get(
    '/interactions/:id',
    { onRequest: allowed, schema: { tags, params: IdParams, response: { 200: OpenObject, ...errors(404) } } },
    async (request) => {
      // Routing decisions and call records are written in batches: store the pending ones.
      await app.acdRoutingLog.flush();
      const call = await app.db.interaction.findUnique({
        where: { id: request.params.id },
        include: {
          events: { orderBy: { at: 'asc' } },
          customer: { select: { id: true, name: true, vipTier: true } },
          agent: { select: { extension: true, user: { select: { displayName: true } } } },
          queue: { select: { name: true } },
          line: { select: { dnis: true, name: true } },
          tickets: { select: { id: true, number: true, subject: true, status: true } },
        },
      });
      if (!call) throw new NotFoundError('interaction', request.params.id);
      if (isAgentOnly(request.user) && call.agentId !== request.user.agentId) {
        throw new ForbiddenError('this call was handled by another agent');
      }
      return call;
    },
  );
};

export default interactions;
