import { afterEach, describe, expect, it } from 'vitest';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** 1001 talking to one caller, 1002's phone ringing with a second, a third caller waiting. */
async function busyServer() {
  h = new CallControlHarness();
  const talking = h.phone('1001');
  const ringing = h.phone('1002');
  h.login('1001');
  const first = h.dial();
  await h.settle();
  talking.invites[0]!.answer();
  await h.settle();
  h.login('1002');
  const second = h.dial();
  await h.settle();
  const third = h.dial();
  await h.settle();
  expect(first.statuses).toEqual([180, 200]);
  expect(second.statuses).toEqual([180]);
  expect(third.statuses).toEqual([180]);
  expect(h.status('1002')).toBe('ringing');
  return { talking, ringing, first, second, third, callIds: [...h.calls.activeCalls].map((c) => c.id) };
}

describe('a graceful shutdown (drain)', () => {
  it('refuses new INVITEs with 503 and Retry-After (RFC 3261 §21.5.4) while calls in progress go on', async () => {
    const { first } = await busyServer();

    const drained = h.calls.drain(30_000, 60);
    const late = h.dial();
    await h.settle();

    expect(late.statuses).toEqual([503]);
    expect(late.final!.headers.get('Retry-After')).toBe('60');
    expect([...h.calls.activeCalls]).toHaveLength(3);

    // A call that ends by itself during the drain ends as usual.
    first.bye();
    await h.advance(1_000);
    expect([...h.calls.activeCalls]).toHaveLength(2);

    await h.advance(30_000);
    await drained;
  });

  it('ends what is left when the drain time is over: BYE on both legs, 503 to callers not answered, CANCEL to ringing phones, records closed by the system', async () => {
    const { talking, ringing, first, second, third, callIds } = await busyServer();

    const drained = h.calls.drain(5_000, 60);
    await h.advance(4_900);
    expect([...h.calls.activeCalls]).toHaveLength(3);
    await h.advance(2_000);
    await drained;

    expect(h.carrier.heard()).toEqual(['BYE']);
    expect(first.dialog!.state).toBe('terminated');
    expect(talking.heard()).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(second.statuses).toEqual([180, 503]);
    expect(third.statuses).toEqual([180, 503]);
    expect(third.final!.headers.get('Retry-After')).toBe('60');
    expect(ringing.invites[0]!.cancelled).toBe(true);
    for (const callId of callIds) {
      expect(h.store.endedOf(callId)).toMatchObject({ endedBy: 'system' });
      expect(h.store.eventTypes(callId)).toContain('shutdown');
    }
    expect([...h.calls.activeCalls]).toEqual([]);
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.media.liveSessions).toBe(0);
    expect(h.calls.idle).toBe(true);
  });
});
