import { Type } from 'typebox';
import { DateTime } from './common.js';

/** An ISO date (a whole local day in the centre's time zone) or date-time. */
const DateOrTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T.*)?$', example: '2026-12-01' });

export const ConversionQuery = Type.Object({
  /** Default: 30 days before `to`. */
  from: Type.Optional(DateOrTime),
  /** Default: now; a date means the end of that day. */
  to: Type.Optional(DateOrTime),
});

export const ConversionCsvQuery = Type.Object({
  from: Type.Optional(DateOrTime),
  to: Type.Optional(DateOrTime),
  of: Type.Union([Type.Literal('scripts'), Type.Literal('rules')]),
});

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const ScriptConversion = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  calls: Type.Integer(),
  completed: Type.Integer(),
  completionRate: Rate,
  offersMade: Type.Integer(),
  offersAccepted: Type.Integer(),
  /** Calls with an accepted offer / calls. */
  conversionRate: Rate,
  byDay: Type.Array(
    Type.Object({
      day: Type.String(),
      calls: Type.Integer(),
      completed: Type.Integer(),
      offersAccepted: Type.Integer(),
    }),
  ),
});

export const RuleConversion = Type.Object({
  ruleId: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  offered: Type.Integer(),
  accepted: Type.Integer(),
  declined: Type.Integer(),
  /** accepted / (accepted + declined); null before any answer (as /api/reports/cross-sell). */
  conversionRate: Rate,
  byDay: Type.Array(Type.Object({ day: Type.String(), offered: Type.Integer(), accepted: Type.Integer() })),
});

export const ConversionReport = Type.Object({
  from: DateTime,
  to: DateTime,
  /** YYYY-MM-DD in the centre's time zone, oldest first. */
  days: Type.Array(Type.String()),
  scripts: Type.Array(ScriptConversion),
  rules: Type.Array(RuleConversion),
});

/** What a script can be bound to, for authors who may not read the admin pages. */
export const ScriptBindingTargets = Type.Object({
  lines: Type.Array(Type.Object({ id: Type.String(), dnis: Type.String(), name: Type.String() })),
  queues: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

/** GET /api/reports/customers: customer analytics over a range (docs/METRICS.md). */
export const CustomerAnalytics = Type.Object({
  from: Type.String(),
  to: Type.String(),
  funnel: Type.Array(
    Type.Object({
      stage: Type.String(),
      current: Type.Integer(),
      entered: Type.Integer(),
      advanced: Type.Integer(),
      lost: Type.Integer(),
      conversionRate: Rate,
      medianDaysInStage: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    }),
  ),
  /** Customers lost now. */
  lost: Type.Integer(),
  stuck: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      accountNumber: Type.String(),
      stage: Type.String(),
      daysInStage: Type.Integer(),
      thresholdDays: Type.Union([Type.Integer(), Type.Null()]),
      owner: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  quadrants: Type.Object({
    current: Type.Array(
      Type.Object({ quadrant: Type.Union([Type.String(), Type.Null()]), customers: Type.Integer() }),
    ),
    moves: Type.Array(
      Type.Object({
        from: Type.Union([Type.String(), Type.Null()]),
        to: Type.Union([Type.String(), Type.Null()]),
        count: Type.Integer(),
      }),
    ),
  }),
  gold: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      accountNumber: Type.String(),
      vipTier: Type.Integer(),
      valueQuadrant: Type.Union([Type.String(), Type.Null()]),
      /** Orders not cancelled or returned in the 365 days before `to`. */
      valueCents: Type.Integer(),
      orders: Type.Integer(),
      calls: Type.Integer(),
      lastContactAt: Type.Union([Type.String(), Type.Null()]),
      openTickets: Type.Integer(),
    }),
  ),
  complaints: Type.Object({
    opened: Type.Integer(),
    closed: Type.Integer(),
    closedWithinSla: Type.Integer(),
    withinSlaRate: Rate,
  }),
  followUps: Type.Array(Type.Object({ followUps: Type.String(), sales: Type.Integer() })),
});
