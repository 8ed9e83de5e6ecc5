import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { errors } from '../../schemas/common.js';
import {
  AgentPerformanceQuery,
  AgentPerformanceReport,
  LinesIvrQuery,
  LinesIvrReport,
  QueueIntervalsQuery,
  QueueIntervalsReport,
  ReportDimensions,
} from '../../schemas/reports.js';
import { agentPerformanceReport, agentPerformanceTable } from '../../services/reports/agent-performance.js';
import { linesIvrReport, linesIvrTable } from '../../services/reports/lines-ivr.js';
import type { IntervalSize } from '../../services/reports/interval-merge.js';
import { queueIntervalsReport, queueIntervalsTable } from '../../services/reports/queue-intervals.js';
import { registerReportExports } from './report-exports.js';

/** The supervisor's reports (issue 17): figures over past days, by the wallboard's definitions. */
const reports: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.authorize('supervisor', 'admin');
  const tags = ['reports'];

  const report = async (query: {
    from: string;
    to: string;
    size: '15' | '30' | '60' | 'day';
    queueId?: string;
    lineId?: string;
  }) => {
    // Today's last calls and states may still be on their way to the database.
    await Promise.all([app.agentStateLog.flush(), app.acdRoutingLog.flush()]);
    const { timeZone, shortAbandonSeconds } = app.supervision.settings();
    const size: IntervalSize = query.size === 'day' ? 'day' : (Number(query.size) as 15 | 30 | 60);
    return queueIntervalsReport(app.db, { ...query, size }, { timeZone, shortAbandonSeconds });
  };

  app.get(
    '/reports/queue-intervals',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "Per queue and interval (15/30/60 minutes or day, in the centre's time zone): offered, answered, abandoned, short abandons, overflows, handled, service level, ASA, AHT, abandon rate, and a total per queue",
        querystring: QueueIntervalsQuery,
        response: { 200: QueueIntervalsReport, ...errors() },
      },
    },
    async (request) => ({ ...(await report(request.query)), size: request.query.size }),
  );

  app.get(
    '/reports/dimensions',
    {
      onRequest: staff,
      schema: {
        tags,
        summary: 'What the reports filter by: the queues, the lines, the teams and the agents',
        response: { 200: ReportDimensions, ...errors() },
      },
    },
    async () => {
      const [queues, lines, agents] = await Promise.all([
        app.db.queue.findMany({
          select: { id: true, name: true, displayName: true },
          orderBy: { name: 'asc' },
        }),
        app.db.line.findMany({ select: { id: true, dnis: true, name: true }, orderBy: { dnis: 'asc' } }),
        app.db.agent.findMany({
          where: { skills: { some: {} } },
          select: { id: true, extension: true, team: true, user: { select: { displayName: true } } },
          orderBy: { extension: 'asc' },
        }),
      ]);
      const teams = [...new Set(agents.flatMap((a) => (a.team ? [a.team] : [])))].sort();
      return {
        queues,
        lines,
        teams,
        agents: agents.map(({ user, ...a }) => ({ ...a, displayName: user.displayName })),
      };
    },
  );

  registerReportExports(app, {
    path: '/reports/queue-intervals',
    describe: 'a row per queue and interval, then a total row per queue',
    querystring: QueueIntervalsQuery,
    onRequest: staff,
    tags,
    table: async (query: Static<typeof QueueIntervalsQuery>) => queueIntervalsTable(await report(query)),
    fileName: ({ from, to, size }) => `queue-intervals-${from}_${to}-${size}`,
  });

  const agentReport = async (query: Static<typeof AgentPerformanceQuery>) => {
    await Promise.all([app.agentStateLog.flush(), app.acdRoutingLog.flush()]);
    const { timeZone, shortAbandonSeconds } = app.supervision.settings();
    return agentPerformanceReport(app.db, query, { timeZone, shortAbandonSeconds });
  };

  app.get(
    '/reports/agents',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          'Per agent over local days: handled, AHT and its parts, logged-in, not-ready (by reason) and busy time, occupancy, utilisation, ring-no-answer, transfers, dispositions, follow-ups created and done',
        querystring: AgentPerformanceQuery,
        response: { 200: AgentPerformanceReport, ...errors() },
      },
    },
    async (request) => agentReport(request.query),
  );

  registerReportExports(app, {
    path: '/reports/agents',
    describe: 'a row per agent, a column per not-ready reason and per disposition',
    querystring: AgentPerformanceQuery,
    onRequest: staff,
    tags,
    table: async (query: Static<typeof AgentPerformanceQuery>) =>
      agentPerformanceTable(await agentReport(query)),
    fileName: ({ from, to }) => `agent-performance-${from}_${to}`,
  });

  const linesReport = async (query: Static<typeof LinesIvrQuery>) => {
    return linesIvrReport(app.db, app.ivrFlows.registry, query, {
      timeZone: app.supervision.settings().timeZone,
    });
  };

  app.get(
    '/reports/lines',
    {
      onRequest: staff,
      schema: {
        tags,
        summary:
          "Per line over local days: calls, IVR calls by how the IVR ended, containment (self-service), calls queued, time in the IVR; per step of the line's flow: entered, next steps, hung up there, time at the step; with the flow's graph",
        querystring: LinesIvrQuery,
        response: { 200: LinesIvrReport, ...errors() },
      },
    },
    async (request) => linesReport(request.query),
  );

  registerReportExports(app, {
    path: '/reports/lines',
    describe: 'a row per line, then a row per line and IVR step',
    querystring: LinesIvrQuery,
    onRequest: staff,
    tags,
    table: async (query: Static<typeof LinesIvrQuery>) => linesIvrTable(await linesReport(query)),
    fileName: ({ from, to }) => `lines-ivr-${from}_${to}`,
  });
};

export default reports;
