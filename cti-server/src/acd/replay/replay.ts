import { SimulatedClock } from '../../clock/index.js';
import { Acd } from '../acd.js';
import {
  applyCallEvent,
  emptyAgentsByState,
  emptyQueueCounters,
  queueSnapshot,
  type AcdCallEvent,
  type QueueCounters,
} from '../queue-metrics.js';
import type { AgentStatus, QueueConfig } from '../types.js';
import type {
  QueueOutcome,
  RecordedCall,
  ReplayOptions,
  ReplayScenario,
  StaffingChange,
} from './replay-types.js';

const DEFAULTS = { answerDelayMs: 3_000, defaultTalkMs: 180_000, drainMs: 2 * 3600_000 };
/** States from which an agent's postponed staffing change is tried again. */
const SETTLED: ReadonlySet<AgentStatus> = new Set(['ready', 'not_ready', 'wrap_up']);

/**
 * Replays recorded arrivals through the real ACD on a simulated clock. Callers keep their
 * recorded behaviour: one who hung up after N seconds hangs up after N seconds again unless
 * answered sooner; one who was answered waits as long as it takes. Talk time is the recorded
 * one (the queue's average for calls never answered). Agents answer after `answerDelayMs` and
 * follow their recorded availability changes; a change they could not make mid-call is made as
 * soon as the machine allows (in wrap-up or after).
 */
export function runReplay(scenario: ReplayScenario, options: ReplayOptions = {}): QueueOutcome[] {
  const opts = {
    answerDelayMs: options.answerDelayMs ?? DEFAULTS.answerDelayMs,
    defaultTalkMs: options.defaultTalkMs ?? DEFAULTS.defaultTalkMs,
    drainMs: options.drainMs ?? DEFAULTS.drainMs,
  };
  const clock = new SimulatedClock(scenario.from);
  const counters = countersFor(scenario.queues);
  const talkMs = talkTimes(scenario.calls, opts.defaultTalkMs);
  const postponed = new Map<string, StaffingChange>();
  const later = (fn: () => void, ms = 0) => clock.setTimeout(fn, ms);

  const acd: Acd = new Acd({
    clock,
    delegate: {
      onOffer({ callId, agentId }) {
        const stillOffered = () => acd.callAgent(callId) === agentId && acd.callPhase(callId) === 'offered';
        later(() => stillOffered() && acd.ringing(callId));
        later(() => stillOffered() && acd.answer(callId), opts.answerDelayMs);
      },
      onCallEvent(event) {
        fold(counters, event);
        if (event.type === 'answered') later(() => acd.finish(event.callId), talkMs(event.callId));
      },
      onAgentTransition(record) {
        const change = postponed.get(record.agentId);
        if (change && SETTLED.has(record.to)) later(() => applyStaffing(acd, change, postponed));
      },
    },
  });
  for (const queue of scenario.queues) acd.defineQueue({ ...queue, requireDisposition: false });
  for (const agent of scenario.agents) acd.addAgent(agent);

  for (const change of scenario.staffing) {
    later(() => applyStaffing(acd, change, postponed), Math.max(0, change.at - scenario.from));
  }
  for (const call of [...scenario.calls].sort((a, b) => a.offeredAt - b.offeredAt)) {
    if (call.offeredAt < scenario.from || call.offeredAt > scenario.to) continue;
    later(() => {
      acd.enqueue({ callId: call.callId, queueId: call.queueId, priority: call.priority });
      const patience = patienceOf(call);
      if (patience !== null) later(() => acd.abandon(call.callId), patience);
    }, call.offeredAt - scenario.from);
  }
  clock.advanceTo(scenario.to + opts.drainMs);

  const unresolved = new Map<string, number>();
  for (const callId of acd.liveCalls()) {
    const queueId = acd.callQueue(callId)!;
    unresolved.set(queueId, (unresolved.get(queueId) ?? 0) + 1);
  }
  return scenario.queues.map((q) => outcome(counters.get(q.id)!, unresolved.get(q.id) ?? 0));
}

/** The same figures for what actually happened, from the recorded calls alone. */
export function recordedOutcomes(scenario: ReplayScenario): QueueOutcome[] {
  const counters = countersFor(scenario.queues);
  const unresolved = new Map<string, number>();
  for (const call of scenario.calls) {
    if (call.offeredAt < scenario.from || call.offeredAt > scenario.to) continue;
    const base = { callId: call.callId, queueId: call.queueId };
    fold(counters, { ...base, type: 'queued', at: call.offeredAt, priority: call.priority });
    if (call.answeredAt !== null) {
      const waitedMs = call.answeredAt - call.offeredAt;
      fold(counters, { ...base, type: 'answered', agentId: '', at: call.answeredAt, waitedMs });
    } else if (call.endedAt !== null) {
      fold(counters, {
        ...base,
        type: 'abandoned',
        at: call.endedAt,
        waitedMs: call.endedAt - call.offeredAt,
      });
    } else unresolved.set(call.queueId, (unresolved.get(call.queueId) ?? 0) + 1);
  }
  return scenario.queues.map((q) => outcome(counters.get(q.id)!, unresolved.get(q.id) ?? 0));
}

function applyStaffing(acd: Acd, change: StaffingChange, postponed: Map<string, StaffingChange>): void {
  const status = acd.agentStatus(change.agentId);
  if (status === undefined) return;
  let done: boolean;
  if (change.state === 'logged_out') done = status === 'logged_out' || acd.logout(change.agentId);
  else if (status === 'logged_out') {
    done = acd.login(
      change.agentId,
      change.state === 'not_ready' ? { notReadyReason: change.reason ?? 'other' } : {},
    );
  } else if (change.state === 'ready') done = status === 'ready' || acd.setReady(change.agentId);
  else done = acd.setNotReady(change.agentId, change.reason ?? 'other');
  // The newest wish wins: an older postponed change is dropped either way.
  if (done) postponed.delete(change.agentId);
  else postponed.set(change.agentId, change);
}

/** A caller who hung up unanswered hangs up after the same wait; one who was answered never does. */
function patienceOf(call: RecordedCall): number | null {
  return call.answeredAt === null && call.endedAt !== null
    ? Math.max(0, call.endedAt - call.offeredAt)
    : null;
}

function talkTimes(calls: RecordedCall[], fallback: number): (callId: string) => number {
  const own = new Map<string, number>();
  const byQueue = new Map<string, { sum: number; n: number }>();
  for (const c of calls) {
    if (c.answeredAt === null || c.endedAt === null) continue;
    const talk = Math.max(0, c.endedAt - c.answeredAt);
    own.set(c.callId, talk);
    const q = byQueue.get(c.queueId) ?? { sum: 0, n: 0 };
    byQueue.set(c.queueId, { sum: q.sum + talk, n: q.n + 1 });
  }
  const queueOf = new Map(calls.map((c) => [c.callId, c.queueId]));
  return (callId) => {
    const talk = own.get(callId);
    if (talk !== undefined) return talk;
    const q = byQueue.get(queueOf.get(callId) ?? '');
    return q ? q.sum / q.n : fallback;
  };
}

function countersFor(queues: QueueConfig[]): Map<string, QueueCounters> {
  return new Map(queues.map((q) => [q.id, emptyQueueCounters(q.id, q.serviceLevelSeconds)]));
}

function fold(counters: Map<string, QueueCounters>, event: AcdCallEvent): void {
  const c = counters.get(event.queueId);
  if (c) counters.set(event.queueId, applyCallEvent(c, event));
}

function outcome(c: QueueCounters, unresolved: number): QueueOutcome {
  const s = queueSnapshot(c, {
    now: 0,
    waiting: 0,
    oldestArrival: null,
    agentsByState: emptyAgentsByState(),
  });
  return {
    queueId: c.queueId,
    offered: c.entered,
    answered: c.answered,
    abandoned: c.abandoned,
    overflowed: c.overflowed,
    unresolved,
    serviceLevelSeconds: c.serviceLevelMs / 1000,
    serviceLevel: s.serviceLevel,
    asaMs: s.asaMs,
    abandonRate: s.abandonRate,
  };
}
