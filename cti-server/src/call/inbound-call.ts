import type { Dialog, IncomingRequest, OutgoingRequest } from '../sip/index.js';
import type { CallerMatch, CallEventPayload, LineRoute } from './call-control-deps.js';
import type { CallIdentity } from './call-identity.js';

/**
 * One inbound call through the B2BUA:
 *
 *   routing ──▶ queued ──(agent answers)──▶ connected ──▶ ended
 *      │          │ ▲ offer / withdraw / reject
 *      └──────────┴─┴──────────────(CANCEL, failure)───────▶ ended
 */
export type InboundCallState = 'routing' | 'queued' | 'connected' | 'ended';

/** A ringing offer to one agent: one INVITE per registered contact (parallel fork). */
export interface AgentOffer {
  agentId: string;
  extension: string;
  legs: OutgoingRequest[];
  failed: number;
  ringing: boolean;
}

export class InboundCall {
  state: InboundCallState = 'routing';
  route?: LineRoute;
  caller?: CallerMatch;
  offer?: AgentOffer;
  /** The connected agent leg. */
  agent?: { agentId: string; extension: string; dialog: Dialog; transferred?: boolean };
  /** 180 already relayed to the carrier. */
  ringbackSent = false;
  /** The Interaction row exists (store.open resolved). */
  stored = false;

  constructor(
    readonly id: string,
    readonly carrier: IncomingRequest,
    readonly identity: CallIdentity,
    readonly trunkName: string,
  ) {}

  /** A getter, not a field test: state changes while routing awaits the database. */
  get ended(): boolean {
    return this.state === 'ended';
  }

  get sipCallId(): string {
    return this.carrier.request.callId;
  }

  get carrierDialog(): Dialog | undefined {
    return this.carrier.dialog;
  }

  get dnis(): string {
    return this.route?.dnis ?? this.identity.dnisCandidates[0] ?? '';
  }

  payload(): CallEventPayload {
    return {
      callId: this.id,
      ani: this.caller?.e164 ?? this.identity.ani,
      dnis: this.dnis,
      customerId: this.caller?.customerId ?? null,
      queueId: this.route?.queueId ?? null,
    };
  }
}
