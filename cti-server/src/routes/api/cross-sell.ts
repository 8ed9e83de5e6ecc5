import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  CrossSellReportQuery,
  CrossSellReportRow,
  MatchBody,
  MatchResult,
  NewRuleBody,
  OfferOutcomeBody,
  OfferParams,
  OfferRecordView,
  OfferView,
  OffersQuery,
  ProductView,
  RuleListQuery,
  RulePatchBody,
  RuleView,
} from '../../schemas/cross-sell.js';
import {
  createRule,
  crossSellReport,
  listProducts,
  listRules,
  matchCustomers,
  offersForCustomer,
  recordOffer,
  updateRule,
} from '../../services/console/cross-sell-service.js';

/** Cross-sell: offers for the customer on the line, their outcomes, rules and conversion. */
const crossSell: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('agent', 'supervisor', 'admin');
  const rulesRead = app.authorize('marketing', 'supervisor', 'admin');
  const rulesWrite = app.authorize('marketing', 'admin');
  const productsRead = app.authorize('marketing', 'supervisor', 'admin', 'agent');
  const tags = ['cross-sell'];

  app.get(
    '/customers/:id/offers',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "Offers for this customer now, highest priority first; with callId, a running offer experiment keeps only the call's variant",
        params: IdParams,
        querystring: OffersQuery,
        response: { 200: Type.Array(OfferView), ...errors(404) },
      },
    },
    async (request) =>
      offersForCustomer(app.db, request.params.id, {
        lang: request.query.lang,
        callId: request.query.callId,
      }),
  );

  app.post(
    '/customers/:id/offers/:ruleId',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Record that an offer was made, accepted or declined',
        params: OfferParams,
        body: OfferOutcomeBody,
        response: { 201: OfferRecordView, ...errors(404) },
      },
    },
    async (request, reply) => {
      const offer = await recordOffer(app.db, {
        customerId: request.params.id,
        ruleId: request.params.ruleId,
        outcome: request.body.outcome,
        callId: request.body.callId,
        agentId: request.user.agentId,
      });
      return reply.status(201).send(offer);
    },
  );

  app.get(
    '/reports/cross-sell',
    {
      onRequest: rulesRead,
      schema: {
        tags,
        summary: 'Per rule: offered, accepted, declined and conversion (accepted / answered)',
        querystring: CrossSellReportQuery,
        response: { 200: Type.Array(CrossSellReportRow), ...errors() },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return crossSellReport(app.db, {
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
    },
  );

  app.get(
    '/cross-sell-rules',
    {
      onRequest: rulesRead,
      schema: {
        tags,
        summary: 'Cross-sell rules, highest priority first',
        querystring: RuleListQuery,
        response: { 200: Type.Array(RuleView), ...errors() },
      },
    },
    async (request) => listRules(app.db, request.query.active),
  );

  app.post(
    '/cross-sell-rules/match',
    {
      onRequest: rulesRead,
      schema: {
        tags,
        summary:
          'How many customers these conditions select (counted in the database) and the top 10 by VIP tier',
        body: MatchBody,
        response: { 200: MatchResult, ...errors() },
      },
    },
    async (request) => matchCustomers(app.db, request.body),
  );

  app.get(
    '/products',
    {
      onRequest: productsRead,
      schema: {
        tags,
        summary: 'Products a cross-sell rule can offer or name, active first',
        response: { 200: Type.Array(ProductView), ...errors() },
      },
    },
    async () => listProducts(app.db),
  );

  app.post(
    '/cross-sell-rules',
    {
      onRequest: rulesWrite,
      schema: {
        tags,
        summary: 'Create a cross-sell rule (audited)',
        body: NewRuleBody,
        response: { 201: RuleView, ...errors(404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createRule(app.db, request.body, request.user)),
  );

  app.patch(
    '/cross-sell-rules/:id',
    {
      onRequest: rulesWrite,
      schema: {
        tags,
        summary: 'Change a cross-sell rule (audited)',
        params: IdParams,
        body: RulePatchBody,
        response: { 200: RuleView, ...errors(404) },
      },
    },
    async (request) => updateRule(app.db, request.params.id, request.body, request.user),
  );
};

export default crossSell;
