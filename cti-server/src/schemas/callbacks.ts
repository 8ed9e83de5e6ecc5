import { Type } from 'typebox';
import { DateTime, Id, Limit } from './common.js';

export const CallbackStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('done'),
  Type.Literal('cancelled'),
]);

export const CallbackView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  customer: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  queue: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
    Type.Null(),
  ]),
  /** The call it was asked on. */
  callId: Type.Union([Type.String(), Type.Null()]),
  source: Type.String(),
  requestedAt: DateTime,
  status: Type.String(),
  attempts: Type.Integer(),
  lastAttemptAt: Type.Union([DateTime, Type.Null()]),
  agentExtension: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([DateTime, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});

export const CallbackListQuery = Type.Object({
  status: Type.Optional(CallbackStatus),
  queueId: Type.Optional(Id),
  limit: Type.Optional(Limit),
});

export const CallbackPatchBody = Type.Object(
  {
    /** done: the customer was reached; cancelled: not to be called (wrong number, asked not to). */
    status: Type.Optional(Type.Union([Type.Literal('done'), Type.Literal('cancelled')])),
    /** The agent dialled it now (counts an attempt). */
    attempted: Type.Optional(Type.Literal(true)),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
