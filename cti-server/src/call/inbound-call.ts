import type { Dialog, IncomingRequest, OutgoingRequest } from '../sip/index.js';
import type { CallerMatch, CallEventPayload, IvrSession, LineRoute } from './call-control-deps.js';
import type { CallIdentity } from './call-identity.js';
import type { CallMedia } from './call-media.js';

/**
 * One inbound call through the B2BUA:
 *
 *   routing ──(line with a flow: answered)──▶ ivr ──(outcome: queue)──┐
 *      │                                                              ▼
 *      └─────────────────────────────────────────────────────────▶ queued ──(agent answers)──▶ connected ──▶ ended
 *                                                     offer / withdraw / reject ▲ │
 *   any state ──(CANCEL, BYE, failure, IVR hang-up)──▶ ended
 *
 * Media is anchored on the server from the first moment: the carrier's offer is answered by the
 * media plane (leg "caller"), each agent phone gets the plane's own offer (legs "agent-N").
 */
export type InboundCallState = 'routing' | 'ivr' | 'queued' | 'connected' | 'ended';

/** A ringing offer to one agent: one INVITE per registered contact (parallel fork). */
export interface AgentOffer {
  agentId: string;
  extension: string;
  /** One INVITE per contact, each with its own media leg. */
  legs: Array<{ request: OutgoingRequest; mediaLegId: string }>;
  /** Contacts still being prepared (their media offer is being made). */
  preparing: number;
  failed: number;
  ringing: boolean;
}

export const CALLER_LEG = 'caller';

export class InboundCall {
  state: InboundCallState = 'routing';
  route?: LineRoute;
  caller?: CallerMatch;
  offer?: AgentOffer;
  /** The connected agent leg. */
  agent?: { agentId: string; extension: string; dialog: Dialog; mediaLegId: string; transferred?: boolean };
  /** 180 already relayed to the carrier. */
  ringbackSent = false;
  /** The Interaction row exists (store.open resolved). */
  stored = false;
  /** The call's media session; set once the carrier's offer is anchored. */
  media?: CallMedia;
  /** Our SDP answer to the carrier's INVITE (sent in the 200). */
  carrierAnswer?: string;
  /** The IVR running on the caller's leg. */
  ivr?: IvrSession;
  /** The agent put the caller on hold (re-INVITE sendonly/inactive). */
  onHold = false;
  private legCount = 0;

  constructor(
    readonly id: string,
    readonly carrier: IncomingRequest,
    readonly identity: CallIdentity,
    readonly trunkName: string,
  ) {}

  nextLegId(): string {
    return `agent-${++this.legCount}`;
  }

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
