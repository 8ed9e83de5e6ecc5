import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { hasRole, type AuthUser } from '../../services/auth/auth-user.js';
import { errors } from '../../schemas/common.js';
import {
  AgentView,
  ExtensionParams,
  StateChangeBody,
  StateHistoryEntry,
  StateHistoryQuery,
  WrapUpBody,
} from '../../schemas/agents.js';
import { agentView } from '../../services/routing/acd-views.js';
import { changeAgentState } from '../../services/routing/agent-state-change.js';
import type { DirectoryAgent } from '../../services/routing/agent-directory.js';

const isSupervisor = (user: AuthUser) => hasRole(user, 'supervisor', 'admin');

/** Agent state in the ACD. An agent sees and changes only themself; supervisors and admins anyone. */
const agents: FastifyPluginAsyncTypebox = async (app) => {
  const allowed = app.authorize('agent', 'supervisor', 'admin');
  const tags = ['agents'];
  const now = () => app.acdSettings.clock.now();

  /** The agent behind `:ext`, if the caller may act on them (404 before 403). */
  const target = (user: AuthUser, ext: string): DirectoryAgent => {
    const agent = app.agentDirectory.agentByExtension(ext);
    if (!agent) throw new NotFoundError('agent', ext);
    if (!isSupervisor(user) && user.agentId !== agent.id) {
      throw new ForbiddenError('agents can see and change only their own state');
    }
    return agent;
  };

  app.get(
    '/agents',
    { onRequest: allowed, schema: { tags, response: { 200: Type.Array(AgentView), ...errors() } } },
    async (request) => {
      const list = isSupervisor(request.user)
        ? app.agentDirectory.agents()
        : app.agentDirectory.agents().filter((a) => a.id === request.user.agentId);
      const at = now();
      return list.map((a) => agentView(app.acd, a, at));
    },
  );

  app.get(
    '/agents/:ext',
    {
      onRequest: allowed,
      schema: { tags, params: ExtensionParams, response: { 200: AgentView, ...errors(404) } },
    },
    async (request) => agentView(app.acd, target(request.user, request.params.ext), now()),
  );

  app.put(
    '/agents/:ext/state',
    {
      onRequest: allowed,
      schema: {
        tags,
        summary: 'Set ready / not ready (with a reason) / logged out; the first ready or not ready logs in',
        params: ExtensionParams,
        body: StateChangeBody,
        response: { 200: AgentView, ...errors(404, 409) },
      },
    },
    async (request) => {
      const agent = target(request.user, request.params.ext);
      const { state, reason } = request.body;
      changeAgentState(
        app.acd,
        {
          agentId: agent.id,
          extension: agent.extension,
          to: state,
          reason,
          actorUserId: request.user.id,
          override: isSupervisor(request.user) && request.user.agentId !== agent.id,
        },
        app.acdSettings.notReadyReasons,
      );
      return agentView(app.acd, agent, now());
    },
  );

  app.put(
    '/agents/:ext/wrap-up',
    {
      onRequest: allowed,
      schema: {
        tags,
        summary: 'During wrap-up: give the disposition and/or ask for more time',
        params: ExtensionParams,
        body: WrapUpBody,
        response: { 200: AgentView, ...errors(404, 409) },
      },
    },
    async (request) => {
      const agent = target(request.user, request.params.ext);
      const ctx = app.acd.agentContext(agent.id);
      if (ctx?.status !== 'wrap_up') {
        throw new ConflictError(`agent ${agent.extension} is not in wrap-up (state: ${ctx?.status})`);
      }
      const { disposition, extendSeconds } = request.body;
      const callId = ctx.callId;
      // Extend first: a disposition given after the timer ran out ends wrap-up at once.
      if (extendSeconds !== undefined && !app.acd.extendWrapUp(agent.id, extendSeconds)) {
        throw new ConflictError(`agent ${agent.extension} cannot extend wrap-up now`);
      }
      if (disposition !== undefined) {
        if (!app.acd.setDisposition(agent.id, disposition)) {
          throw new ConflictError(`agent ${agent.extension} cannot set a disposition now`);
        }
        if (callId) {
          await app.db.interaction.updateMany({
            where: { callId, agentId: agent.id },
            data: { disposition },
          });
        }
      }
      return agentView(app.acd, agent, now());
    },
  );

  app.get(
    '/agents/:ext/states',
    {
      onRequest: allowed,
      schema: {
        tags,
        summary: 'Stored state transitions, newest first',
        params: ExtensionParams,
        querystring: StateHistoryQuery,
        response: { 200: Type.Array(StateHistoryEntry), ...errors(404) },
      },
    },
    async (request) => {
      const agent = target(request.user, request.params.ext);
      return app.agentStateLog.history(agent.id, request.query.limit ?? 50);
    },
  );
};

export default agents;
