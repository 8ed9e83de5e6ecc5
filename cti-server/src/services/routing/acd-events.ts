// The ACD's modules, not its barrel: the console's type-check reads this file (contract/) and
// should not pull in the ACD's runtime and xstate with it.
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import type { RoutingDecision } from '../../acd/routing-decision.js';
import type { AgentStatus, OverflowTarget } from '../../acd/types.js';

// What the ACD plugin publishes to the layers around it (socket.io, call control, reports).
// Times are ISO strings, durations milliseconds: the payloads go out as JSON unchanged.

/** One agent state transition, as stored in AgentStateEvent. */
export interface AgentStateChange {
  agentId: string;
  extension: string;
  userId: string;
  from: AgentStatus;
  state: AgentStatus;
  reason: string | null;
  /** The user who caused it (the agent or a supervisor); null for the system (timers). */
  actorId: string | null;
  at: string;
  /** The call the transition belongs to (offer, answer, wrap-up), if any. */
  callId: string | null;
}

export interface QueueMetricsView {
  queueId: string;
  queue: string;
  displayName: string;
  at: string;
  waiting: number;
  longestWaitMs: number;
  /** Share answered within the queue's threshold; null until a call counts. */
  serviceLevel: number | null;
  serviceLevelSeconds: number;
  /** Average speed of answer. */
  asaMs: number | null;
  abandonRate: number | null;
  entered: number;
  answered: number;
  abandoned: number;
  overflowed: number;
  agentsByState: Record<AgentStatus, number>;
}

export interface AgentMetricsView {
  agentId: string;
  extension: string;
  at: string;
  state: AgentStatus;
  reason: string | null;
  since: string;
  timeInStateMs: number;
  /** Busy share of the recent window (0–1). */
  occupancy: number;
  callsInWindow: number;
}

/** Everything a wallboard shows at once: every queue's figures and every agent's state. */
export interface MetricsSnapshotView {
  at: string;
  queues: QueueMetricsView[];
  agents: AgentMetricsView[];
}

/** Ring this agent: call control sends the INVITE and reports back to `app.acd`. */
export interface CallOffer {
  callId: string;
  agentId: string;
  extension: string;
  queueId: string;
  queue: string;
  ringTimeoutMs: number;
  decision: RoutingDecision;
}

/** Stop ringing: the offer failed and the call went back to the head of its queue. */
export interface CallOfferWithdrawn {
  callId: string;
  agentId: string;
  extension: string;
  reason: string | null;
}

export interface CallOverflow {
  callId: string;
  fromQueueId: string;
  target: OverflowTarget;
}

/** The three dotted events are also what the console sockets receive, with the same payload. */
export interface AcdEventMap {
  'agent.state': AgentStateChange;
  'agent.metrics': AgentMetricsView;
  'queue.metrics': QueueMetricsView;
  // For observers (logs, tests; call control hears them first-hand), named after the AcdDelegate
  // callbacks they come from.
  offer: CallOffer;
  offerWithdrawn: CallOfferWithdrawn;
  overflow: CallOverflow;
  /** Every call event the ACD folds into its metrics (queued, offered, answered, …). */
  callEvent: AcdCallEvent;
}

export type AcdEventName = keyof AcdEventMap;
type Listener<E extends AcdEventName> = (payload: AcdEventMap[E]) => void;

/**
 * A small typed emitter. Listeners run inside the ACD's settle loop, so one that throws is
 * reported to `onListenerError` instead of unwinding the ACD mid-decision.
 */
export class AcdEvents {
  private readonly listeners = new Map<AcdEventName, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (err: unknown, event: AcdEventName) => void) {}

  on<E extends AcdEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<E extends AcdEventName>(event: E, listener: Listener<E>): void {
    this.listeners.get(event)?.delete(listener as Listener<never>);
  }

  emit<E extends AcdEventName>(event: E, payload: AcdEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
