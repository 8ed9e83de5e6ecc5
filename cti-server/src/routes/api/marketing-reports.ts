import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Slot (issue 16): filled by the experiments / conversion slice. */
const routes: FastifyPluginAsyncTypebox = async () => {};

export default routes;
