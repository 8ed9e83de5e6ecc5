import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCallStore } from '@kefu/cti-server/services/call-path/call-store';
import { AgentStateLog } from '@kefu/cti-server/services/routing/agent-state-log';
import { newId, writeQueueFor } from '@kefu/cti-server/services/write-queue';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';

// The write-behind queue under the call store and the agent state log, on both databases:
// raw SQL must store the same values Prisma's typed API reads back, in order, and a bad row
// must not take its batch with it.
describe.each(PROVIDERS)('write queue on %s', (provider) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 5);
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('stores a call opened, queued, answered, recorded and ended, with its events in order', async () => {
    const { db } = tdb;
    const errors: unknown[] = [];
    const store = createCallStore(db, (err) => errors.push(err));
    const line = await db.line.findFirstOrThrow({ include: { queue: true } });
    const agent = await db.agent.findFirstOrThrow();
    const callId = `call-${newId()}`;
    await store.open({
      callId,
      sipCallId: 'sip-1@carrier',
      ani: '+8613800138000',
      dnis: line.dnis,
      lineId: line.id,
      queueId: null,
      customerId: null,
      trunkName: 'carrier',
    });
    // open resolves once the row is stored.
    expect(await db.interaction.findUnique({ where: { callId }, select: { direction: true } })).toEqual({
      direction: 'inbound',
    });
    store.queued(callId, line.queueId!);
    store.event(callId, 'offered', { agentId: agent.id, contacts: 1 });
    const answeredAt = new Date();
    store.answered(callId, agent.id, answeredAt);
    store.recorded(callId, '/rec/a.wav');
    store.event(callId, 'dtmf', { digit: '5' });
    const endedAt = new Date(Date.now() + 1_500);
    store.ended(callId, { endedBy: 'caller', sipCause: 200, at: endedAt, agentId: agent.id });
    await store.settled();

    const row = await db.interaction.findUniqueOrThrow({
      where: { callId },
      include: { events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
    });
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      channel: 'voice',
      ani: '+8613800138000',
      queueId: line.queueId,
      agentId: agent.id,
      answeredAt,
      endedAt,
      endedBy: 'caller',
      sipCause: 200,
      recordingRef: '/rec/a.wav',
    });
    expect(row.offeredAt).toBeInstanceOf(Date);
    expect(row.events.map((e) => e.type)).toEqual([
      'received',
      'queued',
      'offered',
      'answered',
      'dtmf',
      'ended',
    ]);
    expect(row.events[0]!.data).toEqual({ sipCallId: 'sip-1@carrier', trunk: 'carrier' });
    expect(row.events[2]!.data).toEqual({ agentId: agent.id, contacts: 1 });
  });

  // Found by the SIP fuzzer: a caller who hung up during the IVR had its ivr_done dropped (and
  // "no Interaction row" logged) when the flow's last prompt stopped after "ended" was stored.
  it('stores an IVR outcome reported after the call ended and its row was written', async () => {
    const { db } = tdb;
    const errors: unknown[] = [];
    const store = createCallStore(db, (err) => errors.push(err));
    const line = await db.line.findFirstOrThrow();
    const callId = `call-${newId()}`;
    await store.open({
      callId,
      sipCallId: 'sip-ivr@carrier',
      ani: '+8613800138000',
      dnis: line.dnis,
      lineId: line.id,
      queueId: null,
      customerId: null,
      trunkName: 'carrier',
    });
    store.ended(callId, { endedBy: 'caller', sipCause: 200, at: new Date(), agentId: null });
    await store.settled();
    await new Promise((r) => setTimeout(r, 50));
    store.ivrDone(callId, { flowId: 'sales-hotline', outcome: { kind: 'abandoned' }, path: [] });
    await store.settled();
    expect(errors).toEqual([]);
    const events = await db.interactionEvent.findMany({
      where: { interaction: { callId } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    expect(events.map((e) => e.type)).toEqual(['received', 'ended', 'ivr_done']);
  });

  it('updates several calls in one statement and says which rows were there', async () => {
    const { db } = tdb;
    const store = createCallStore(db, (err) => expect.fail(String(err)));
    const callIds = [1, 2, 3].map((i) => `multi-${i}-${newId()}`);
    for (const callId of callIds)
      await store.open({
        callId,
        sipCallId: callId,
        ani: null,
        dnis: '4008003000',
        lineId: null,
        queueId: null,
        customerId: null,
        trunkName: 'carrier',
      });
    const queue = writeQueueFor(db);
    const updates = queue.stats.updates;
    const at = new Date();
    const counts = await Promise.all([
      ...callIds.map((callId, i) =>
        queue.updateInteraction(callId, { endedAt: at, endedBy: 'agent', sipCause: 200 + i }),
      ),
      queue.updateInteraction('no-such-call', { endedAt: at, endedBy: 'agent', sipCause: 1 }),
    ]);
    expect(counts).toEqual([1, 1, 1, 0]);
    expect(queue.stats.updates - updates).toBe(4);
    const rows = await db.interaction.findMany({
      where: { callId: { in: callIds } },
      orderBy: { sipCause: 'asc' },
    });
    expect(rows.map((r) => [r.callId, r.sipCause, r.endedBy, r.endedAt?.getTime()])).toEqual(
      callIds.map((callId, i) => [callId, 200 + i, 'agent', at.getTime()]),
    );
  });

  it('keeps agent state rows in order and retries a failed batch row by row', async () => {
    const { db } = tdb;
    const agent = await db.agent.findFirstOrThrow();
    const log = { error: vi.fn() };
    const states = new AgentStateLog(db, log);
    const before = await db.agentStateEvent.count({ where: { agentId: agent.id } });
    const at = new Date();
    for (const state of ['ready', 'reserved', 'on_call', 'wrap_up', 'ready'])
      states.record({ agentId: agent.id, state, reason: null, actorId: null, at });
    // A row that breaks its foreign key, in the same batch: only it is reported.
    const rowError = vi.fn();
    writeQueueFor(db).insertLater(
      'InteractionEvent',
      { id: newId(), interactionId: 'no-such-interaction', type: 'x', data: {}, at },
      rowError,
    );
    states.record({ agentId: agent.id, state: 'not_ready', reason: 'break', actorId: null, at });
    const history = await states.history(agent.id, 6);
    expect(history.map((h) => h.state)).toEqual([
      'not_ready',
      'ready',
      'wrap_up',
      'on_call',
      'reserved',
      'ready',
    ]);
    expect(history[0]!.reason).toBe('break');
    expect(await db.agentStateEvent.count({ where: { agentId: agent.id } })).toBe(before + 6);
    expect(rowError).toHaveBeenCalledTimes(1);
  });
});
