import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

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
};
export default health;
