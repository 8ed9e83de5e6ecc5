import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { InboundCall } from './inbound-call.js';
import { CallControlHarness } from './testing/call-control-harness.js';

// A full collection on demand, for this file only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects a few times (finalizers may need more than one pass); is the weakly held object gone? */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  if (process.env.MEMORY_TEST_SNAPSHOT) writeHeapSnapshot(process.env.MEMORY_TEST_SNAPSHOT);
  return ref.deref() === undefined;
}

/** A carrier call answered by agent 1001, and the call control's InboundCall, held weakly. */
async function answered() {
  const h = new CallControlHarness();
  const phone = h.phone('1001');
  h.login('1001');
  const carrier = h.dial();
  await h.settle();
  phone.invites[0]!.answer();
  await h.settle();
  expect(carrier.statuses).toEqual([180, 200]);
  const live = [...h.calls.activeCalls] as InboundCall[];
  expect(live).toHaveLength(1);
  const call = new WeakRef(live[0]!);
  live.length = 0;
  return { h, phone, carrier, call };
}

// The SIP layer keeps a call's transactions for 32 s after their final responses (RFC 6026
// Timer L and M, RFC 3261 Timer J): at 200 calls/s that is 6,400 ended calls at any time. They
// must not keep the calls themselves (dialogs, machine, media, offers) with them.
describe('an ended call is garbage while its transactions linger', () => {
  it('the carrier hangs up', async () => {
    const { h, carrier, call } = await answered();
    carrier.bye();
    await h.settle();
    await h.advance(1000);
    expect([...h.calls.activeCalls]).toEqual([]);
    expect(await collected(call)).toBe(true);
    expect(h.errors).toEqual([]);
  });

  it('the agent hangs up', async () => {
    const { h, phone, call } = await answered();
    phone.invites[0]!.bye();
    await h.settle();
    await h.advance(1000);
    expect([...h.calls.activeCalls]).toEqual([]);
    expect(await collected(call)).toBe(true);
    expect(h.errors).toEqual([]);
  });
});
