import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** The supervisor workspace's reads: the board, an agent's day. (Issue 15: being built.) */
const supervisor: FastifyPluginAsyncTypebox = async () => {};

export default supervisor;
