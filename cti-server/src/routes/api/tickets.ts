import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  NewTicketBody,
  TicketDetail,
  TicketListQuery,
  TicketPatchBody,
  TicketView,
} from '../../schemas/tickets.js';
import { createTicket, getTicket, listTickets, updateTicket } from '../../services/crm/ticket-service.js';

const tickets: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('agent', 'supervisor', 'admin');
  const tags = ['tickets'];

  app.get(
    '/tickets',
    {
      onRequest: staff,
      schema: { tags, querystring: TicketListQuery, response: { 200: Type.Array(TicketView), ...errors() } },
    },
    async (request) => listTickets(app.db, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/tickets/:id',
    { onRequest: staff, schema: { tags, params: IdParams, response: { 200: TicketDetail, ...errors(404) } } },
    async (request) => getTicket(app.db, request.params.id),
  );

  app.post(
    '/tickets',
    {
      onRequest: staff,
      schema: { tags, body: NewTicketBody, response: { 201: TicketView, ...errors(404) } },
    },
    async (request, reply) =>
      reply.status(201).send(await createTicket(app.db, request.body, request.user.id)),
  );

  app.patch(
    '/tickets/:id',
    {
      onRequest: staff,
      schema: {
        tags,
        params: IdParams,
        body: TicketPatchBody,
        response: { 200: TicketView, ...errors(404) },
      },
    },
    async (request) => updateTicket(app.db, request.params.id, request.body, request.user.id),
  );
};

export default tickets;
