// The socket.io events the CTI server pushes to consoles, one map for both ends: the server's
// `Server<ClientToServerEvents, ServerToClientEvents>` and the console's
// `Socket<ServerToClientEvents, ClientToServerEvents>`. Type-only imports of plain modules: the
// console's type-check reads this file, its bundle never does.
import type {
  AgentMetricsView,
  AgentStateChange,
  MetricsSnapshotView,
  QueueMetricsView,
} from '../services/routing/acd-events.js';
import type { SupervisionEvents } from '../services/supervision/supervision-events.js';

export type { AgentMetricsView, AgentStateChange, MetricsSnapshotView, QueueMetricsView };
export type * from '../services/supervision/supervision-events.js';

/** Who hung up. */
export type EndedBy = 'caller' | 'agent' | 'system';

/** A call as its agent's console hears of it (call control's `CallEvents`). */
export interface CallEventPayload {
  callId: string;
  /** The caller's number, E.164 when it parsed. */
  ani: string | null;
  /** The number dialled. */
  dnis: string;
  /** The customer the number belongs to, when exactly one does. */
  customerId: string | null;
  queueId: string | null;
}

export interface CallEndedPayload extends CallEventPayload {
  endedBy: EndedBy;
  /** The SIP status that ended the agent's leg (487 for an offer withdrawn, 200 for a BYE…). */
  sipCause: number;
}

/** The agent's phone registrations changed (registered, expired, connection lost). */
export interface PhoneRegistrationEvent {
  extension: string;
  /** At least one binding left. */
  registered: boolean;
  contacts: Array<{
    uri: string;
    transport: 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';
    userAgent: string | null;
  }>;
}

/** The shared callback list moved: a new request (empty payload) or one changed. */
export interface CallbacksChangedEvent {
  id?: string;
  status?: string;
}

/** Why a number an agent dialled (or transferred a caller to) was not let out of the trunk. */
export type OutboundRefusalReason =
  /** The agent is logged out of the ACD. */
  | 'logged_out'
  /** Another country code than the centre's (`00…`/`+…`). */
  | 'international'
  | 'premium_rate'
  | 'shared_cost'
  /** A valid number of a type agents do not dial (pager, personal number, UAN…). */
  | 'number_type'
  /** Not a valid number (or a short code that is not an emergency number). */
  | 'invalid_number'
  /** The agent may not dial outside numbers at all (Agent.mayDialOut off). */
  | 'not_permitted'
  /** A deny dial rule of the agent, their team or the trunk matched the number. */
  | 'denied_by_rule'
  /** The agent placed their hourly cap of outside calls this clock hour. */
  | 'agent_hourly_cap'
  /** The trunk carried its hourly cap of agents' outside calls this clock hour. */
  | 'trunk_hourly_cap'
  /** The rules or caps could not be read (database unavailable): refused, never let out unchecked. */
  | 'policy_unavailable';

/** A call to an outside number refused by the outbound policy (toll-fraud guard). */
export interface OutboundRefusedEvent {
  /** The agent whose phone dialled, or who transferred the caller. */
  extension: string;
  /** As dialled. */
  number: string;
  reason: OutboundRefusalReason;
  /** `call`: the agent's phone dialled it; `transfer`: a blind transfer (REFER) named it. */
  kind: 'call' | 'transfer';
  /** ISO time. */
  at: string;
  /** The deny rule that matched (`denied_by_rule`). */
  rule?: { id: string; scope: 'agent' | 'team' | 'trunk'; pattern: string };
  /** The trunk the call would have left through. */
  trunk?: string;
}

export interface ServerToClientEvents extends SupervisionEvents {
  /** To the agent's consoles and to supervisors. */
  'agent.state': (change: AgentStateChange) => void;
  /** To the agent's consoles: registrations of their extension. */
  'phone.registration': (event: PhoneRegistrationEvent) => void;
  /** To the agent offered the call, while it rings (the screen pop). */
  'call.offered': (call: CallEventPayload) => void;
  /** To the agent who answered; also greets a console that connects mid-call. */
  'call.answered': (call: CallEventPayload) => void;
  'call.ended': (call: CallEndedPayload) => void;
  /** To every console. */
  'callbacks.changed': (event: CallbacksChangedEvent) => void;
  /** To every console: the administration changed reason codes, dispositions or queues. */
  'console.config.changed': (event: { kind: 'setting' | 'queue' | 'all' }) => void;
  /** Supervisors (wallboard): the figures when the socket connects, then each change. */
  'metrics.snapshot': (snapshot: MetricsSnapshotView) => void;
  'queue.metrics': (metrics: QueueMetricsView) => void;
  'agent.metrics': (metrics: AgentMetricsView) => void;
  /** Supervisors: an agent's call out was refused (international, premium, logged out…). */
  'outbound.refused': (event: OutboundRefusedEvent) => void;
}

/** Consoles only listen: everything they do goes through the REST API. */
export type ClientToServerEvents = Record<string, never>;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
/** One event with its payload, e.g. `['call.answered', call]`. */
export type ServerEvent = {
  [E in ServerEventName]: [event: E, payload: ServerEventPayload<E>];
}[ServerEventName];
