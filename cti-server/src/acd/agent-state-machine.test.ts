import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SimulatedClock } from '../clock/index.js';
import { agentStateMachine, type AgentTransitionRecord } from './agent-state-machine.js';

function start(options: { notReadyReasons?: string[] } = {}) {
  const clock = new SimulatedClock(1_000_000);
  const actor = createActor(agentStateMachine, {
    clock,
    input: { agentId: 'a1', now: () => clock.now(), ...options },
  });
  const records: AgentTransitionRecord[] = [];
  actor.on('transition', (e) => records.push(e.record));
  actor.start();
  const status = () => actor.getSnapshot().context.status;
  return { clock, actor, records, status };
}

const offer = (requireDisposition = false) =>
  ({
    type: 'OFFER',
    callId: 'c1',
    queueId: 'q1',
    ringTimeoutMs: 15_000,
    wrapUpMs: 30_000,
    requireDisposition,
  }) as const;

describe('agent state machine', () => {
  it('logs in ready and records every transition with actor and time', () => {
    const { actor, records, status, clock } = start();
    actor.send({ type: 'LOGIN' });
    clock.advance(5_000);
    actor.send({ type: 'SET_NOT_READY', reason: 'lunch' });
    expect(status()).toBe('not_ready');
    expect(records.slice(1)).toEqual([
      { agentId: 'a1', from: 'logged_out', to: 'ready', reason: 'login', actor: 'a1', at: 1_000_000 },
      { agentId: 'a1', from: 'ready', to: 'not_ready', reason: 'lunch', actor: 'a1', at: 1_005_000 },
    ]);
  });

  it('rejects a not-ready code outside the configured list', () => {
    const { actor, status } = start({ notReadyReasons: ['break', 'lunch'] });
    actor.send({ type: 'LOGIN' });
    actor.send({ type: 'SET_NOT_READY', reason: 'nap' });
    expect(status()).toBe('ready');
    actor.send({ type: 'SET_NOT_READY', reason: 'break' });
    expect(status()).toBe('not_ready');
    actor.send({ type: 'SET_NOT_READY', reason: 'lunch' });
    expect(actor.getSnapshot().context.reason).toBe('lunch');
  });

  it('goes through a whole call and leaves wrap-up when its timer ends', () => {
    const { actor, status, clock, records } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer());
    actor.send({ type: 'RINGING' });
    actor.send({ type: 'ANSWER' });
    actor.send({ type: 'HOLD' });
    actor.send({ type: 'UNHOLD' });
    actor.send({ type: 'CALL_ENDED' });
    expect(status()).toBe('wrap_up');
    clock.advance(29_999);
    expect(status()).toBe('wrap_up');
    clock.advance(1);
    expect(status()).toBe('ready');
    expect(records.map((r) => `${r.to}:${r.reason}`).slice(1)).toEqual([
      'ready:login',
      'reserved:null',
      'ringing:null',
      'on_call:answered',
      'on_call:hold',
      'on_call:unhold',
      'wrap_up:call_ended',
      'ready:wrap_up_complete',
    ]);
    expect(records.at(-1)).toMatchObject({ actor: 'system', callId: 'c1' });
  });

  it('extends wrap-up from the current end', () => {
    const { actor, status, clock } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer());
    actor.send({ type: 'ANSWER' });
    actor.send({ type: 'CALL_ENDED' });
    clock.advance(20_000);
    actor.send({ type: 'EXTEND_WRAP_UP', ms: 15_000 });
    clock.advance(20_000);
    expect(status()).toBe('wrap_up');
    clock.advance(5_000);
    expect(status()).toBe('ready');
  });

  it('holds wrap-up open until a required disposition is given', () => {
    const { actor, status, clock } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer(true));
    actor.send({ type: 'ANSWER' });
    actor.send({ type: 'CALL_ENDED' });
    actor.send({ type: 'SET_READY' });
    expect(status()).toBe('wrap_up');
    clock.advance(60_000);
    expect(actor.getSnapshot().value).toEqual({ wrap_up: 'overdue' });
    actor.send({ type: 'SET_DISPOSITION', code: 'sold' });
    expect(status()).toBe('ready');
  });

  it('RONA: ring timeout makes the agent not ready with missed_call', () => {
    const { actor, status, clock, records } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer());
    actor.send({ type: 'RINGING' });
    clock.advance(15_000);
    expect(status()).toBe('not_ready');
    expect(records.at(-1)).toMatchObject({
      from: 'ringing',
      reason: 'missed_call',
      actor: 'system',
      callId: 'c1',
    });
  });

  it('a reject is a missed call too', () => {
    const { actor, status, records } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer());
    actor.send({ type: 'REJECT' });
    expect(status()).toBe('not_ready');
    expect(records.at(-1)?.reason).toBe('missed_call');
  });

  it('cannot be offered while the phone is unregistered; unregistering while ringing releases the offer', () => {
    const { actor, status, records } = start();
    actor.send({ type: 'LOGIN' });
    actor.send({ type: 'PHONE_UNREGISTERED' });
    actor.send(offer());
    expect(status()).toBe('ready');
    actor.send({ type: 'PHONE_REGISTERED' });
    actor.send(offer());
    actor.send({ type: 'RINGING' });
    actor.send({ type: 'CONSOLE_DISCONNECTED' });
    expect(status()).toBe('ready');
    expect(records.at(-1)).toMatchObject({ from: 'ringing', reason: 'console_disconnected', callId: 'c1' });
    expect(actor.getSnapshot().context.consoleConnected).toBe(false);
  });

  it('a supervisor can force a state, recorded with their id', () => {
    const { actor, status, records } = start();
    actor.send({ type: 'LOGIN' });
    actor.send({ type: 'FORCE_STATE', to: 'logged_out', actor: 'sup1' });
    expect(status()).toBe('logged_out');
    expect(records.at(-1)).toMatchObject({ actor: 'sup1', reason: 'supervisor' });
    actor.send({ type: 'FORCE_STATE', to: 'not_ready', actor: 'sup1', reason: 'coaching' });
    expect(status()).toBe('not_ready');
    expect(records.at(-1)).toMatchObject({ actor: 'sup1', reason: 'coaching' });
  });

  it('does not log out or accept a forced state in the middle of a call', () => {
    const { actor, status } = start();
    actor.send({ type: 'LOGIN' });
    actor.send(offer());
    actor.send({ type: 'ANSWER' });
    actor.send({ type: 'LOGOUT' });
    actor.send({ type: 'FORCE_STATE', to: 'ready', actor: 'sup1' });
    expect(status()).toBe('on_call');
  });
});
