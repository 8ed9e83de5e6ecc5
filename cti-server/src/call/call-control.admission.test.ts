import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_RETRY_AFTER_SECONDS } from './call-admission.js';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  // Running out of resources is refused as busy: nothing is logged as an error.
  expect(h.errors).toEqual([]);
});

describe('call admission when kefu is full', () => {
  it('answers 503 with Retry-After (RFC 3261 §21.5.4), never 500, when the media plane is out of ports', async () => {
    h = new CallControlHarness();
    h.media.outOfPorts = true;
    const call = h.dial();
    await h.settle();

    expect(call.statuses).toEqual([503]);
    expect(call.final!.headers.get('Retry-After')).toBe(String(BUSY_RETRY_AFTER_SECONDS));
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'INVITE refused: no media ports',
        data: expect.objectContaining({ reason: 'no_media_ports' }) as unknown,
      }),
    );
    // Nothing is left behind: no session, no call, nothing in the ACD.
    expect(h.media.liveSessions).toBe(0);
    expect([...h.calls.activeCalls]).toEqual([]);
    expect([...h.acd.liveCalls()]).toEqual([]);
  });

  it('refuses an offerless INVITE the same way (our offer needs a port too)', async () => {
    h = new CallControlHarness();
    h.media.outOfPorts = true;
    const call = h.dial({ sdp: null });
    await h.settle();

    expect(call.statuses).toEqual([503]);
    expect(call.final!.headers.get('Retry-After')).toBe(String(BUSY_RETRY_AFTER_SECONDS));
    expect(h.media.liveSessions).toBe(0);
  });

  it('takes calls again once ports are free', async () => {
    h = new CallControlHarness();
    h.media.outOfPorts = true;
    const refused = h.dial();
    await h.settle();
    h.media.outOfPorts = false;
    const taken = h.dial();
    await h.settle();

    expect(refused.statuses).toEqual([503]);
    expect(taken.statuses).toEqual([180]);
    expect([...h.calls.activeCalls]).toHaveLength(1);
  });

  it('answers 503 with Retry-After past MAX_INBOUND_CALLS, before any media is allocated', async () => {
    h = new CallControlHarness({ maxInboundCalls: 2 });
    const first = h.dial();
    const second = h.dial();
    await h.settle();
    const opsBefore = h.media.ops.length;
    const third = h.dial();
    await h.settle();

    expect(first.statuses).toEqual([180]);
    expect(second.statuses).toEqual([180]);
    expect(third.statuses).toEqual([503]);
    expect(third.final!.headers.get('Retry-After')).toBe(String(BUSY_RETRY_AFTER_SECONDS));
    // Refused before the plane was asked for anything.
    expect(h.media.ops.length).toBe(opsBefore);
    expect(h.media.liveSessions).toBe(2);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        message: 'INVITE refused: inbound call cap reached',
        data: expect.objectContaining({ reason: 'max_inbound_calls', cap: 2 }) as unknown,
      }),
    );

    // A call ending frees its place.
    first.cancel();
    await h.settle();
    const fourth = h.dial();
    await h.settle();
    expect(fourth.statuses).toEqual([180]);
  });

  it('has no cap by default', async () => {
    h = new CallControlHarness();
    const calls = Array.from({ length: 20 }, () => h.dial());
    await h.settle();
    for (const call of calls) expect(call.statuses).toEqual([180]);
  });
});
