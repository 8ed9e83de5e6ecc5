import { Type } from 'typebox';
import { DateTime, Nullable } from './common.js';

export const DialRuleScope = Type.Union([Type.Literal('agent'), Type.Literal('team'), Type.Literal('trunk')]);
export const DialRuleAction = Type.Union([Type.Literal('allow'), Type.Literal('deny')]);
/** The scope's target: an agent's extension, a team's name (Agent.team) or a trunk's name. */
const Target = Type.String({ minLength: 1, maxLength: 64 });
/** "+<digits>" one E.164 number, "+<digits>*" a prefix, "*" every number (checked by the route). */
const Pattern = Type.String({ minLength: 1, maxLength: 20 });
const Note = Nullable(Type.String({ maxLength: 500 }));
/** Outside calls per clock hour; null: no cap. */
const CallsPerHour = Nullable(Type.Integer({ minimum: 1, maximum: 100000 }));

export const NewDialRuleBody = Type.Object(
  {
    scope: DialRuleScope,
    target: Target,
    action: DialRuleAction,
    pattern: Pattern,
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export const DialRulePatchBody = Type.Object(
  { action: Type.Optional(DialRuleAction), pattern: Type.Optional(Pattern), note: Type.Optional(Note) },
  { additionalProperties: false, minProperties: 1 },
);
export const DialRulesQuery = Type.Object({
  scope: Type.Optional(DialRuleScope),
  target: Type.Optional(Target),
});

/** An outbound dial rule (GET/POST /api/outbound/rules, PATCH /api/outbound/rules/:id). */
export const DialRuleView = Type.Object({
  id: Type.String(),
  scope: DialRuleScope,
  /** The agent's extension, the team's name or the trunk's name. */
  target: Type.String(),
  action: DialRuleAction,
  pattern: Type.String(),
  note: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ExtensionParams = Type.Object({ extension: Type.String({ minLength: 1, maxLength: 32 }) });
export const TrunkNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

export const AgentOutboundBody = Type.Object(
  { mayDialOut: Type.Optional(Type.Boolean()), callsPerHour: Type.Optional(CallsPerHour) },
  { additionalProperties: false, minProperties: 1 },
);
export const TrunkOutboundBody = Type.Object({ callsPerHour: CallsPerHour }, { additionalProperties: false });

/** An agent's right to dial out and hourly cap (GET /api/outbound/agents, PATCH …/agents/:extension). */
export const AgentOutboundView = Type.Object({
  extension: Type.String(),
  agentId: Type.String(),
  team: Nullable(Type.String()),
  mayDialOut: Type.Boolean(),
  callsPerHour: Nullable(Type.Integer()),
  /** Outside calls counted this clock hour. */
  callsThisHour: Type.Integer(),
});

/** A trunk's hourly cap of agents' outside calls (GET /api/outbound/trunks, PATCH …/trunks/:name). */
export const TrunkOutboundView = Type.Object({
  name: Type.String(),
  trunkId: Type.String(),
  callsPerHour: Nullable(Type.Integer()),
  callsThisHour: Type.Integer(),
});

export const RefusalsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  extension: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  kind: Type.Optional(Type.Union([Type.Literal('call'), Type.Literal('transfer')])),
  trunk: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

/** A number the outbound policy refused (GET /api/outbound/refusals, newest first). */
export const RefusalView = Type.Object({
  id: Type.String(),
  at: DateTime,
  agentId: Nullable(Type.String()),
  extension: Type.String(),
  /** As dialled. */
  number: Type.String(),
  e164: Nullable(Type.String()),
  /** The contract's OutboundRefusalReason (logged_out, international, denied_by_rule…). */
  reason: Type.String(),
  kind: Type.String(),
  trunkName: Nullable(Type.String()),
  ruleId: Nullable(Type.String()),
  rulePattern: Nullable(Type.String()),
  /** The refused call's record (kind call), or the call being transferred. */
  callId: Nullable(Type.String()),
});

/** POST /api/outbound/check: would this number from this agent go out? (read-only) */
export const OutboundCheckBody = Type.Object(
  {
    /** As dialled: digits with an optional leading +; spaces, dashes, dots and brackets are ignored. */
    number: Type.String({ minLength: 1, maxLength: 40 }),
    /** The agent dialling. */
    extension: Type.String({ minLength: 1, maxLength: 32 }),
    /** The trunk it would leave through; by default the first enabled outbound trunk, as calls use. */
    trunk: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const CapUse = { callsPerHour: Nullable(Type.Integer()), callsThisHour: Type.Integer() };

/** The outbound policy's decision for a number, as the call path would take it now (nothing counted or stored). */
export const OutboundCheckResult = Type.Object({
  allowed: Type.Boolean(),
  /** The refusal reason (logged_out is never given: the agent is judged as if logged in), null when allowed. */
  reason: Nullable(Type.String()),
  /** What decided: emergency number, the agent's right to dial out, an invalid number, a rule, the defaults or a cap. */
  decidedBy: Type.Union([
    Type.Literal('emergency'),
    Type.Literal('agent'),
    Type.Literal('number'),
    Type.Literal('rule'),
    Type.Literal('defaults'),
    Type.Literal('cap'),
  ]),
  kind: Nullable(
    Type.Union([Type.Literal('national'), Type.Literal('international'), Type.Literal('emergency')]),
  ),
  e164: Nullable(Type.String()),
  /** MOBILE, FIXED_LINE, TOLL_FREE, PREMIUM_RATE … when allowed. */
  numberType: Nullable(Type.String()),
  /** The dial rule that decided, if one did. */
  rule: Nullable(
    Type.Object({
      id: Type.String(),
      scope: DialRuleScope,
      target: Type.String(),
      action: DialRuleAction,
      pattern: Type.String(),
      note: Nullable(Type.String()),
    }),
  ),
  /** The trunk whose rules and cap applied; null when no outbound trunk is enabled. */
  trunk: Nullable(Type.String()),
  agent: Type.Object({
    extension: Type.String(),
    team: Nullable(Type.String()),
    mayDialOut: Type.Boolean(),
    /** Logged in to the ACD now. */
    loggedIn: Type.Boolean(),
    ...CapUse,
  }),
  trunkCap: Nullable(Type.Object(CapUse)),
});
