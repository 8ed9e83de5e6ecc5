import { createActor, type Actor } from 'xstate';
import { systemClock, type Clock, type TimerHandle } from '../clock/index.js';
import {
  agentStateMachine,
  type AgentMachineEvent,
  type AgentTransitionRecord,
} from './agent-state-machine.js';
import type { AcdCalls, AcdDelegate } from './acd-delegate.js';
import {
  agentSnapshot,
  applyCallEvent,
  emptyAgentsByState,
  emptyQueueCounters,
  queueSnapshot,
  type AcdCallEvent,
  type AgentMetricsSnapshot,
  type QueueCounters,
} from './queue-metrics.js';
import { nextRelaxationAtMs } from './relaxation.js';
import type { RoutingDecision } from './routing-decision.js';
import { RoutingEngine, type RoutingEngineOptions } from './routing-engine.js';
import type { AgentProfile, AgentStatus, CallArrival, QueueConfig } from './types.js';

export interface AcdOptions extends RoutingEngineOptions {
  /** Time of the ACD and its agent machines (ring timeout, wrap-up, relaxation, overflow); `systemClock` by default. */
  clock?: Clock;
  delegate?: AcdDelegate;
  /** Allowed not-ready codes for every agent; any code when omitted. */
  notReadyReasons?: readonly string[];
}

export type CallPhase = 'waiting' | 'offered' | 'connected';

interface TrackedCall {
  arrival: CallArrival;
  queueId: string;
  phase: CallPhase;
  agentId: string | null;
  arrivedAt: number;
  queueEnteredAt: number;
  seq: number;
  timer: TimerHandle;
  decisions: RoutingDecision[];
}

const DEFAULTS = { ringTimeoutSeconds: 20, wrapUpSeconds: 30 };
const OFFER_STATES: ReadonlySet<AgentStatus> = new Set(['reserved', 'ringing', 'on_call']);

/**
 * The ACD: agent machines + routing engine + queue timers, wired together. Network-free: the call
 * layer tells it what happens to calls and agents and hears back through the delegate. Every
 * public method leaves it settled: no offerable agent is left next to a call it qualifies for.
 */
export class Acd {
  readonly engine: RoutingEngine;
  private readonly clock: Clock;
  private readonly delegate: AcdDelegate;
  private readonly actors = new Map<string, Actor<typeof agentStateMachine>>();
  private readonly calls = new Map<string, TrackedCall>();
  private readonly offerByAgent = new Map<string, TrackedCall>();
  private readonly counters = new Map<string, QueueCounters>();
  private readonly agentsByState = new Map<string, Record<AgentStatus, number>>();
  private readonly pendingRecords: AgentTransitionRecord[] = [];
  private readonly touchedAgents = new Set<string>();
  private readonly callsToRoute = new Set<TrackedCall>();
  private readonly agentsToRoute = new Set<string>();
  private readonly dirtyQueues = new Set<string>();
  private readonly dirtyAgents = new Set<string>();
  private readonly actorClock: Clock;
  /** Call control, once connected: it rings the agents the ACD offers calls to. */
  private callLayer: AcdCalls | undefined;
  private settling = false;
  private seq = 0;
  private notReadyReasons: readonly string[] | undefined;

  constructor(private readonly options: AcdOptions) {
    this.clock = options.clock ?? systemClock;
    this.notReadyReasons = options.notReadyReasons;
    this.delegate = options.delegate ?? {};
    this.engine = new RoutingEngine(options);
    // Machine timers (ring timeout, wrap-up) settle the ACD after they fire, outside the actor.
    this.actorClock = {
      now: () => this.clock.now(),
      setTimeout: (fn, ms) => this.clock.setTimeout(() => this.afterTimer(fn), ms),
      clearTimeout: (h) => this.clock.clearTimeout(h),
    };
  }

  /** Call control rings the agents the ACD picks (offers, withdrawals and overflows go to it). */
  connectCalls(calls: AcdCalls): void {
    this.callLayer = calls;
  }

  // ── configuration ──────────────────────────────────────────────────────────────────────

  /**
   * Defines a queue, or redefines it while calls wait in it (the administration changed it).
   * Waiting calls stay where they are and get the new requirement, order and timers (relaxation,
   * max wait, counted from their entry); offered and connected ones keep their offer, and the
   * next offer uses the new ring timeout, wrap-up and disposition rule. The day's counters
   * stay, with the new service-level threshold from now on.
   */
  defineQueue(config: QueueConfig): void {
    this.engine.defineQueue(config);
    const counters = this.counters.get(config.id);
    this.counters.set(
      config.id,
      counters
        ? { ...counters, serviceLevelMs: (config.serviceLevelSeconds ?? 20) * 1000 }
        : emptyQueueCounters(config.id, config.serviceLevelSeconds),
    );
    this.recountAgentsByState();
    for (const call of this.calls.values())
      if (call.queueId === config.id && call.phase === 'waiting') this.armTimer(call);
    for (const call of this.calls.values()) if (call.queueId === config.id) this.callsToRoute.add(call);
    this.settle();
  }

  /**
   * The not-ready codes agents may pick from now on (the system's own codes stay accepted);
   * agents already not ready keep their reason.
   */
  setNotReadyReasons(codes: readonly string[] | undefined): void {
    this.notReadyReasons = codes;
    for (const actor of this.actors.values()) actor.send({ type: 'SET_REASON_LIST', codes: codes ?? null });
  }

  addAgent(profile: AgentProfile): void {
    this.engine.addAgent(profile, this.clock.now());
    const actor = createActor(agentStateMachine, {
      clock: this.actorClock,
      input: {
        agentId: profile.id,
        now: () => this.clock.now(),
        notReadyReasons: this.notReadyReasons,
      },
    });
    actor.on('transition', (e) => this.pendingRecords.push(e.record));
    this.actors.set(profile.id, actor);
    actor.start();
    for (const q of this.engine.agent(profile.id)!.staffedQueues) {
      this.agentsByState.get(q)!.logged_out++;
      this.dirtyQueues.add(q);
    }
    this.settle();
  }

  setAgentSkills(agentId: string, skills: Record<string, number>, languages?: string[]): void {
    this.engine.setAgentSkills(agentId, skills, languages);
    this.recountAgentsByState();
    this.agentsToRoute.add(agentId);
    this.settle();
  }

  // ── agent commands (return false when the state machine refused the event) ──────────────

  login(agentId: string, opts: { notReadyReason?: string; actor?: string } = {}): boolean {
    return this.sendAgent(agentId, { type: 'LOGIN', ...opts });
  }
  logout(agentId: string, actor?: string): boolean {
    return this.sendAgent(agentId, { type: 'LOGOUT', actor });
  }
  setReady(agentId: string, actor?: string): boolean {
    return this.sendAgent(agentId, { type: 'SET_READY', actor });
  }
  setNotReady(agentId: string, reason: string, actor?: string): boolean {
    return this.sendAgent(agentId, { type: 'SET_NOT_READY', reason, actor });
  }
  setPhoneRegistered(agentId: string, registered: boolean): boolean {
    return this.sendAgent(agentId, { type: registered ? 'PHONE_REGISTERED' : 'PHONE_UNREGISTERED' });
  }
  setConsoleConnected(agentId: string, connected: boolean): boolean {
    return this.sendAgent(agentId, { type: connected ? 'CONSOLE_CONNECTED' : 'CONSOLE_DISCONNECTED' });
  }
  hold(agentId: string, held: boolean): boolean {
    return this.sendAgent(agentId, { type: held ? 'HOLD' : 'UNHOLD' });
  }
  consult(agentId: string, active: boolean): boolean {
    return this.sendAgent(agentId, { type: active ? 'CONSULT_START' : 'CONSULT_END' });
  }
  setDisposition(agentId: string, code: string): boolean {
    return this.sendAgent(agentId, { type: 'SET_DISPOSITION', code });
  }
  extendWrapUp(agentId: string, seconds: number): boolean {
    return this.sendAgent(agentId, { type: 'EXTEND_WRAP_UP', ms: seconds * 1000 });
  }
  /** Supervisor override; refused while the agent is offered or on a call. */
  forceState(
    agentId: string,
    to: 'ready' | 'not_ready' | 'logged_out',
    supervisorId: string,
    reason?: string,
  ) {
    return this.sendAgent(agentId, { type: 'FORCE_STATE', to, actor: supervisorId, reason });
  }

  // ── call commands ──────────────────────────────────────────────────────────────────────

  enqueue(arrival: CallArrival): void {
    if (this.calls.has(arrival.callId)) throw new Error(`call ${arrival.callId} already in the ACD`);
    const now = this.clock.now();
    const call: TrackedCall = {
      arrival,
      queueId: arrival.queueId,
      phase: 'waiting',
      agentId: null,
      arrivedAt: now,
      queueEnteredAt: now,
      seq: this.seq++,
      timer: undefined,
      decisions: [],
    };
    this.calls.set(arrival.callId, call);
    this.putWaiting(call, false);
    this.emitCall({
      type: 'queued',
      callId: arrival.callId,
      queueId: call.queueId,
      at: now,
      priority: arrival.priority ?? 0,
    });
    // A disabled queue takes no new call: it overflows at once (call control checks first that
    // there is an overflow; `acceptsCalls`).
    if (this.engine.queue(call.queueId)?.closed && this.engine.queue(call.queueId)?.overflow)
      this.overflow(call, now);
    this.settle();
  }

  /**
   * What happens to a new call for this queue: `queue` it waits there; `overflow` the queue is
   * disabled and sends it on at once; `closed` disabled without an overflow (the caller is
   * refused); `unknown` no such queue.
   */
  acceptsCalls(queueId: string): 'queue' | 'overflow' | 'closed' | 'unknown' {
    const queue = this.engine.queue(queueId);
    if (!queue) return 'unknown';
    if (!queue.closed) return 'queue';
    return queue.overflow ? 'overflow' : 'closed';
  }

  /** The agent's phone is ringing (the call layer sent the INVITE and got 180). */
  ringing(callId: string): boolean {
    const call = this.calls.get(callId);
    return call?.phase === 'offered' && this.sendAgent(call.agentId!, { type: 'RINGING' });
  }

  answer(callId: string): boolean {
    const call = this.calls.get(callId);
    if (call?.phase !== 'offered') return false;
    const agentId = call.agentId!;
    if (!this.sendAgent(agentId, { type: 'ANSWER' }, false)) return false;
    const now = this.clock.now();
    call.phase = 'connected';
    this.offerByAgent.delete(agentId);
    this.engine.recordAnswer(agentId, now);
    this.emitCall({
      type: 'answered',
      callId,
      queueId: call.queueId,
      agentId,
      at: now,
      waitedMs: now - call.queueEnteredAt,
    });
    this.settle();
    return true;
  }

  /** The agent declined (or the INVITE to them failed): RONA, the call goes back to the head. */
  reject(callId: string): boolean {
    const call = this.calls.get(callId);
    return call?.phase === 'offered' && this.sendAgent(call.agentId!, { type: 'REJECT' });
  }

  /** The caller hung up before being connected. */
  abandon(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call || call.phase === 'connected') return false;
    const now = this.clock.now();
    this.calls.delete(callId);
    this.clock.clearTimeout(call.timer);
    this.callsToRoute.delete(call);
    if (call.phase === 'waiting') this.engine.removeWaiting(callId);
    else {
      this.offerByAgent.delete(call.agentId!);
      this.sendAgent(call.agentId!, { type: 'CALL_CANCELLED' }, false);
    }
    this.emitCall({
      type: 'abandoned',
      callId,
      queueId: call.queueId,
      at: now,
      waitedMs: now - call.queueEnteredAt,
    });
    this.settle();
    return true;
  }

  /** A connected call ended: the agent enters wrap-up. */
  finish(callId: string): boolean {
    const call = this.calls.get(callId);
    if (call?.phase !== 'connected') return false;
    this.calls.delete(callId);
    this.sendAgent(call.agentId!, { type: 'CALL_ENDED' }, false);
    this.emitCall({
      type: 'finished',
      callId,
      queueId: call.queueId,
      agentId: call.agentId!,
      at: this.clock.now(),
    });
    this.settle();
    return true;
  }

  // ── supervisor actions on waiting calls ────────────────────────────────────────────────

  /**
   * A supervisor moves a waiting call to another queue, as an overflow to a queue would: the
   * caller keeps their arrival time, so they take their place in the new line by how long
   * they have already waited (a moved caller is not sent to the back); the new queue's service
   * level and relaxation count from now. The old queue counts the call as overflowed.
   */
  moveWaiting(callId: string, queueId: string): 'moved' | 'not_waiting' | 'unknown_queue' | 'closed' {
    const call = this.calls.get(callId);
    if (call?.phase !== 'waiting') return 'not_waiting';
    const target = this.engine.queue(queueId);
    if (!target) return 'unknown_queue';
    if (target.closed) return 'closed';
    if (queueId === call.queueId) return 'moved';
    const now = this.clock.now();
    this.engine.removeWaiting(callId);
    this.clock.clearTimeout(call.timer);
    this.callsToRoute.delete(call);
    this.emitCall({
      type: 'overflowed',
      callId,
      queueId: call.queueId,
      at: now,
      waitedMs: now - call.queueEnteredAt,
      target: { kind: 'queue', queueId },
    });
    call.queueId = queueId;
    call.queueEnteredAt = now;
    call.arrival = { ...call.arrival, queueId };
    this.putWaiting(call, false);
    this.emitCall({ type: 'queued', callId, queueId, at: now, priority: call.arrival.priority ?? 0 });
    this.callLayer?.moved?.(callId, queueId);
    this.settle();
    return 'moved';
  }

  /**
   * A supervisor gives a waiting call to a named agent: offered to them now, whatever their
   * skills, when they could take an offer (ready, phone registered, console connected, not
   * already offered one). The decision says a supervisor chose.
   */
  giveTo(callId: string, agentId: string): 'offered' | 'not_waiting' | 'agent_unavailable' {
    const call = this.calls.get(callId);
    if (call?.phase !== 'waiting') return 'not_waiting';
    if (!this.engine.agent(agentId)?.offerable) return 'agent_unavailable';
    const now = this.clock.now();
    const queue = this.engine.queue(call.queueId)!;
    const waiting = this.engine.waitingCall(callId)!;
    const requirement = this.engine.requirementAt(waiting, now);
    this.offer(call, {
      callId,
      queueId: call.queueId,
      agentId,
      at: now,
      trigger: 'supervisor',
      strategy: queue.strategy ?? 'least_busy',
      waitedMs: now - call.queueEnteredAt,
      relaxationStep: requirement.step,
      requirement,
      candidatesConsidered: 1,
      qualified: 1,
      excludedCounts: {},
      excludedExamples: [],
      ranked: [],
      why: 'given to this agent by a supervisor',
    });
    this.settle();
    return 'offered';
  }

  // ── queries ────────────────────────────────────────────────────────────────────────────

  callPhase(callId: string): CallPhase | undefined {
    return this.calls.get(callId)?.phase;
  }
  callAgent(callId: string): string | null {
    return this.calls.get(callId)?.agentId ?? null;
  }
  callQueue(callId: string): string | undefined {
    return this.calls.get(callId)?.queueId;
  }
  /**
   * A waiting call's place in its queue's service order (1 = next), and the queue's average
   * speed of answer so far — what a caller is told while waiting. Undefined unless waiting.
   */
  waitingPosition(callId: string): { position: number; asaMs: number | null } | undefined {
    const call = this.engine.waitingCall(callId);
    const line = call && this.engine.line(call.queueId);
    if (!call || !line) return undefined;
    return { position: line.calls.indexOf(call) + 1, asaMs: this.queueMetrics(call.queueId)?.asaMs ?? null };
  }
  /** Every routing decision made for the call, oldest first (for Interaction.routing). */
  decisions(callId: string): readonly RoutingDecision[] {
    return this.calls.get(callId)?.decisions ?? [];
  }
  agentStatus(agentId: string): AgentStatus | undefined {
    return this.actors.get(agentId)?.getSnapshot().context.status;
  }
  agentContext(agentId: string) {
    return this.actors.get(agentId)?.getSnapshot().context;
  }
  /** The call offered to (reserved for or ringing at) an agent. */
  offeredCall(agentId: string): string | undefined {
    return this.offerByAgent.get(agentId)?.arrival.callId;
  }
  liveCalls(): IterableIterator<string> {
    return this.calls.keys();
  }
  agentMetrics(agentId: string): AgentMetricsSnapshot | undefined {
    const entry = this.engine.agent(agentId);
    const ctx = this.agentContext(agentId);
    return entry && ctx ? agentSnapshot(entry, ctx.reason, this.clock.now()) : undefined;
  }
  queueMetrics(queueId: string) {
    const counters = this.counters.get(queueId);
    const line = this.engine.line(queueId);
    if (!counters || !line) return undefined;
    return queueSnapshot(counters, {
      now: this.clock.now(),
      waiting: line.size,
      oldestArrival: line.oldestArrival(),
      agentsByState: this.agentsByState.get(queueId) ?? emptyAgentsByState(),
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  private sendAgent(agentId: string, event: AgentMachineEvent, settle = true): boolean {
    const actor = this.actors.get(agentId);
    if (!actor) throw new Error(`unknown agent ${agentId}`);
    if (!actor.getSnapshot().can(event)) return false;
    actor.send(event);
    this.touchedAgents.add(agentId);
    if (settle) this.settle();
    return true;
  }

  private afterTimer(fn: () => void): void {
    fn();
    this.settle();
  }

  /** Runs until nothing is left to do: records, agent syncs, routing. Re-entrant calls fold in. */
  private settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (;;) {
        const record = this.pendingRecords.shift();
        if (record) {
          this.handleRecord(record);
          continue;
        }
        if (this.touchedAgents.size > 0) {
          for (const id of this.touchedAgents) this.syncAgent(id);
          this.touchedAgents.clear();
          continue;
        }
        const call = first(this.callsToRoute);
        if (call) {
          this.callsToRoute.delete(call);
          if (call.phase === 'waiting' && this.calls.get(call.arrival.callId) === call) this.routeCall(call);
          continue;
        }
        const agentId = first(this.agentsToRoute);
        if (agentId === undefined) break;
        this.agentsToRoute.delete(agentId);
        if (this.engine.agent(agentId)?.offerable) {
          const decision = this.engine.chooseCall(agentId, this.clock.now());
          if (decision) this.offer(this.calls.get(decision.callId)!, decision);
        }
      }
      this.publishMetrics();
    } finally {
      this.settling = false;
    }
  }

  private handleRecord(record: AgentTransitionRecord): void {
    this.delegate.onAgentTransition?.(record);
    this.touchedAgents.add(record.agentId);
    this.dirtyAgents.add(record.agentId);
    const call = this.offerByAgent.get(record.agentId);
    if (call && record.callId === call.arrival.callId && !OFFER_STATES.has(record.to)) {
      // The offer failed (RONA, reject, logout, unregistered, disconnected): back to the head.
      this.offerByAgent.delete(record.agentId);
      const now = this.clock.now();
      this.delegate.onOfferWithdrawn?.({
        callId: call.arrival.callId,
        agentId: record.agentId,
        reason: record.reason,
      });
      this.callLayer?.withdrawOffer(call.arrival.callId, record.agentId, record.reason);
      this.emitCall({
        type: 'requeued',
        callId: call.arrival.callId,
        queueId: call.queueId,
        agentId: record.agentId,
        at: now,
        reason: record.reason,
      });
      this.putWaiting(call, true);
    }
  }

  private syncAgent(agentId: string): void {
    const ctx = this.actors.get(agentId)!.getSnapshot().context;
    const entry = this.engine.agent(agentId)!;
    const offerable =
      ctx.status === 'ready' &&
      ctx.phoneRegistered &&
      ctx.consoleConnected &&
      !this.offerByAgent.has(agentId);
    const before = entry.status;
    const wasOfferable = entry.offerable;
    this.engine.updateAgent(agentId, ctx.status, offerable, this.clock.now());
    if (before !== ctx.status) {
      for (const q of entry.staffedQueues) {
        const counts = this.agentsByState.get(q)!;
        counts[before]--;
        counts[ctx.status]++;
        this.dirtyQueues.add(q);
      }
    }
    if (offerable && !wasOfferable) this.agentsToRoute.add(agentId);
  }

  private routeCall(call: TrackedCall): void {
    const decision = this.engine.chooseAgent(call.arrival.callId, this.clock.now());
    if (decision.agentId) this.offer(call, decision);
    else if (call.decisions.at(-1)?.why !== decision.why || call.decisions.length === 0)
      this.noteDecision(call, decision);
  }

  private noteDecision(call: TrackedCall, decision: RoutingDecision): void {
    call.decisions.push(decision);
    this.delegate.onDecision?.(decision);
  }

  private offer(call: TrackedCall, decision: RoutingDecision): void {
    const agentId = decision.agentId!;
    const queue = this.engine.queue(call.queueId)!;
    this.engine.removeWaiting(call.arrival.callId);
    this.clock.clearTimeout(call.timer);
    call.phase = 'offered';
    call.agentId = agentId;
    this.noteDecision(call, decision);
    this.offerByAgent.set(agentId, call);
    this.engine.noteOffer(call.queueId, agentId);
    const ringTimeoutMs = (queue.ringTimeoutSeconds ?? DEFAULTS.ringTimeoutSeconds) * 1000;
    const accepted = this.sendAgent(
      agentId,
      {
        type: 'OFFER',
        callId: call.arrival.callId,
        queueId: call.queueId,
        ringTimeoutMs,
        wrapUpMs: (queue.wrapUpSeconds ?? DEFAULTS.wrapUpSeconds) * 1000,
        requireDisposition: queue.requireDisposition ?? false,
      },
      false,
    );
    if (!accepted) throw new Error(`agent ${agentId} refused an offer the engine thought offerable`);
    const at = this.clock.now();
    this.emitCall({ type: 'offered', callId: call.arrival.callId, queueId: call.queueId, agentId, at });
    this.delegate.onOffer?.({
      callId: call.arrival.callId,
      agentId,
      queueId: call.queueId,
      ringTimeoutMs,
      decision,
    });
    this.callLayer?.offer(call.arrival.callId, agentId);
  }

  /** Puts a call (back) in its queue's line and arms its relaxation / max-wait timer. */
  private putWaiting(call: TrackedCall, atHead: boolean): void {
    call.phase = 'waiting';
    call.agentId = null;
    const { callId, priority, extraSkills, language } = call.arrival;
    const entry = { callId, queueId: call.queueId, priority: priority ?? 0, arrivedAt: call.arrivedAt };
    this.engine.addWaiting(
      { ...entry, queueEnteredAt: call.queueEnteredAt, atHead, seq: call.seq, extraSkills, language },
      this.clock.now(),
    );
    this.armTimer(call);
    this.callsToRoute.add(call);
    this.dirtyQueues.add(call.queueId);
  }

  private armTimer(call: TrackedCall): void {
    this.clock.clearTimeout(call.timer);
    const queue = this.engine.queue(call.queueId)!;
    const now = this.clock.now();
    const waited = now - call.queueEnteredAt;
    const step = this.engine.requirementAt(this.engine.waitingCall(call.arrival.callId)!, now).step;
    const candidates = [nextRelaxationAtMs(queue, step)];
    if (queue.overflow && queue.maxWaitSeconds !== undefined) candidates.push(queue.maxWaitSeconds * 1000);
    const due = candidates.filter((t): t is number => t !== null);
    if (due.length === 0) return;
    const delay = Math.max(0, Math.min(...due) - waited);
    call.timer = this.clock.setTimeout(() => {
      this.onCallTimer(call);
      this.settle();
    }, delay);
  }

  private onCallTimer(call: TrackedCall): void {
    if (call.phase !== 'waiting' || this.calls.get(call.arrival.callId) !== call) return;
    const queue = this.engine.queue(call.queueId)!;
    const now = this.clock.now();
    const waited = now - call.queueEnteredAt;
    if (queue.overflow && queue.maxWaitSeconds !== undefined && waited >= queue.maxWaitSeconds * 1000) {
      this.overflow(call, now);
      return;
    }
    const step = this.engine.requirementAt(this.engine.waitingCall(call.arrival.callId)!, now).step;
    this.emitCall({ type: 'relaxed', callId: call.arrival.callId, queueId: call.queueId, at: now, step });
    this.armTimer(call);
    this.callsToRoute.add(call);
  }

  private overflow(call: TrackedCall, now: number, hops = 0): void {
    const queue = this.engine.queue(call.queueId)!;
    const target = queue.overflow!;
    const { callId } = call.arrival;
    this.engine.removeWaiting(callId);
    this.clock.clearTimeout(call.timer);
    this.emitCall({
      type: 'overflowed',
      callId,
      queueId: call.queueId,
      at: now,
      waitedMs: now - call.queueEnteredAt,
      target,
    });
    this.delegate.onOverflow?.({ callId, fromQueueId: call.queueId, target });
    if (target.kind !== 'queue') this.callLayer?.overflow(callId, target.kind);
    if (target.kind === 'queue') {
      call.queueId = target.queueId;
      call.queueEnteredAt = now;
      call.arrival = { ...call.arrival, queueId: target.queueId };
      this.putWaiting(call, false);
      this.emitCall({
        type: 'queued',
        callId,
        queueId: target.queueId,
        at: now,
        priority: call.arrival.priority ?? 0,
      });
      // A disabled overflow queue passes the call on along its own overflow (cycles are refused
      // by the administration; `hops` guards anyway); without one the call waits there, served.
      const next = this.engine.queue(target.queueId);
      if (next?.closed && next.overflow && hops < this.engine.queueCount())
        this.overflow(call, now, hops + 1);
    } else this.calls.delete(callId);
  }

  private emitCall(event: AcdCallEvent): void {
    const counters = this.counters.get(event.queueId);
    if (counters) this.counters.set(event.queueId, applyCallEvent(counters, event));
    this.dirtyQueues.add(event.queueId);
    this.delegate.onCallEvent?.(event);
  }

  private publishMetrics(): void {
    if (this.delegate.onQueueMetrics)
      for (const q of this.dirtyQueues) this.delegate.onQueueMetrics(this.queueMetrics(q)!);
    if (this.delegate.onAgentMetrics) {
      for (const id of this.dirtyAgents) this.delegate.onAgentMetrics(this.agentMetrics(id)!);
    }
    this.dirtyQueues.clear();
    this.dirtyAgents.clear();
  }

  private recountAgentsByState(): void {
    for (const q of this.engine.queueIds()) this.agentsByState.set(q, emptyAgentsByState());
    for (const agent of this.engine.allAgents()) {
      for (const q of agent.staffedQueues) this.agentsByState.get(q)![agent.status]++;
    }
    for (const q of this.engine.queueIds()) this.dirtyQueues.add(q);
  }
}

function first<T>(set: Set<T>): T | undefined {
  for (const item of set) return item;
  return undefined;
}
