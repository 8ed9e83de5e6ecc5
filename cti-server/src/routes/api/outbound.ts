import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { systemClock, type Clock } from '../../clock/index.js';
import { IdParams, errors } from '../../schemas/common.js';
import {
  AgentOutboundBody,
  AgentOutboundView,
  DialRulePatchBody,
  DialRuleView,
  DialRulesQuery,
  ExtensionParams,
  NewDialRuleBody,
  OutboundCheckBody,
  OutboundCheckResult,
  RefusalView,
  RefusalsQuery,
  TrunkNameParams,
  TrunkOutboundBody,
  TrunkOutboundView,
} from '../../schemas/outbound.js';
import {
  createDialRule,
  deleteDialRule,
  listAgentOutbound,
  listDialRules,
  listRefusals,
  listTrunkOutbound,
  setAgentOutbound,
  setTrunkOutbound,
  updateDialRule,
} from '../../services/outbound/outbound-config.js';
import { checkOutboundNumber } from '../../services/outbound/outbound-check.js';
import { DEFAULT_OUTBOUND_POLICY, type OutboundPolicySettings } from '../../call/outbound-policy.js';

export interface OutboundRoutesOptions {
  /** The server's clock: which clock hour "calls this hour" reads (the call path counts on it). */
  clock?: Clock;
  /** The centre's region and defaults (PHONE_DEFAULT_REGION, OUTBOUND_ALLOW_*), as call control has them. */
  policy?: OutboundPolicySettings;
}

/**
 * The outbound policy (toll-fraud guard): dial rules per agent, team or trunk, who may dial out,
 * hourly caps, and the refusals. Admins change it, supervisors read it. Every change applies to
 * the next call (the call path reads the rules and caps for each call), without a restart.
 */
const outbound: FastifyPluginAsyncTypebox<OutboundRoutesOptions> = async (app, options) => {
  const admin = app.authorize('admin');
  const readers = app.authorize('supervisor', 'admin');
  const tags = ['outbound policy'];
  const now = () => (options.clock ?? systemClock).now();
  const policy = options.policy ?? { ...DEFAULT_OUTBOUND_POLICY, region: 'CN' };

  app.get(
    '/outbound/rules',
    {
      onRequest: readers,
      schema: { tags, querystring: DialRulesQuery, response: { 200: Type.Array(DialRuleView), ...errors() } },
    },
    async (request) => listDialRules(app.db, request.query),
  );

  app.post(
    '/outbound/rules',
    {
      onRequest: admin,
      schema: { tags, body: NewDialRuleBody, response: { 201: DialRuleView, ...errors() } },
    },
    async (request, reply) =>
      reply.status(201).send(await createDialRule(app.db, request.user, request.body)),
  );

  app.patch(
    '/outbound/rules/:id',
    {
      onRequest: admin,
      schema: {
        tags,
        params: IdParams,
        body: DialRulePatchBody,
        response: { 200: DialRuleView, ...errors(404) },
      },
    },
    async (request) => updateDialRule(app.db, request.user, request.params.id, request.body),
  );

  app.delete(
    '/outbound/rules/:id',
    {
      onRequest: admin,
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors(404) } },
    },
    async (request, reply) => {
      await deleteDialRule(app.db, request.user, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/outbound/agents',
    { onRequest: readers, schema: { tags, response: { 200: Type.Array(AgentOutboundView), ...errors() } } },
    async () => listAgentOutbound(app.db, now()),
  );

  app.patch(
    '/outbound/agents/:extension',
    {
      onRequest: admin,
      schema: {
        tags,
        params: ExtensionParams,
        body: AgentOutboundBody,
        response: { 200: AgentOutboundView, ...errors(404) },
      },
    },
    async (request) => setAgentOutbound(app.db, request.user, request.params.extension, request.body, now()),
  );

  app.get(
    '/outbound/trunks',
    { onRequest: readers, schema: { tags, response: { 200: Type.Array(TrunkOutboundView), ...errors() } } },
    async () => listTrunkOutbound(app.db, now()),
  );

  app.patch(
    '/outbound/trunks/:name',
    {
      onRequest: admin,
      schema: {
        tags,
        params: TrunkNameParams,
        body: TrunkOutboundBody,
        response: { 200: TrunkOutboundView, ...errors(404) },
      },
    },
    async (request) =>
      setTrunkOutbound(app.db, request.user, request.params.name, request.body.callsPerHour, now()),
  );

  app.post(
    '/outbound/check',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Would this number from this agent go out? The policy decision and the rule that decided (read-only)',
        body: OutboundCheckBody,
        response: { 200: OutboundCheckResult, ...errors() },
      },
    },
    async (request) =>
      checkOutboundNumber(app.db, request.body, policy, {
        now: now(),
        loggedIn: (agentId) => {
          const status = app.acd.agentStatus(agentId);
          return status !== undefined && status !== 'logged_out';
        },
      }),
  );

  app.get(
    '/outbound/refusals',
    {
      onRequest: readers,
      schema: { tags, querystring: RefusalsQuery, response: { 200: Type.Array(RefusalView), ...errors() } },
    },
    async (request) => listRefusals(app.db, request.query),
  );
};

export default outbound;
