import type { AgentTransitionRecord } from './agent-state-machine.js';
import type { AcdCallEvent, AgentMetricsSnapshot, QueueMetricsSnapshot } from './queue-metrics.js';
import type { RoutingDecision } from './routing-decision.js';
import type { OverflowTarget } from './types.js';

/** What the ACD tells the layers around it (call control, persistence, socket.io). */
export interface AcdDelegate {
  /** Ring this agent for this call; report back with ringing/answer/reject/abandon. */
  onOffer?(offer: {
    callId: string;
    agentId: string;
    queueId: string;
    ringTimeoutMs: number;
    decision: RoutingDecision;
  }): void;
  /**
   * Every routing decision, with its explanation: each offer, and a call finding no agent (once
   * per distinct reason). A call offered again after RONA gets a decision per offer.
   */
  onDecision?(decision: RoutingDecision): void;
  /** Stop ringing this agent: the offer failed and the call went back to the head of its queue. */
  onOfferWithdrawn?(event: { callId: string; agentId: string; reason: string | null }): void;
  /** The call left its queue at max wait; for voicemail/callback the call layer takes it over. */
  onOverflow?(event: { callId: string; fromQueueId: string; target: OverflowTarget }): void;
  /** Every agent state change, to be stored (AgentStateEvent). */
  onAgentTransition?(record: AgentTransitionRecord): void;
  onCallEvent?(event: AcdCallEvent): void;
  onQueueMetrics?(snapshot: QueueMetricsSnapshot): void;
  onAgentMetrics?(snapshot: AgentMetricsSnapshot): void;
}

/**
 * The call layer (call control), which rings agents for the ACD: it hears of offers, withdrawn
 * offers and overflows first-hand (`Acd.connectCalls`), and reports back with
 * ringing/answer/reject/abandon/finish.
 */
export interface AcdCalls {
  offer(callId: string, agentId: string): void;
  withdrawOffer(callId: string, agentId: string, reason: string | null): void;
  /** The call left its queue at max wait for voicemail or a call-back: the call layer takes it. */
  overflow(callId: string, target: OverflowTarget['kind']): void;
  /** A supervisor moved the waiting call to this queue (the call's record and later requeues follow). */
  moved?(callId: string, queueId: string): void;
}
