import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SYSTEM_REASONS } from '../../acd/agent-state-machine.js';
import { errors } from '../../schemas/common.js';
import { ConsoleConfig } from '../../schemas/console-config.js';
import { dispositions, languages, reasonLabels } from '../../services/console/console-settings.js';

/** What the agent console needs once after sign-in: pickers' codes and labels, wrap-up times. */
const consoleConfig: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/console/config',
    {
      onRequest: app.authorize(),
      schema: { tags: ['console'], response: { 200: ConsoleConfig, ...errors() } },
    },
    async () => {
      const [labels, codes, queues, langs] = await Promise.all([
        reasonLabels(app.db),
        dispositions(app.db),
        app.db.queue.findMany({
          select: { id: true, name: true, displayName: true, wrapUpSeconds: true, requireDisposition: true },
          orderBy: { name: 'asc' },
        }),
        languages(app.db),
      ]);
      // The codes are the ACD's (what a state change accepts); the setting only labels them.
      const system = new Set<string>(SYSTEM_REASONS);
      const notReadyReasons = app.acdSettings.notReadyReasons.map((code) => ({
        code,
        labels: labels.get(code) ?? { 'zh-CN': code, en: code },
        system: system.has(code),
      }));
      return { notReadyReasons, dispositions: codes, queues, languages: langs };
    },
  );
};

export default consoleConfig;
