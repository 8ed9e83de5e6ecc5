import type { FastifyPluginAsync } from 'fastify';
import callIvrPath from './call-ivr-path.js';
import callbacks from './callbacks.js';
import consoleConfig from './console-config.js';
import crossSell from './cross-sell.js';
import reorder from './reorder.js';
import scripts from './scripts.js';
import wrapUp from './wrap-up.js';

/** The agent console's working API beyond customers and tickets (issue #7), registered as one. */
const agentConsole: FastifyPluginAsync = async (api) => {
  await api.register(consoleConfig);
  await api.register(scripts);
  await api.register(crossSell);
  await api.register(reorder);
  await api.register(wrapUp);
  await api.register(callIvrPath);
  await api.register(callbacks);
};

export default agentConsole;
