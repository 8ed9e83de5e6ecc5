import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, OpenObject, errors } from '../../schemas/common.js';
import {
  CreatedCustomer,
  Customer360,
  CustomerPatchBody,
  CustomerSummary,
  LifecycleBody,
  LifecycleResponse,
  LookupQuery,
  LookupResponse,
  NewCustomerBody,
  SearchQuery,
  StuckQuery,
} from '../../schemas/customers.js';
import {
  changeLifecycleStage,
  createCustomer,
  customer360,
  lookupByPhone,
  searchCustomers,
  stuckCustomers,
  updateCustomer,
} from '../../services/crm/customer-service.js';
import { ForbiddenError } from '../../errors.js';
import { isAgentOnly } from '../../services/auth/auth-user.js';

export interface CustomerRoutesOptions {
  phoneRegion: string;
}

const customers: FastifyPluginAsyncTypebox<CustomerRoutesOptions> = async (app, opts) => {
  const read = app.authorize('agent', 'supervisor', 'admin', 'marketing');
  const write = app.authorize('agent', 'supervisor', 'admin');
  const tags = ['customers'];

  app.get(
    '/customers/lookup',
    {
      onRequest: read,
      schema: { tags, querystring: LookupQuery, response: { 200: LookupResponse, ...errors() } },
    },
    async (request) => lookupByPhone(app.db, request.query.phone, opts.phoneRegion),
  );

  app.get(
    '/customers',
    {
      onRequest: read,
      schema: { tags, querystring: SearchQuery, response: { 200: Type.Array(CustomerSummary), ...errors() } },
    },
    async (request) => searchCustomers(app.db, request.query.q, request.query.limit ?? 20, opts.phoneRegion),
  );

  app.get(
    '/customers/stuck',
    {
      onRequest: app.authorize('agent', 'supervisor', 'admin'),
      schema: { tags, querystring: StuckQuery, response: { 200: Type.Array(OpenObject), ...errors() } },
    },
    async (request) => {
      // Each owner sees their own stuck prospects; supervisors may look at anyone's or all.
      const me = request.user;
      const owner = request.query.owner;
      if (isAgentOnly(me) && owner && owner !== me.id)
        throw new ForbiddenError('agents see only their own customers');
      const ownerId = isAgentOnly(me) ? me.id : owner;
      return stuckCustomers(app.db, { ownerId, limit: request.query.limit });
    },
  );

  app.get(
    '/customers/:id',
    { onRequest: read, schema: { tags, params: IdParams, response: { 200: Customer360, ...errors(404) } } },
    async (request) => customer360(app.db, request.params.id),
  );

  app.post(
    '/customers',
    {
      onRequest: write,
      schema: { tags, body: NewCustomerBody, response: { 201: CreatedCustomer, ...errors() } },
    },
    async (request, reply) => {
      const created = await createCustomer(app.db, request.body, request.user.id, opts.phoneRegion);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/customers/:id',
    {
      onRequest: write,
      schema: {
        tags,
        params: IdParams,
        body: CustomerPatchBody,
        response: { 200: OpenObject, ...errors(404) },
      },
    },
    async (request) => updateCustomer(app.db, request.params.id, request.body, request.user.id),
  );

  app.post(
    '/customers/:id/lifecycle',
    {
      onRequest: write,
      schema: {
        tags,
        params: IdParams,
        body: LifecycleBody,
        response: { 200: LifecycleResponse, ...errors(404) },
      },
    },
    async (request) =>
      changeLifecycleStage(
        app.db,
        request.params.id,
        request.body.stage,
        request.body.reason,
        request.user.id,
      ),
  );
};

export default customers;
