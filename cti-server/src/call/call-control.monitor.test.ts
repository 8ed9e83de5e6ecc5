import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorSessionView } from '../contract/socket-events.js';
import type { MonitorSessionRecord } from './supervisor-monitor.js';
import { CallControlHarness } from './testing/call-control-harness.js';

let h: CallControlHarness;

afterEach(() => {
  expect(h.errors).toEqual([]);
});

const SUPERVISOR = { userId: 'u-sup', name: 'Supervisor One' };

/** A carrier call answered by 1001; 1003's phone registered (the supervisor's), not logged in. */
async function monitored() {
  h = new CallControlHarness();
  const agent = h.phone('1001');
  const supervisorPhone = h.phone('1003');
  h.login('1001');
  const carrier = h.dial();
  await h.settle();
  agent.invites[0]!.answer();
  await h.settle();
  const callId = h.liveCallId();
  const call = h.calls.call(callId)!;
  const changes: Array<MonitorSessionView | null> = [];
  const ended: MonitorSessionRecord[] = [];
  h.calls.monitors.onChange((id, session) => {
    expect(id).toBe(callId);
    changes.push(session);
  });
  h.calls.monitors.onEnded((record) => ended.push(record));
  return { call, callId, carrier, supervisorPhone, changes, ended };
}

describe('monitor sessions: what the board sees and the audit log keeps', () => {
  it('ringing, connected, mode switches and the end, with the modes in order and the time connected', async () => {
    const { call, callId, supervisorPhone, changes, ended } = await monitored();
    const startedAt = h.clock.now();
    await h.calls.monitors.start(call, '1003', 'listen', SUPERVISOR);
    await h.settle();
    expect(h.calls.monitors.session(callId)).toMatchObject({
      callId,
      supervisorUserId: 'u-sup',
      supervisor: 'Supervisor One',
      extension: '1003',
      mode: 'listen',
      connected: false,
    });
    const invite = supervisorPhone.invites[0]!;
    expect(invite.header('From')).toMatch(/<sip:monitor@/);
    expect(invite.header('X-Kefu-Call-Id')).toBe(callId);

    h.clock.advance(2000);
    invite.answer();
    await h.settle();
    expect(h.calls.monitors.session(callId)).toMatchObject({
      connected: true,
      since: new Date(startedAt + 2000).toISOString(),
    });
    h.clock.advance(10_000);
    await h.calls.monitors.setMode(call, 'whisper');
    // The same mode again is no switch.
    await h.calls.monitors.setMode(call, 'whisper');
    h.clock.advance(5000);
    await h.calls.monitors.setMode(call, 'barge');
    h.clock.advance(3000);
    h.calls.monitors.stop(call);
    await h.settle();

    expect(changes.map((c) => c && [c.mode, c.connected])).toEqual([
      ['listen', false],
      ['listen', true],
      ['whisper', true],
      ['barge', true],
      null,
    ]);
    expect(h.calls.monitors.session(callId)).toBeNull();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      callId,
      supervisorUserId: 'u-sup',
      extension: '1003',
      agentExtensions: ['1001'],
      durationMs: 18_000,
      connectedAt: new Date(startedAt + 2000),
    });
    expect(ended[0]!.modes.map((m) => [m.mode, m.at.getTime() - startedAt])).toEqual([
      ['listen', 0],
      ['whisper', 12_000],
      ['barge', 17_000],
    ]);
    // The call goes on with its agent.
    expect(call.state).toBe('connected');
  });

  it('a phone that never answers ends a session of no time; the call ending ends a connected one', async () => {
    const { call, callId, carrier, supervisorPhone, changes, ended } = await monitored();
    await h.calls.monitors.start(call, '1003', 'barge', SUPERVISOR);
    await h.settle();
    h.calls.monitors.stop(call);
    await h.settle();
    expect(ended.at(-1)).toMatchObject({ connectedAt: null, durationMs: 0 });
    expect(changes.at(-1)).toBeNull();

    await h.calls.monitors.start(call, '1003', 'listen', SUPERVISOR);
    await h.settle();
    supervisorPhone.invites.at(-1)!.answer();
    await h.settle();
    h.clock.advance(4000);
    carrier.bye();
    await h.settle();
    expect(h.calls.monitors.session(callId)).toBeNull();
    expect(ended).toHaveLength(2);
    expect(ended[1]).toMatchObject({ durationMs: 4000, modes: [{ mode: 'listen' }] });
  });
});

describe('a supervisor moving a waiting call', () => {
  it('stores the new queue and a later requeue follows it there', async () => {
    h = new CallControlHarness();
    h.dial();
    await h.settle();
    const callId = h.liveCallId();
    expect(h.acd.callQueue(callId)).toBe('q-sales');
    expect(h.acd.moveWaiting(callId, 'q-support')).toBe('moved');
    // What the ACD's connectCalls link tells call control (the harness wires its delegate only).
    h.calls.moved(callId, 'q-support');
    await h.settle();
    expect(h.store.writes.filter((w) => w.callId === callId && w.op === 'queued')).toEqual([
      { callId, op: 'queued', data: { queueId: 'q-sales' } },
      { callId, op: 'queued', data: { queueId: 'q-support' } },
    ]);
    expect(h.calls.call(callId)!.arrival?.queueId).toBe('q-support');
  });
});
