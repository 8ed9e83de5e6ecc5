import type { Db } from '@kefu/db';

/** The SIP cause stored on a call the server stopped under (the service was unavailable). */
export const RESTART_SIP_CAUSE = 503;

/**
 * Calls a previous run of the server left open — it crashed, was killed (`kill -9`) or lost
 * power before their end was written. Nothing is live when the SIP side starts, so every
 * Interaction without `endedAt` is over: it is closed at the last moment it is known to have
 * been alive (its last event, else its answer or offer), ended by the system with cause 503, and
 * gets a `closed_at_restart` event saying when this was found. Returns how many were closed.
 */
export async function closeRecordsLeftOpen(db: Db, now: Date): Promise<number> {
  const open = await db.interaction.findMany({
    where: { endedAt: null },
    select: {
      id: true,
      offeredAt: true,
      answeredAt: true,
      events: { orderBy: { at: 'desc' }, take: 1, select: { at: true } },
    },
  });
  for (const row of open) {
    const times = [row.offeredAt, row.answeredAt, row.events[0]?.at].filter((t): t is Date => !!t);
    const endedAt = new Date(Math.min(now.getTime(), Math.max(...times.map((t) => t.getTime()))));
    await db.$transaction([
      db.interaction.update({
        where: { id: row.id },
        data: { endedAt, endedBy: 'system', sipCause: RESTART_SIP_CAUSE },
      }),
      db.interactionEvent.create({
        data: {
          interactionId: row.id,
          type: 'closed_at_restart',
          data: { sipCause: RESTART_SIP_CAUSE, foundAt: now.toISOString() },
          at: endedAt,
        },
      }),
    ]);
  }
  return open.length;
}
