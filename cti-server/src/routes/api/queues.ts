import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.js';
import { errors } from '../../schemas/common.js';
import { AgentStatus, CallsView, QueueMetrics, QueueNameParams, QueueView } from '../../schemas/agents.js';
import { liveCallView, metricsSnapshotView, queueMetricsView } from '../../services/routing/acd-views.js';
import type { DirectoryQueue } from '../../services/routing/agent-directory.js';
import { writeQueueFor } from '../../services/write-queue.js';
import { isAgentOnly } from '../../services/auth/auth-user.js';

const MetricsSnapshot = Type.Object({
  at: Type.String({ format: 'date-time' }),
  queues: Type.Array(QueueMetrics),
  agents: Type.Array(
    Type.Object({
      agentId: Type.String(),
      extension: Type.String(),
      at: Type.String({ format: 'date-time' }),
      state: AgentStatus,
      reason: Type.Union([Type.String(), Type.Null()]),
      since: Type.String({ format: 'date-time' }),
      timeInStateMs: Type.Number({ minimum: 0 }),
      occupancy: Type.Number({ minimum: 0, maximum: 1 }),
      callsInWindow: Type.Integer({ minimum: 0 }),
    }),
  ),
});

/** Live queue metrics and calls from the ACD (the wallboard's data). */
const queues: FastifyPluginAsyncTypebox = async (app) => {
  const allowed = app.authorize('agent', 'supervisor', 'admin');

  const metricsOf = (queue: DirectoryQueue) => {
    const snapshot = app.acd.queueMetrics(queue.id);
    if (!snapshot) throw new NotFoundError('queue', queue.name);
    return queueMetricsView(snapshot, queue, app.acd.engine.queue(queue.id)?.serviceLevelSeconds);
  };

  app.get(
    '/queues',
    {
      onRequest: allowed,
      schema: { tags: ['queues'], response: { 200: Type.Array(QueueView), ...errors() } },
    },
    async () => app.agentDirectory.queues().map((q) => ({ ...q, metrics: metricsOf(q) })),
  );

  app.get(
    '/queues/metrics',
    {
      onRequest: allowed,
      schema: {
        tags: ['queues'],
        summary:
          'Every queue’s metrics and every agent’s state and time in state (the socket sends the same as metrics.snapshot)',
        response: { 200: MetricsSnapshot, ...errors() },
      },
    },
    async () => metricsSnapshotView(app.acd, app.agentDirectory, app.acdSettings.clock.now()),
  );

  app.get(
    '/queues/:name/metrics',
    {
      onRequest: allowed,
      schema: {
        tags: ['queues'],
        summary: 'Calls waiting, longest wait, service level, ASA, abandon rate, agents by state',
        params: QueueNameParams,
        response: { 200: QueueMetrics, ...errors(404) },
      },
    },
    async (request) => {
      const queue = app.agentDirectory.queueByName(request.params.name);
      if (!queue) throw new NotFoundError('queue', request.params.name);
      return metricsOf(queue);
    },
  );

  app.get(
    '/calls',
    {
      onRequest: allowed,
      schema: {
        tags: ['calls'],
        summary: 'Calls in the ACD now, and the 50 latest interactions; agents see their own',
        response: { 200: CallsView, ...errors() },
      },
    },
    async (request) => {
      const me = request.user;
      const own = isAgentOnly(me);
      const active = [...app.acd.liveCalls()]
        .map((callId) => liveCallView(app.acd, app.agentDirectory, callId))
        .filter((call) => !own || (me.agentId !== null && call.agentId === me.agentId));
      // Call records are written behind the calls (up to 20 ms later): store what is queued.
      await writeQueueFor(app.db).flush();
      const recent = await app.db.interaction.findMany({
        where: own ? { agentId: me.agentId ?? '-' } : {},
        orderBy: { offeredAt: 'desc' },
        take: 50,
        include: {
          customer: { select: { id: true, name: true, vipTier: true } },
          agent: { select: { extension: true } },
          queue: { select: { name: true } },
        },
      });
      return { active, recent };
    },
  );
};

export default queues;
