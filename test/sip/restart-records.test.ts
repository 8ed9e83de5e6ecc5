import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@kefu/db';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { PROVIDERS } from '../support/database.js';

/**
 * The server was killed (`kill -9`, a crash, a power cut) with calls up: their records were never
 * closed. The next start closes them — nothing is live at start — at the last moment each was
 * known alive, ended by the system with 503 and a `closed_at_restart` event.
 */
describe.each(PROVIDERS)('records left open by a crash (%s)', (provider) => {
  let stack: CtiStack;
  const lastEventAt = new Date(Date.now() - 60_000);
  const offeredAt = new Date(Date.now() - 120_000);

  const leaveOpen = async (db: Db) => {
    const talking = await db.interaction.create({
      data: { callId: 'crash-talking', ani: '+8613900000081', offeredAt, answeredAt: offeredAt },
    });
    await db.interactionEvent.create({
      data: { interactionId: talking.id, type: 'answered', at: offeredAt },
    });
    await db.interactionEvent.create({
      data: { interactionId: talking.id, type: 'hold', at: lastEventAt },
    });
    await db.interaction.create({ data: { callId: 'crash-queued', ani: '+8613900000082', offeredAt } });
  };

  beforeAll(async () => {
    stack = await startCtiStack(provider, {}, leaveOpen);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('closes every record left open at start: ended by the system, 503, at its last known moment', async () => {
    const db = stack.tdb.db;
    expect(await db.interaction.count({ where: { endedAt: null } })).toBe(0);

    const talking = await db.interaction.findUniqueOrThrow({
      where: { callId: 'crash-talking' },
      include: { events: { orderBy: { at: 'asc' } } },
    });
    expect(talking).toMatchObject({ endedBy: 'system', sipCause: 503, endedAt: lastEventAt });
    expect(talking.events.map((e) => e.type)).toEqual(['answered', 'hold', 'closed_at_restart']);

    const queued = await db.interaction.findUniqueOrThrow({
      where: { callId: 'crash-queued' },
      include: { events: true },
    });
    expect(queued).toMatchObject({ endedBy: 'system', sipCause: 503, endedAt: offeredAt });
    expect(queued.events.map((e) => e.type)).toEqual(['closed_at_restart']);

    // Records a previous run closed are left as they were.
    const seeded = await db.interaction.findFirstOrThrow({ where: { callId: { startsWith: 'seed-' } } });
    expect(seeded.endedBy).not.toBe('system');
  });
});
