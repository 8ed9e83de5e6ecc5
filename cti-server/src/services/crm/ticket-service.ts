import type { Db } from '@kefu/db';
import { BadRequestError, NotFoundError } from '../../errors.js';

export type TicketType = 'inquiry' | 'complaint' | 'repair' | 'return' | 'billing' | 'other';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketStatus = 'open' | 'in_progress' | 'pending_customer' | 'resolved' | 'closed';

export interface NewTicket {
  customerId: string;
  type: TicketType;
  subject: string;
  description?: string;
  priority?: TicketPriority;
  interactionId?: string;
  assigneeId?: string;
}

export interface TicketPatch {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  /** Raise the escalation level by one. */
  escalate?: boolean;
  comment?: string;
}

const HOUR = 3_600_000;
const DEFAULT_SLA_HOURS: Record<string, number> = { complaint: 24, repair: 72, default: 48 };

/** SLA due time from the `tickets.slaHours` setting (complaints get the tightest). */
async function slaDueAt(db: Db, type: TicketType, from: Date): Promise<Date> {
  const setting = await db.setting.findUnique({ where: { key: 'tickets.slaHours' } });
  const hours = { ...DEFAULT_SLA_HOURS, ...((setting?.value ?? {}) as Record<string, number>) };
  return new Date(from.getTime() + (hours[type] ?? hours.default ?? 48) * HOUR);
}

async function nextTicketNumber(db: Db): Promise<string> {
  const last = await db.serviceTicket.findFirst({ orderBy: { number: 'desc' }, select: { number: true } });
  const n = last ? Number(last.number.replace(/\D/g, '')) + 1 : 1;
  return `TK${String(n).padStart(7, '0')}`;
}

export async function createTicket(db: Db, input: NewTicket, actorId: string, now = new Date()) {
  const customer = await db.customer.findUnique({ where: { id: input.customerId }, select: { id: true } });
  if (!customer) throw new NotFoundError('customer', input.customerId);
  if (input.interactionId) {
    const call = await db.interaction.findUnique({
      where: { id: input.interactionId },
      select: { id: true },
    });
    if (!call) throw new NotFoundError('interaction', input.interactionId);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.serviceTicket.create({
        data: {
          ...input,
          number: await nextTicketNumber(db),
          priority: input.priority ?? (input.type === 'complaint' ? 'high' : 'normal'),
          slaDueAt: await slaDueAt(db, input.type, now),
          createdById: actorId,
          createdAt: now,
          updates: { create: { kind: 'created', toValue: 'open', actorId, at: now } },
        },
        // The same shape as updates and lists return (a ticket may be created assigned).
        include: { updates: true, assignee: { select: { id: true, displayName: true } } },
      });
    } catch (err) {
      // Two tickets created at the same moment may race for a number.
      if (attempt < 5 && (err as { code?: string }).code === 'P2002') continue;
      throw err;
    }
  }
}

/** Applies a patch; each changed field and the comment become TicketUpdate rows. */
export async function updateTicket(
  db: Db,
  id: string,
  patch: TicketPatch,
  actorId: string,
  now = new Date(),
) {
  if (Object.keys(patch).length === 0) throw new BadRequestError('nothing to change', 'EMPTY_PATCH');
  return db.$transaction(async (tx) => {
    const before = await tx.serviceTicket.findUnique({ where: { id } });
    if (!before) throw new NotFoundError('ticket', id);
    if (patch.assigneeId) {
      const user = await tx.user.findUnique({ where: { id: patch.assigneeId }, select: { id: true } });
      if (!user) throw new NotFoundError('user', patch.assigneeId);
    }
    const updates: { kind: string; fromValue: string | null; toValue: string | null; note?: string }[] = [];
    const data: Record<string, unknown> = { updatedAt: now };
    for (const field of ['status', 'priority', 'assigneeId'] as const) {
      if (patch[field] !== undefined && patch[field] !== before[field]) {
        updates.push({
          kind: field === 'assigneeId' ? 'assignee' : field,
          fromValue: before[field],
          toValue: patch[field] ?? null,
        });
        data[field] = patch[field];
      }
    }
    if (patch.escalate) {
      const level = before.escalationLevel + 1;
      updates.push({ kind: 'escalation', fromValue: String(before.escalationLevel), toValue: String(level) });
      data.escalationLevel = level;
    }
    if (patch.comment) updates.push({ kind: 'comment', fromValue: null, toValue: null, note: patch.comment });
    if (updates.length === 0) throw new BadRequestError('the patch changes nothing', 'NO_CHANGE');
    return tx.serviceTicket.update({
      where: { id },
      data: { ...data, updates: { create: updates.map((u) => ({ ...u, actorId, at: now })) } },
      include: { updates: { orderBy: { at: 'asc' } }, assignee: { select: { id: true, displayName: true } } },
    });
  });
}

export async function getTicket(db: Db, id: string) {
  const ticket = await db.serviceTicket.findUnique({
    where: { id },
    include: {
      updates: { orderBy: { at: 'asc' }, include: { actor: { select: { id: true, displayName: true } } } },
      customer: { select: { id: true, name: true, vipTier: true } },
      assignee: { select: { id: true, displayName: true } },
    },
  });
  if (!ticket) throw new NotFoundError('ticket', id);
  return ticket;
}

export async function listTickets(
  db: Db,
  filter: {
    customerId?: string;
    status?: TicketStatus;
    type?: TicketType;
    assigneeId?: string;
    limit: number;
  },
) {
  // Each filter by name: the route passes its query string, and a parameter the schema does not
  // name (it admits extra ones) must not become a column condition.
  const { customerId, status, type, assigneeId, limit } = filter;
  return db.serviceTicket.findMany({
    where: { customerId, status, type, assigneeId },
    orderBy: [{ createdAt: 'desc' }],
    take: limit,
    include: {
      customer: { select: { id: true, name: true, vipTier: true } },
      assignee: { select: { id: true, displayName: true } },
    },
  });
}
