import { Type } from 'typebox';
import { DateTime, Id, Limit } from './common.js';

export const FollowUpStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('done'),
  Type.Literal('cancelled'),
]);
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Due = Type.String({ format: 'date-time' });

export const CallWrapUpBody = Type.Object(
  {
    /** A code from GET /api/console/config → dispositions. */
    disposition: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_-]+$' }),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    /** Attach the call to this customer when it has none (e.g. just quick-created). */
    customerId: Type.Optional(Id),
    followUp: Type.Optional(Type.Object({ dueAt: Due, reason: Reason }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const FollowUpView = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  customer: Type.Object({ id: Type.String(), name: Type.String() }),
  interactionId: Type.Union([Type.String(), Type.Null()]),
  ownerId: Type.String(),
  dueAt: DateTime,
  reason: Type.String(),
  status: Type.String(),
  createdAt: DateTime,
});

export const WrapUpResult = Type.Object({
  interaction: Type.Object({
    id: Type.String(),
    callId: Type.String(),
    customerId: Type.Union([Type.String(), Type.Null()]),
    disposition: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
  }),
  followUp: Type.Union([FollowUpView, Type.Null()]),
  /** The agent was in wrap-up for this call and the ACD took the disposition. */
  acdDispositionSet: Type.Boolean(),
});

export const FollowUpListQuery = Type.Object({
  status: Type.Optional(FollowUpStatus),
  /** Supervisors only; agents always get their own. */
  ownerId: Type.Optional(Id),
  customerId: Type.Optional(Id),
  limit: Type.Optional(Limit),
});

export const FollowUpPatchBody = Type.Object(
  { status: Type.Optional(FollowUpStatus), dueAt: Type.Optional(Due), reason: Type.Optional(Reason) },
  { additionalProperties: false, minProperties: 1 },
);
