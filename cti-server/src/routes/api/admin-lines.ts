import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, errors } from '../../schemas/common.js';
import {
  AdminLineList,
  AdminLineResponse,
  CalendarQuery,
  FlowIdParams,
  IvrFlowGraph,
  IvrFlowList,
  LineCalendarStatus,
  LinePatchBody,
  NewLineBody,
} from '../../schemas/admin-lines.js';
import { ivrFlowGraph, listIvrFlows } from '../../services/admin/ivr-flows.js';
import {
  createLine,
  getLine,
  lineCalendarStatus,
  listLines,
  updateLine,
} from '../../services/admin/lines.js';

/**
 * Lines (DNIS) with their business hours and holidays, and the IVR flows view (issue 14).
 * Admins write; supervisors read; agents and marketing get 403. Every write is audited and
 * published on `app.configChanges` after it committed, so the line router (DNIS → line, a
 * direct line's hours) and the IVR launcher (a flow's line calendar and language) use it for the
 * next call without a restart. Lines are never deleted: calls keep their line.
 */
const adminLines: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.authorize('admin');
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['administration'];
  const flows = () => app.ivrFlows.registry;
  const changed = (id: string) => app.configChanges.publish({ kind: 'line', id });

  app.get(
    '/admin/lines',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'Every line, with whether it is open now and why',
        response: { 200: AdminLineList, ...errors() },
      },
    },
    async () => ({ lines: await listLines(app.db, flows(), Date.now()) }),
  );

  app.get(
    '/admin/lines/:id',
    {
      onRequest: staff,
      schema: { tags, params: IdParams, response: { 200: AdminLineResponse, ...errors(404) } },
    },
    async (request) => ({ line: await getLine(app.db, request.params.id) }),
  );

  app.get(
    '/admin/lines/:id/calendar',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          '"Today we are open/closed because …": open or closed at `at` (default now), why (open, holiday, outside_hours, closed_today), the local time and the next change',
        params: IdParams,
        querystring: CalendarQuery,
        response: { 200: LineCalendarStatus, ...errors(404) },
      },
    },
    async (request) =>
      lineCalendarStatus(
        app.db,
        flows(),
        request.params.id,
        request.query.at ? Date.parse(request.query.at) : Date.now(),
      ),
  );

  app.post(
    '/admin/lines',
    {
      onRequest: admins,
      schema: {
        tags,
        summary:
          'Create a line (DNIS): its IVR flow or queue, trunk, time zone, language, hours and holidays',
        body: NewLineBody,
        response: { 201: AdminLineResponse, ...errors() },
      },
    },
    async (request, reply) => {
      const line = await createLine(app.db, flows(), request.user, request.body);
      await changed(line.id);
      return reply.status(201).send({ line });
    },
  );

  app.patch(
    '/admin/lines/:id',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Change a line; the next call to it uses the change',
        params: IdParams,
        body: LinePatchBody,
        response: { 200: AdminLineResponse, ...errors(404) },
      },
    },
    async (request) => {
      const line = await updateLine(app.db, flows(), request.user, request.params.id, request.body);
      await changed(line.id);
      return { line };
    },
  );

  app.get(
    '/admin/ivr-flows',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'The loaded IVR flows: version, the lines using each, and problems (missing or disabled queues, lines naming a flow not loaded)',
        response: { 200: IvrFlowList, ...errors() },
      },
    },
    async () => listIvrFlows(app.db, flows()),
  );

  app.get(
    '/admin/ivr-flows/:id',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: "A flow's current version and its graph (steps and exits) for a diagram",
        params: FlowIdParams,
        response: { 200: IvrFlowGraph, ...errors(404) },
      },
    },
    async (request) => ivrFlowGraph(app.db, flows(), request.params.id),
  );
};

export default adminLines;
