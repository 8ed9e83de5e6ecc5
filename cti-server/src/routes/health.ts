import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  /** Why not ready: `database`, `draining`. */
  reason: Type.Optional(Type.String()),
});

/**
 * Liveness (`/health`: the process answers and reads the database) and readiness (`/ready`:
 * send it traffic). Readiness is refused (503) when the database does not answer a trivial
 * query or, with SIP on, when call control is draining for a shutdown.
 */
const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({ status: Type.Literal('ok'), customers: Type.Integer() }) },
      },
    },
    async () => ({ status: 'ok' as const, customers: await app.db.customer.count() }),
  );

  app.get(
    '/ready',
    { schema: { hide: true, response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      try {
        await app.db.$queryRaw`SELECT 1`;
      } catch (err) {
        app.log.warn({ err }, 'readiness: database does not answer');
        return reply.status(503).send({ status: 'not_ready' as const, reason: 'database' });
      }
      // SIP transports are listening once the plugin has decorated the app (start() awaited).
      if (app.hasDecorator('sip') && app.sip.calls.isDraining) {
        return reply.status(503).send({ status: 'not_ready' as const, reason: 'draining' });
      }
      return { status: 'ready' as const };
    },
  );
};
export default health;
