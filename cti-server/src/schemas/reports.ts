import { Type } from 'typebox';
import { DateTime, Id, Nullable } from './common.js';

const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2026-12-03' });

/** 15, 30 or 60 minutes, or one interval per local day. */
export const IntervalSizeParam = Type.Union(
  [Type.Literal('15'), Type.Literal('30'), Type.Literal('60'), Type.Literal('day')],
  { default: '15' },
);

export const QueueIntervalsQuery = Type.Object({
  /** First local day (centre's time zone), included. */
  from: CalendarDate,
  /** Last local day, included; at most 31 days after `from`. */
  to: CalendarDate,
  size: IntervalSizeParam,
  queueId: Type.Optional(Id),
  /** Only the calls that came in on this line. */
  lineId: Type.Optional(Id),
});

/** The wallboard's figures (metric-definitions.ts `figures()`, docs/METRICS.md). */
export const QueueFigures = Type.Object({
  offered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  shortAbandoned: Type.Integer(),
  overflowed: Type.Integer(),
  handled: Type.Integer(),
  /** answered within the queue's threshold / (answered + abandoned − short); null with nothing to count. */
  serviceLevel: Nullable(Type.Number()),
  asaMs: Nullable(Type.Number()),
  /** (talk + hold + wrap-up) / handled. */
  ahtMs: Nullable(Type.Number()),
  /** (abandoned − short) / (answered + abandoned − short). */
  abandonRate: Nullable(Type.Number()),
  /** The longest wait of a call that left the queue (answered, abandoned or overflowed). */
  longestWaitMs: Nullable(Type.Number()),
  /** Calls overflowed to a callback request. */
  callbacks: Type.Integer(),
});

export const QueueInterval = Type.Object({
  start: DateTime,
  /** The local day the interval belongs to, YYYY-MM-DD. */
  day: Type.String(),
  figures: QueueFigures,
});

export const QueueIntervalsReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  size: IntervalSizeParam,
  queues: Type.Array(
    Type.Object({
      queueId: Type.String(),
      name: Type.String(),
      displayName: Type.String(),
      total: QueueFigures,
      /** Only intervals where something was counted, oldest first. */
      intervals: Type.Array(QueueInterval),
    }),
  ),
});

/** What the reports can be filtered by (GET /api/reports/dimensions). */
export const ReportDimensions = Type.Object({
  queues: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() })),
  lines: Type.Array(Type.Object({ id: Type.String(), dnis: Type.String(), name: Type.String() })),
  teams: Type.Array(Type.String()),
  agents: Type.Array(
    Type.Object({
      id: Type.String(),
      extension: Type.String(),
      displayName: Type.String(),
      team: Nullable(Type.String()),
    }),
  ),
});

export const AgentPerformanceQuery = Type.Object({
  /** First local day, included. */
  from: CalendarDate,
  /** Last local day, included; at most 31 days after `from`. */
  to: CalendarDate,
  agentId: Type.Optional(Id),
  team: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

/** One agent over the range (docs/METRICS.md, "Agent performance"). */
export const AgentPerformanceRow = Type.Object({
  agentId: Type.String(),
  extension: Type.String(),
  displayName: Type.String(),
  team: Nullable(Type.String()),
  handled: Type.Integer(),
  /** (talk + hold + wrap-up) / handled. */
  ahtMs: Nullable(Type.Number()),
  /** Average talk, hold and wrap-up per handled call. */
  talkMs: Nullable(Type.Number()),
  holdMs: Nullable(Type.Number()),
  wrapMs: Nullable(Type.Number()),
  loggedInMs: Type.Number(),
  notReadyMs: Type.Number(),
  busyMs: Type.Number(),
  notReadyByReason: Type.Record(Type.String(), Type.Number()),
  /** busy / (logged in − not ready). */
  occupancy: Nullable(Type.Number()),
  /** busy / logged in. */
  utilisation: Nullable(Type.Number()),
  ringNoAnswer: Type.Integer(),
  transfers: Type.Integer(),
  dispositions: Type.Record(Type.String(), Type.Integer()),
  followUpsCreated: Type.Integer(),
  followUpsDone: Type.Integer(),
});

export const AgentPerformanceReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  agents: Type.Array(AgentPerformanceRow),
});

export const LinesIvrQuery = Type.Object({
  /** First local day, included. */
  from: CalendarDate,
  /** Last local day, included; at most 31 days after `from`. */
  to: CalendarDate,
  lineId: Type.Optional(Id),
});

const Count = Type.Integer({ minimum: 0 });

/** One line over the range (docs/METRICS.md, "Lines and IVR"). */
export const LineIvrFigures = Type.Object({
  lineId: Type.String(),
  dnis: Type.String(),
  name: Type.String(),
  flowId: Nullable(Type.String()),
  calls: Count,
  ivrCalls: Count,
  /** IVR calls by how the IVR ended. */
  ends: Type.Object({
    queue: Count,
    voicemail: Count,
    callback: Count,
    hangup: Count,
    transfer: Count,
    abandoned: Count,
    failed: Count,
  }),
  /** (voicemail + callback + hangup) / IVR calls: ended in self-service. */
  containment: Nullable(Type.Number()),
  queued: Count,
  meanIvrMs: Nullable(Type.Number()),
  medianIvrMs: Nullable(Type.Number()),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      type: Type.String(),
      entered: Count,
      dropped: Count,
      /** Next step → callers. */
      next: Type.Record(Type.String(), Count),
      /** How callers left the step (the IVR's result, e.g. `choice:1`) → callers. */
      exits: Type.Record(Type.String(), Count),
      meanMs: Nullable(Type.Number()),
    }),
  ),
  graph: Nullable(
    Type.Object({
      start: Type.String(),
      nodes: Type.Array(
        Type.Object({
          id: Type.String(),
          type: Type.String(),
          label: Type.String(),
          start: Type.Optional(Type.Boolean()),
          final: Type.Optional(Type.Boolean()),
        }),
      ),
      edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), label: Type.String() })),
    }),
  ),
});

export const LinesIvrReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  lines: Type.Array(LineIvrFigures),
});
