import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../schemas/common.js';
import {
  ConversionCsvQuery,
  ConversionQuery,
  ConversionReport,
  CustomerAnalytics,
  ScriptBindingTargets,
} from '../../schemas/marketing-reports.js';
import { loadSupervisionSettings } from '../../services/supervision/supervision-settings.js';
import {
  conversionCsv,
  conversionRange,
  conversionReport,
} from '../../services/marketing/conversion-report.js';
import { customerAnalytics } from '../../services/reports/customer-analytics.js';

/** Conversion dashboards (issue 16): per script version and per rule over a date range; CSV export. */
const marketingReports: FastifyPluginAsyncTypebox = async (app) => {
  const read = app.authorize('marketing', 'supervisor', 'admin');
  const tags = ['marketing'];

  app.get(
    '/reports/customers',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary:
          'Customer analytics over a range: lifecycle funnel, stuck customers, quadrants and their moves, gold customers, complaints, sales by follow-ups',
        querystring: ConversionQuery,
        response: { 200: CustomerAnalytics, ...errors() },
      },
    },
    async (request) => {
      const { timeZone } = await loadSupervisionSettings(app.db);
      const { from, to } = conversionRange(request.query, timeZone);
      // The range's end is inclusive there; the analytics take [from, to).
      return customerAnalytics(app.db, { from, to: new Date(to.getTime() + 1) });
    },
  );

  app.get(
    '/marketing/binding-targets',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'The lines and queues a call script can be bound to',
        response: { 200: ScriptBindingTargets, ...errors() },
      },
    },
    async () => ({
      lines: await app.db.line.findMany({
        select: { id: true, dnis: true, name: true },
        orderBy: { dnis: 'asc' },
      }),
      queues: await app.db.queue.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    }),
  );

  app.get(
    '/marketing/conversion',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Conversion per script version and per cross-sell rule, with a series per local day',
        querystring: ConversionQuery,
        response: { 200: ConversionReport, ...errors() },
      },
    },
    async (request) => conversionReport(app.db, request.query),
  );

  app.get(
    '/marketing/conversion.csv',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'The same figures as CSV (UTF-8 with BOM), one row per script version (of=scripts) or rule (of=rules)',
        querystring: ConversionCsvQuery,
        produces: ['text/csv'],
        response: {
          200: {
            description: 'the CSV as an attachment',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...errors(),
        },
      },
    },
    async (request, reply) => {
      const { of, ...range } = request.query;
      const report = await conversionReport(app.db, range);
      const span = `${report.days[0] ?? ''}_${report.days.at(-1) ?? ''}`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="conversion-${of}-${span}.csv"`)
        .send(conversionCsv(report, of));
    },
  );
};

export default marketingReports;
