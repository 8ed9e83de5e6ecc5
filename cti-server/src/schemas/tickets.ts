import { Type } from 'typebox';
import { Id } from './common.js';

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
