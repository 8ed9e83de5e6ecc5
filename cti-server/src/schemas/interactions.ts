import { Type } from 'typebox';
import { DateTime, Id, Nullable, NullableDateTime, Open } from './common.js';

export const InteractionListQuery = Type.Object({
  customerId: Type.Optional(Id),
  agentId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

/** One call record in a list (GET /api/interactions), newest first. */
export const InteractionSummary = Open({
  id: Type.String(),
  /** The server's call id (socket events and SIP headers name the call by it). */
  callId: Type.String(),
  direction: Type.String(),
  ani: Nullable(Type.String()),
  dnis: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  queueId: Nullable(Type.String()),
  offeredAt: DateTime,
  answeredAt: NullableDateTime,
  endedAt: NullableDateTime,
  disposition: Nullable(Type.String()),
});

/** One step of the caller's IVR path (ivr-flows IvrPathEntry, stored on Interaction.ivrPath). */
export const IvrPathEntry = Type.Object({
  step: Type.String(),
  type: Type.String(),
  enteredAt: Type.Number(),
  leftAt: Type.Union([Type.Number(), Type.Null()]),
  keys: Type.String(),
  retries: Type.Number(),
  result: Type.Union([Type.String(), Type.Null()]),
});

export const IvrPathView = Type.Object({
  callId: Type.String(),
  /** null: the call did not go through an IVR (or it has not finished). */
  path: Type.Union([Type.Array(IvrPathEntry), Type.Null()]),
  flowId: Type.Union([Type.String(), Type.Null()]),
  /** The IVR's outcome (`ivr_done` event): queue, voicemail, callback… */
  outcome: Type.Union([
    Type.Object({ kind: Type.String(), queue: Type.Optional(Type.String()) }, { additionalProperties: true }),
    Type.Null(),
  ]),
});
