import fp from 'fastify-plugin';
import { localConfigChanges, type ConfigChanges } from '../../services/config/config-changes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Publish after committing a configuration change; whatever keeps a copy in memory (ACD
     * queues, line caches, reason codes) subscribes and re-reads it (services/config).
     */
    configChanges: ConfigChanges;
  }
}

export default fp(
  async (app) => {
    app.decorate(
      'configChanges',
      localConfigChanges((err, change) =>
        app.log.error({ err, change }, 'applying a configuration change failed'),
      ),
    );
  },
  { name: 'config-changes' },
);
