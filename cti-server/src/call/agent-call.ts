import type { Dialog, IncomingRequest } from '../sip/index.js';
import type { AgentContact, OutboundRoute } from './call-control-deps.js';
import type { CallMedia } from './call-media.js';
import type { InboundCall } from './inbound-call.js';

export type AgentCallTarget =
  | { kind: 'agent'; extension: string; agentId: string; contact: AgentContact }
  | { kind: 'external'; number: string; route: OutboundRoute };

/** A call an agent's phone places: to another agent (internal, or a consult) or out of a trunk. */
export interface AgentCall {
  id: string;
  origin: IncomingRequest;
  extension: string;
  agentId: string | undefined;
  target: AgentCallTarget;
  media: CallMedia;
  originLeg: string;
  targetLeg: string;
  /** A consult: the agent's customer call, whose media session this call shares. */
  parent?: InboundCall;
  /** The INVITE to the target (an agent's phone, or the trunk's call out), until it is answered. */
  request?: { cancel(): void };
  targetDialog?: Dialog;
  state: 'ringing' | 'connected' | 'ended';
  /** Agents (caller, called agent) who were ready and are held out of routing for the call. */
  heldOutOfRouting: string[];
  stored: boolean;
}
