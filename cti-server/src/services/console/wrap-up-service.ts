import type { Db } from '@kefu/db';
import type { Static } from 'typebox';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors.js';
import { isAgentOnly, type AuthUser } from '../auth/auth-user.js';
import type { CallWrapUpBody, FollowUpListQuery, FollowUpPatchBody } from '../../schemas/follow-ups.js';
import { callForWriter, isSupervisor, type LiveCallOf } from '../auth/call-access.js';
import { dispositions, dispositionsForQueue } from './console-settings.js';

export type CallWrapUp = Static<typeof CallWrapUpBody>;

export interface WrapUpDeps {
  liveCallOf: LiveCallOf;
  /** Hands the disposition to the ACD if `agentId` is in wrap-up for `callId`; true if taken. */
  setAcdDisposition(agentId: string, callId: string, code: string): boolean;
  now?: Date;
}

const followUpInclude = { customer: { select: { id: true, name: true } } } as const;

function dueAt(value: string, now: Date): Date {
  const due = new Date(value);
  if (due.getTime() <= now.getTime())
    throw new BadRequestError(`follow-up due ${value} is in the past`, 'DUE_IN_PAST');
  return due;
}

/**
 * After a call: stores disposition and notes on the Interaction (with a `wrap_up` event, so
 * a corrected disposition keeps its trace), optionally a follow-up task for the agent, and
 * tells the ACD so a queue that requires a disposition lets the agent go ready.
 */
export async function wrapUpCall(
  db: Db,
  user: AuthUser,
  callId: string,
  input: CallWrapUp,
  deps: WrapUpDeps,
) {
  const now = deps.now ?? new Date();
  const call = await callForWriter(db, user, callId, deps.liveCallOf);
  const codes = await dispositions(db);
  if (!codes.some((c) => c.code === input.disposition)) {
    throw new BadRequestError(
      `unknown disposition "${input.disposition}" (allowed: ${codes.map((c) => c.code).join(', ')})`,
      'INVALID_DISPOSITION',
    );
  }
  // The call's queue may allow only some of them.
  const allowed = await dispositionsForQueue(db, call.queueId);
  if (!allowed.some((c) => c.code === input.disposition)) {
    const queue = call.queueId
      ? await db.queue.findUnique({ where: { id: call.queueId }, select: { name: true } })
      : null;
    throw new BadRequestError(
      `disposition "${input.disposition}" is not allowed for calls of queue ${queue?.name ?? call.queueId} ` +
        `(allowed: ${allowed.map((c) => c.code).join(', ') || 'none'})`,
      'DISPOSITION_NOT_ALLOWED',
    );
  }
  if (input.customerId) {
    const exists = await db.customer.findUnique({ where: { id: input.customerId }, select: { id: true } });
    if (!exists) throw new NotFoundError('customer', input.customerId);
  }
  const customerId = call.customerId ?? input.customerId ?? null;
  if (input.followUp && !(input.customerId ?? customerId)) {
    throw new BadRequestError(
      'a follow-up needs a customer: the call has none, give customerId',
      'NO_CUSTOMER',
    );
  }
  const due = input.followUp ? dueAt(input.followUp.dueAt, now) : null;
  // The task belongs to the agent who took the call, also when a supervisor files it.
  const agentUser = call.agentId
    ? await db.agent.findUnique({ where: { id: call.agentId }, select: { userId: true } })
    : null;
  const ownerId = isAgentOnly(user) ? user.id : (agentUser?.userId ?? user.id);

  const { interaction, followUp } = await db.$transaction(async (tx) => {
    const followUp =
      input.followUp && due
        ? await tx.followUpTask.create({
            data: {
              customerId: input.customerId ?? customerId!,
              interactionId: call.id,
              ownerId,
              dueAt: due,
              reason: input.followUp.reason,
            },
            include: followUpInclude,
          })
        : null;
    const interaction = await tx.interaction.update({
      where: { id: call.id },
      data: {
        disposition: input.disposition,
        notes: input.notes,
        customerId,
        events: {
          create: {
            type: 'wrap_up',
            at: now,
            data: { disposition: input.disposition, by: user.id, followUpId: followUp?.id ?? null },
          },
        },
      },
      select: { id: true, callId: true, customerId: true, disposition: true, notes: true },
    });
    return { interaction, followUp };
  });
  const agentId = call.agentId ?? user.agentId;
  const acdDispositionSet = agentId ? deps.setAcdDisposition(agentId, callId, input.disposition) : false;
  return { interaction, followUp, acdDispositionSet };
}

/** The dispositions the wrap-up form offers for this call (its queue's, else all). */
export async function dispositionsForCall(db: Db, user: AuthUser, callId: string, liveCallOf: LiveCallOf) {
  const call = await callForWriter(db, user, callId, liveCallOf);
  return { dispositions: await dispositionsForQueue(db, call.queueId) };
}

export async function listFollowUps(db: Db, user: AuthUser, query: Static<typeof FollowUpListQuery>) {
  if (!isSupervisor(user) && query.ownerId && query.ownerId !== user.id) {
    throw new ForbiddenError('agents see only their own follow-ups');
  }
  return db.followUpTask.findMany({
    where: {
      status: query.status,
      customerId: query.customerId,
      ownerId: isSupervisor(user) ? query.ownerId : user.id,
    },
    include: followUpInclude,
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: query.limit ?? 50,
  });
}

export async function updateFollowUp(
  db: Db,
  user: AuthUser,
  id: string,
  patch: Static<typeof FollowUpPatchBody>,
  now = new Date(),
) {
  const task = await db.followUpTask.findUnique({ where: { id }, select: { ownerId: true } });
  if (!task) throw new NotFoundError('follow-up', id);
  if (!isSupervisor(user) && task.ownerId !== user.id) {
    throw new ForbiddenError("this follow-up is someone else's");
  }
  return db.followUpTask.update({
    where: { id },
    data: {
      status: patch.status,
      reason: patch.reason,
      dueAt: patch.dueAt ? dueAt(patch.dueAt, now) : undefined,
    },
    include: followUpInclude,
  });
}
