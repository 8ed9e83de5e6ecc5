import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** What a supervisor does to the floor: move a waiting call, force an agent's state. (Issue 15: being built.) */
const supervisorActions: FastifyPluginAsyncTypebox = async () => {};

export default supervisorActions;
