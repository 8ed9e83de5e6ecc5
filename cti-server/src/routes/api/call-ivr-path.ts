import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { errors } from '../../schemas/common.js';
import { IvrPathEntry, IvrPathView } from '../../schemas/interactions.js';
import { CallIdParams } from '../../schemas/scripts.js';
import { isSupervisor } from '../../services/auth/call-access.js';
import { writeQueueFor } from '../../services/write-queue.js';

/**
 * The caller's path through the IVR (menu choices, digits typed) for the agent's screen pop.
 * The IVR ends before the ACD offers the call, but the call record is written behind the call
 * (services/write-queue.ts): the queue is flushed first so an offered call's path is there.
 */
const callIvrPath: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/interactions/:callId/ivr-path',
    {
      onRequest: app.authorize('agent', 'supervisor', 'admin'),
      schema: {
        tags: ['interactions'],
        summary:
          'The IVR path of a call by its call id (the agent it is offered to or answered by, or a supervisor)',
        params: CallIdParams,
        response: { 200: IvrPathView, ...errors(404) },
      },
    },
    async (request) => {
      const { callId } = request.params;
      await writeQueueFor(app.db).flush();
      const call = await app.db.interaction.findUnique({
        where: { callId },
        select: {
          agentId: true,
          ivrPath: true,
          events: { where: { type: 'ivr_done' }, select: { data: true } },
        },
      });
      if (!call) throw new NotFoundError('call', callId);
      const me = request.user;
      if (!isSupervisor(me)) {
        // The row names the agent only once they answer: while it rings, the ACD knows.
        const mine =
          me.agentId !== null &&
          (call.agentId === me.agentId ||
            app.acd.callAgent(callId) === me.agentId ||
            app.acd.agentContext(me.agentId)?.callId === callId);
        if (!mine)
          throw new ForbiddenError('only the agent on this call or a supervisor may read its IVR path');
      }
      const done = (call.events[0]?.data ?? null) as { flowId?: string; outcome?: { kind: string } } | null;
      return {
        callId,
        path: Array.isArray(call.ivrPath) ? (call.ivrPath as Static<typeof IvrPathEntry>[]) : null,
        flowId: done?.flowId ?? null,
        outcome: done?.outcome ?? null,
      };
    },
  );
};

export default callIvrPath;
