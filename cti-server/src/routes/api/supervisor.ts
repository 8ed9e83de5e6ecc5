import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { ExtensionParams } from '../../schemas/agents.js';
import { errors } from '../../schemas/common.js';
import {
  AgentDay,
  AgentDayQuery,
  SupervisionSettingsPatch,
  SupervisionSettingsView,
  SupervisorBoardSchema,
} from '../../schemas/supervisor.js';
import { isCalendarDate } from '../../services/admin/line-rules.js';
import { agentDay } from '../../services/supervision/agent-day.js';
import {
  SUPERVISION_KEY,
  saveSupervisionSettings,
  type SupervisionSettings,
} from '../../services/supervision/supervision-settings.js';

/**
 * The supervisor workspace's reads — the whole board, an agent's day — and supervision's
 * settings. Supervisors and admins only; agents and marketing get 403.
 */
const supervisor: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['supervisor'];

  app.get(
    '/supervisor/board',
    { onRequest: staff, schema: { tags, response: { 200: SupervisorBoardSchema, ...errors() } } },
    async () => app.supervision.board(),
  );

  app.get(
    '/supervisor/agents/:ext/day',
    {
      onRequest: staff,
      schema: {
        tags,
        params: ExtensionParams,
        querystring: AgentDayQuery,
        response: { 200: AgentDay, ...errors(404) },
      },
    },
    async (request) => {
      const agent = app.agentDirectory.agentByExtension(request.params.ext);
      if (!agent) throw new NotFoundError('agent', request.params.ext);
      const { date } = request.query;
      if (date !== undefined && !isCalendarDate(date))
        throw new BadRequestError(`${date} is not a calendar date`, 'INVALID_DATE');
      // Today's calls and states may still be on their way to the database.
      await Promise.all([app.agentStateLog.flush(), app.acdRoutingLog.flush()]);
      return agentDay(app.db, agent, date, app.supervision.settings().timeZone, app.acdSettings.clock.now());
    },
  );

  app.get(
    '/supervisor/settings',
    { onRequest: staff, schema: { tags, response: { 200: SupervisionSettingsView, ...errors() } } },
    async () => app.supervision.settings(),
  );

  app.put(
    '/supervisor/settings',
    {
      onRequest: staff,
      schema: {
        tags,
        body: SupervisionSettingsPatch,
        response: { 200: SupervisionSettingsView, ...errors() },
      },
    },
    async (request) => {
      const current = app.supervision.settings();
      const { alerts, ...rest } = request.body;
      const next: SupervisionSettings = { ...current, ...rest, alerts: { ...current.alerts, ...alerts } };
      const saved = await saveSupervisionSettings(app.db, { id: request.user.id }, next);
      // Every copy re-reads it (this server's board counts today again with the new thresholds).
      await app.configChanges.publish({ kind: 'setting', key: SUPERVISION_KEY });
      return saved;
    },
  );
};

export default supervisor;
