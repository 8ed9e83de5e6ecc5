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
