import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConflictError, NotFoundError } from '../../errors.js';
import { AgentView, ExtensionParams } from '../../schemas/agents.js';
import { errors } from '../../schemas/common.js';
import { ForceStateBody, MoveCallBody, MoveCallParams, MovedCall } from '../../schemas/supervisor-actions.js';
import { recordAudit, type AuditRecord } from '../../services/audit/audit-log.js';
import { agentView } from '../../services/routing/acd-views.js';

/**
 * What a supervisor does to the floor: force an agent's state, move a waiting call to another
 * queue or give it to a named agent. Supervisors and admins only; every action is audited with
 * the supervisor as actor.
 *
 * Forcing is refused (409) while the agent is being offered a call or is on one: the caller is
 * never cut off by a state change, and the supervisor can force it in wrap-up, a moment later.
 */
const supervisorActions: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['supervisor'];
  const now = () => app.acdSettings.clock.now();
  const audit = (actorId: string, record: AuditRecord) =>
    app.db.$transaction((tx) => recordAudit(tx, { id: actorId }, record));

  app.post(
    '/supervisor/agents/:ext/force',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Force an agent not ready or log them out, with a reason (not while offered or on a call)',
        params: ExtensionParams,
        body: ForceStateBody,
        response: { 200: AgentView, ...errors(400, 404, 409) },
      },
    },
    async (request) => {
      const agent = app.agentDirectory.agentByExtension(request.params.ext);
      if (!agent) throw new NotFoundError('agent', request.params.ext);
      const { state, reason } = request.body;
      const ctx = app.acd.agentContext(agent.id);
      if (!ctx) throw new NotFoundError('agent', request.params.ext);
      const from = { state: ctx.status, reason: ctx.reason };
      if (ctx.status === 'reserved' || ctx.status === 'ringing' || ctx.status === 'on_call')
        throw new ConflictError(
          `agent ${agent.extension} is ${ctx.status === 'on_call' ? 'on a call' : 'being offered a call'}: ` +
            'force the state once the call ends (during wrap-up)',
        );
      if (ctx.status === 'logged_out')
        throw new ConflictError(`agent ${agent.extension} is logged out already`);
      if (!app.acd.forceState(agent.id, state, request.user.id, reason))
        throw new ConflictError(`agent ${agent.extension} cannot be forced ${ctx.status} → ${state}`);
      const at = new Date(now());
      app.realtime.emitToAgent(agent.extension, 'agent.forced', {
        state,
        reason,
        supervisor: request.user.displayName,
        at: at.toISOString(),
      });
      await audit(request.user.id, {
        action: 'agent.force_state',
        entity: 'agent',
        entityId: agent.id,
        summary: `${request.user.username} forced ${agent.extension} ${state.replace('_', ' ')}: ${reason}`,
        before: { extension: agent.extension, ...from },
        after: { extension: agent.extension, state, reason },
      });
      return agentView(app.acd, agent, now());
    },
  );

  app.post(
    '/supervisor/calls/:callId/move',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Move a waiting call to another queue, or give it to a named agent who is ready',
        description:
          'A moved call keeps its arrival time: it takes its place in the new queue by how long ' +
          'the caller has waited. Given to an agent, it is offered to them now (409 unless they ' +
          'are ready with their phone and console).',
        params: MoveCallParams,
        body: MoveCallBody,
        response: { 200: MovedCall, ...errors(400, 404, 409) },
      },
    },
    async (request) => {
      const { callId } = request.params;
      const fromQueueId = app.acd.callQueue(callId);
      if (!fromQueueId) throw new NotFoundError('call in a queue', callId);
      if (app.acd.callPhase(callId) !== 'waiting')
        throw new ConflictError(`call ${callId} is no longer waiting (it is offered to or with an agent)`);
      const fromQueue = app.agentDirectory.queue(fromQueueId)?.name ?? fromQueueId;
      const body = request.body;
      if ('queue' in body) {
        const queue = app.agentDirectory.queueByName(body.queue);
        if (!queue) throw new NotFoundError('queue', body.queue);
        const result = app.acd.moveWaiting(callId, queue.id);
        if (result === 'closed') throw new ConflictError(`queue ${body.queue} is disabled`);
        if (result === 'unknown_queue') throw new NotFoundError('queue', body.queue);
        if (result === 'not_waiting') throw new ConflictError(`call ${callId} is no longer waiting`);
        await audit(request.user.id, {
          action: 'call.move',
          entity: 'call',
          entityId: callId,
          summary: `${request.user.username} moved call ${callId} from ${fromQueue} to ${body.queue}`,
          before: { queue: fromQueue },
          after: { queue: body.queue },
        });
      } else {
        const agent = app.agentDirectory.agentByExtension(body.agent);
        if (!agent) throw new NotFoundError('agent', body.agent);
        const result = app.acd.giveTo(callId, agent.id);
        if (result === 'agent_unavailable')
          throw new ConflictError(
            `agent ${body.agent} cannot take the call now (${app.acd.agentStatus(agent.id) ?? 'unknown'}; ` +
              'needs ready with phone and console)',
          );
        if (result === 'not_waiting') throw new ConflictError(`call ${callId} is no longer waiting`);
        await audit(request.user.id, {
          action: 'call.give',
          entity: 'call',
          entityId: callId,
          summary: `${request.user.username} gave call ${callId} (${fromQueue}) to ${body.agent}`,
          before: { queue: fromQueue, agent: null },
          after: { queue: fromQueue, agent: body.agent },
        });
      }
      const queueId = app.acd.callQueue(callId) ?? fromQueueId;
      const agentId = app.acd.callAgent(callId);
      return {
        callId,
        queue: app.agentDirectory.queue(queueId)?.name ?? queueId,
        agent: agentId ? (app.agentDirectory.agent(agentId)?.extension ?? null) : null,
        phase: app.acd.callPhase(callId) ?? 'waiting',
      };
    },
  );
};

export default supervisorActions;
