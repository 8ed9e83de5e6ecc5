import { Type } from 'typebox';
import { Id } from './common.js';

export const InteractionListQuery = Type.Object({
  customerId: Type.Optional(Id),
  agentId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
