import { Type } from 'typebox';
import { DateTime, Id, Nullable, NullableDateTime, Open } from './common.js';

export const TicketType = Type.Union([
  Type.Literal('inquiry'),
  Type.Literal('complaint'),
  Type.Literal('repair'),
  Type.Literal('return'),
  Type.Literal('billing'),
  Type.Literal('other'),
]);
export const TicketPriority = Type.Union([
  Type.Literal('low'),
  Type.Literal('normal'),
  Type.Literal('high'),
  Type.Literal('urgent'),
]);
export const TicketStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('in_progress'),
  Type.Literal('pending_customer'),
  Type.Literal('resolved'),
  Type.Literal('closed'),
]);

export const NewTicketBody = Type.Object(
  {
    customerId: Id,
    type: TicketType,
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    priority: Type.Optional(TicketPriority),
    interactionId: Type.Optional(Id),
    assigneeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const TicketPatchBody = Type.Object(
  {
    status: Type.Optional(TicketStatus),
    priority: Type.Optional(TicketPriority),
    assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
    escalate: Type.Optional(Type.Boolean()),
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TicketListQuery = Type.Object({
  customerId: Type.Optional(Id),
  status: Type.Optional(TicketStatus),
  type: Type.Optional(TicketType),
  assigneeId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });

/** A ticket as lists, the customer 360 and writes return it. */
export const TicketView = Open({
  id: Type.String(),
  number: Type.String(),
  customerId: Type.String(),
  interactionId: Nullable(Type.String()),
  type: TicketType,
  priority: TicketPriority,
  status: TicketStatus,
  subject: Type.String(),
  description: Nullable(Type.String()),
  slaDueAt: NullableDateTime,
  escalationLevel: Type.Integer({ minimum: 0 }),
  /** Who works it (null: nobody yet). */
  assignee: Nullable(Person),
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** One line of a ticket's history: created, status, priority, assignee, escalation, comment. */
export const TicketUpdateView = Open({
  id: Type.String(),
  kind: Type.String(),
  fromValue: Nullable(Type.String()),
  toValue: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: DateTime,
  /** null: the system (SLA escalation). */
  actor: Nullable(Person),
});

/** GET /api/tickets/:id: the ticket with its history, oldest first. */
export const TicketDetail = Open({ ...TicketView.properties, updates: Type.Array(TicketUpdateView) });
