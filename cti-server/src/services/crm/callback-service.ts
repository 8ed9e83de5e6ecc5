import type { Db } from '@kefu/db';
import type { AuthUser } from '../auth/auth-user.js';
import { BadRequestError, NotFoundError } from '../../errors.js';

export interface CallbackListFilter {
  status?: 'open' | 'done' | 'cancelled';
  queueId?: string;
  limit?: number;
}

export interface CallbackPatch {
  status?: 'done' | 'cancelled';
  attempted?: true;
  note?: string;
}

const include = {
  customer: { select: { id: true, name: true } },
  queue: { select: { id: true, name: true, displayName: true } },
  interaction: { select: { callId: true } },
  agent: { select: { extension: true } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function findRow(db: Db, id: string) {
  return db.callbackRequest.findUnique({ where: { id }, include });
}

function view(row: Row) {
  return {
    id: row.id,
    number: row.number,
    customer: row.customer,
    queue: row.queue,
    callId: row.interaction?.callId ?? null,
    source: row.source,
    requestedAt: row.requestedAt,
    status: row.status,
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt,
    agentExtension: row.agent?.extension ?? null,
    closedAt: row.closedAt,
    note: row.note,
  };
}

/** Callback requests, oldest first (the order they are owed), open ones by default. */
export async function listCallbacks(db: Db, filter: CallbackListFilter) {
  const rows = await db.callbackRequest.findMany({
    where: { status: filter.status ?? 'open', ...(filter.queueId && { queueId: filter.queueId }) },
    orderBy: { requestedAt: 'asc' },
    take: filter.limit ?? 50,
    include,
  });
  return rows.map(view);
}

/** An agent dialled it (an attempt), reached the customer (done) or dropped it (cancelled). */
export async function updateCallback(db: Db, user: AuthUser, id: string, patch: CallbackPatch) {
  const row = await db.callbackRequest.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('callback', id);
  if (row.status !== 'open' && (patch.status || patch.attempted))
    throw new BadRequestError(`callback ${id} is already ${row.status}`, 'CALLBACK_CLOSED');
  const now = new Date();
  await db.callbackRequest.update({
    where: { id },
    data: {
      ...(patch.attempted && { attempts: { increment: 1 }, lastAttemptAt: now }),
      ...(patch.status && { status: patch.status, closedAt: now }),
      ...(patch.note !== undefined && { note: patch.note }),
      ...(user.agentId && { agentId: user.agentId }),
    },
  });
  return view((await findRow(db, id))!);
}
