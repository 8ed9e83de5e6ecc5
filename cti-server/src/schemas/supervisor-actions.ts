import { Type } from 'typebox';
import { Nullable } from './common.js';

// A supervisor's actions on the floor (routes/api/supervisor-actions.ts).

export const ForceStateBody = Type.Object({
  state: Type.Union([Type.Literal('not_ready'), Type.Literal('logged_out')]),
  /** Why, in the supervisor's words: stored in the state log and shown on the agent's console. */
  reason: Type.String({ minLength: 1, maxLength: 200 }),
});

export const MoveCallParams = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });

export const MoveCallBody = Type.Union([
  Type.Object({ queue: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ agent: Type.String({ pattern: '^[0-9]{2,8}$' }) }, { additionalProperties: false }),
]);

export const MovedCall = Type.Object({
  callId: Type.String(),
  /** The queue the call waits in now (or was offered from). */
  queue: Type.String(),
  /** The agent it is offered to, when given to one. */
  agent: Nullable(Type.String()),
  phase: Type.Union([Type.Literal('waiting'), Type.Literal('offered'), Type.Literal('connected')]),
});
