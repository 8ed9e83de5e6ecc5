import { Type } from 'typebox';
import { AgentStatus } from './agents.js';
import { Nullable, Open, OpenObject } from './common.js';

// The supervisor workspace's reads (routes/api/supervisor.ts). The board's full shape is the
// contract's SupervisorBoard (services/supervision/supervision-events.ts); it is declared open
// here so every field of its rows goes out.

export const SupervisorBoardSchema = Open({
  at: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  queues: Type.Array(OpenObject),
  intervals: Type.Record(Type.String(), Type.Array(OpenObject)),
  agents: Type.Array(OpenObject),
  calls: Type.Array(OpenObject),
  alerts: Type.Array(OpenObject),
  teams: Type.Array(Type.String()),
});

export const AgentDayQuery = Type.Object({
  /** The local date in the centre's time zone; today by default. */
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2026-12-04' })),
});

export const AgentDaySegment = Type.Object({
  state: AgentStatus,
  reason: Nullable(Type.String()),
  from: Type.String({ format: 'date-time' }),
  /** The end of the segment; for the state the agent is in now, now (or the day's end). */
  to: Type.String({ format: 'date-time' }),
});

export const AgentDayCall = Type.Object({
  callId: Type.String(),
  queue: Nullable(Type.String()),
  ani: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  offeredAt: Type.String({ format: 'date-time' }),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  /** Answer to end (hold included); null until answered and ended. */
  talkMs: Nullable(Type.Integer({ minimum: 0 })),
  /** The wrap-up that followed the call; null without one. */
  wrapMs: Nullable(Type.Integer({ minimum: 0 })),
  disposition: Nullable(Type.String()),
});

export const AgentDay = Type.Object({
  agentId: Type.String(),
  extension: Type.String(),
  displayName: Type.String(),
  date: Type.String(),
  timeZone: Type.String(),
  segments: Type.Array(AgentDaySegment),
  calls: Type.Array(AgentDayCall),
});

const alertFields = {
  longWaitSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  notReadyMinutes: Type.Integer({ minimum: 1, maximum: 1_440 }),
  wrapUpMinutes: Type.Integer({ minimum: 1, maximum: 1_440 }),
  ronaCount: Type.Integer({ minimum: 1, maximum: 100 }),
  ronaWindowMinutes: Type.Integer({ minimum: 1, maximum: 1_440 }),
  serviceLevelMinCalls: Type.Integer({ minimum: 0, maximum: 10_000 }),
};

export const SupervisionSettingsView = Type.Object({
  timeZone: Type.String({ example: 'Asia/Shanghai' }),
  shortAbandonSeconds: Type.Integer({ minimum: 0, maximum: 600 }),
  alerts: Type.Object(alertFields),
});

/** Any subset: what is left out keeps its current value. */
export const SupervisionSettingsPatch = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    shortAbandonSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    alerts: Type.Optional(Type.Partial(Type.Object(alertFields), { additionalProperties: false })),
  },
  { additionalProperties: false },
);
