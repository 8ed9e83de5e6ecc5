import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { CALL_PHASES, callLifecycle, CallLifecycle, type CallStateChange } from './call-lifecycle.js';
import { withCallStatesDiagram } from './call-states-diagram.js';

function lifecycle(input = { reconnectGraceMs: 60_000, voicemailMaxMs: 120_000 }) {
  const clock = new SimulatedClock();
  const refused: string[] = [];
  const changes: CallStateChange[] = [];
  const call = new CallLifecycle(input, clock, (from, event) => refused.push(`${from} ${event}`));
  call.onChange((change) => changes.push(change));
  return { call, clock, refused, changes };
}

describe('the call lifecycle machine', () => {
  it('its top-level states are the phases the API and the console know', () => {
    expect(Object.keys(callLifecycle.root.states).sort()).toEqual([...CALL_PHASES].sort());
  });

  it('goes routing → ivr → queued → connected → ended and tells each change', () => {
    const { call, refused, changes } = lifecycle();
    expect(call.phase).toBe('routing');
    for (const type of ['IVR', 'QUEUE', 'AGENT_ANSWERED'] as const) expect(call.send({ type })).toBe(true);
    expect(call.send({ type: 'END', endedBy: 'caller', sipCause: 200 })).toBe(true);
    expect(call.phase).toBe('ended');
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual([
      'routing→ivr',
      'ivr→queued',
      'queued→connected',
      'connected→ended',
    ]);
    expect(refused).toEqual([]);
  });

  it('refuses moves the call cannot make, and changes nothing', () => {
    const { call, refused, changes } = lifecycle();
    expect(call.send({ type: 'AGENT_ANSWERED' })).toBe(false); // nobody was offered the call yet
    expect(call.send({ type: 'AGENT_LOST' })).toBe(false);
    expect(call.phase).toBe('routing');
    call.send({ type: 'END', endedBy: 'system', sipCause: 404 });
    expect(call.send({ type: 'QUEUE' })).toBe(false); // an ended call stays ended
    expect(call.send({ type: 'END', endedBy: 'caller', sipCause: 487 })).toBe(false);
    expect(refused).toEqual(['routing AGENT_ANSWERED', 'routing AGENT_LOST', 'ended QUEUE', 'ended END']);
    expect(changes).toHaveLength(1);
  });

  it('hold and resume are states of a connected call; a hand-over or a lost agent clears the hold', () => {
    const { call } = lifecycle();
    call.send({ type: 'QUEUE' });
    expect(call.send({ type: 'HOLD' })).toBe(false); // nothing to hold while queued
    call.send({ type: 'AGENT_ANSWERED' });
    call.send({ type: 'HOLD' });
    expect(call.held).toBe(true);
    call.send({ type: 'HANDED_OVER' });
    expect(call.held).toBe(false);
    call.send({ type: 'HOLD' });
    call.send({ type: 'AGENT_LOST' });
    call.send({ type: 'AGENT_BACK' });
    expect(call.phase).toBe('connected');
    expect(call.held).toBe(false);
  });

  it('a lost agent has the grace period on the injected clock, then call control is told', () => {
    const { call, clock } = lifecycle({ reconnectGraceMs: 30_000, voicemailMaxMs: 1 });
    let expired = 0;
    call.on('reconnect.expired', () => expired++);
    call.send({ type: 'QUEUE' });
    call.send({ type: 'AGENT_ANSWERED' });
    call.send({ type: 'AGENT_LOST' });
    clock.advance(29_999);
    expect(expired).toBe(0);
    clock.advance(1);
    expect(expired).toBe(1);
    expect(call.phase).toBe('reconnecting'); // call control decides (requeue)
  });

  it('an agent back in time cancels the grace timer', () => {
    const { call, clock } = lifecycle();
    let expired = 0;
    call.on('reconnect.expired', () => expired++);
    call.send({ type: 'QUEUE' });
    call.send({ type: 'AGENT_ANSWERED' });
    call.send({ type: 'AGENT_LOST' });
    clock.advance(10_000);
    call.send({ type: 'AGENT_BACK' });
    clock.advance(120_000);
    expect(expired).toBe(0);
  });

  it('a voicemail is cut at its maximum length unless the caller hangs up first', () => {
    const { call, clock } = lifecycle({ reconnectGraceMs: 1, voicemailMaxMs: 120_000 });
    let full = 0;
    call.on('voicemail.full', () => full++);
    call.send({ type: 'IVR' });
    call.send({ type: 'VOICEMAIL' });
    clock.advance(120_000);
    expect(full).toBe(1);

    const other = lifecycle({ reconnectGraceMs: 1, voicemailMaxMs: 120_000 });
    let otherFull = 0;
    other.call.on('voicemail.full', () => otherFull++);
    other.call.send({ type: 'IVR' });
    other.call.send({ type: 'VOICEMAIL' });
    other.call.send({ type: 'END', endedBy: 'caller', sipCause: 200 });
    other.clock.advance(200_000);
    expect(otherFull).toBe(0);
  });

  it('docs/ARCHITECTURE.md draws the machine as it is (pnpm --filter @kefu/cti-server docs:call-states)', () => {
    const doc = readFileSync(new URL('../../../docs/ARCHITECTURE.md', import.meta.url), 'utf8');
    expect(withCallStatesDiagram(doc)).toBe(doc);
  });
});
