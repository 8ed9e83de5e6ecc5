import { Type } from 'typebox';
import { DateTime, Limit, OpenObject } from './common.js';

// Live ACD views: agents, queues and calls (services/routing/acd-views.ts builds them).

export const AgentStatus = Type.Union([
  Type.Literal('logged_out'),
  Type.Literal('ready'),
  Type.Literal('not_ready'),
  Type.Literal('reserved'),
  Type.Literal('ringing'),
  Type.Literal('on_call'),
  Type.Literal('wrap_up'),
]);

export const ExtensionParams = Type.Object({
  ext: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$', example: '1002' }),
});

export const AgentSkillView = Type.Object({
  name: Type.String(),
  /** "skill" or "language" */
  kind: Type.String(),
  proficiency: Type.Integer({ minimum: 1, maximum: 5 }),
});

export const AgentView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  extension: Type.String(),
  displayName: Type.String(),
  team: Type.Union([Type.String(), Type.Null()]),
  state: AgentStatus,
  reason: Type.Union([Type.String(), Type.Null()]),
  since: Type.String({ format: 'date-time' }),
  timeInStateMs: Type.Integer({ minimum: 0 }),
  callId: Type.Union([Type.String(), Type.Null()]),
  phoneRegistered: Type.Boolean(),
  consoleConnected: Type.Boolean(),
  wrapUpEndsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  disposition: Type.Union([Type.String(), Type.Null()]),
  skills: Type.Array(AgentSkillView),
});

/** Reason codes are checked against the configured list in the handler (the list is configurable). */
export const StateChangeBody = Type.Object(
  {
    state: Type.Union([Type.Literal('ready'), Type.Literal('not_ready'), Type.Literal('logged_out')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z_]+$' })),
  },
  { additionalProperties: false },
);

export const WrapUpBody = Type.Object(
  {
    disposition: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    extendSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StateHistoryQuery = Type.Object({ limit: Type.Optional(Limit) });

export const StateHistoryEntry = Type.Object({
  id: Type.String(),
  state: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Union([Type.Object({ username: Type.String(), displayName: Type.String() }), Type.Null()]),
  at: DateTime,
});

export const QueueNameParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', example: 'sales' }),
});

const Ratio = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const QueueMetrics = Type.Object({
  queueId: Type.String(),
  queue: Type.String(),
  displayName: Type.String(),
  at: Type.String({ format: 'date-time' }),
  waiting: Type.Integer({ minimum: 0 }),
  longestWaitMs: Type.Number({ minimum: 0 }),
  serviceLevel: Ratio,
  serviceLevelSeconds: Type.Number(),
  asaMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  abandonRate: Ratio,
  entered: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  overflowed: Type.Integer(),
  agentsByState: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});

export const QueueView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  strategy: Type.String(),
  metrics: QueueMetrics,
});

export const LiveCall = Type.Object({
  callId: Type.String(),
  phase: Type.Union([Type.Literal('waiting'), Type.Literal('offered'), Type.Literal('connected')]),
  queueId: Type.Union([Type.String(), Type.Null()]),
  queue: Type.Union([Type.String(), Type.Null()]),
  agentId: Type.Union([Type.String(), Type.Null()]),
  extension: Type.Union([Type.String(), Type.Null()]),
});

export const CallsView = Type.Object({
  /** Calls the ACD holds now (waiting, offered, connected). */
  active: Type.Array(LiveCall),
  /** The latest Interaction rows, newest first. */
  recent: Type.Array(OpenObject),
});
