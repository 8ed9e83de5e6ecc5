import { randomUUID } from 'node:crypto';
import { openingStatus } from '@kefu/ivr-flows';
import { callPriority } from '../acd/index.js';
import type { Clock } from '../clock/index.js';
import { MediaPlaneError } from '../rtp/media-plane.js';
import type { IncomingRequest } from '../sip/index.js';
import type { AcdLink } from './acd-link.js';
import type { CarrierProbes } from './carrier-probes.js';
import type { AgentOffers } from './agent-offers.js';
import type { AgentReconnects } from './agent-reconnect.js';
import type { CallControlDeps } from './call-control-deps.js';
import { callIdentity } from './call-identity.js';
import type { CallLegs } from './call-legs.js';
import { CallMedia } from './call-media.js';
import type { CallRegistry } from './call-registry.js';
import type { CallerQueue } from './caller-queue.js';
import { CALLER_LEG, InboundCall } from './inbound-call.js';
import { UnacceptableSdpError } from './sdp-media.js';
import type { SelfService } from './self-service.js';

const VOICEMAIL_MAX_MS = 120_000;

/**
 * Retry-After (RFC 3261 §21.5.4) when kefu is full (call cap reached, media plane out of ports):
 * calls end within minutes, so a carrier that retries soon may get through; most carriers route
 * a 503 to their next trunk at once anyway.
 */
export const BUSY_RETRY_AFTER_SECONDS = 10;

/** The plane cannot take another call for now (not a fault in this call's SDP or in kefu). */
const outOfResources = (err: unknown) => err instanceof MediaPlaneError && err.code === 'no-ports';

type AdmissionDeps = Pick<
  CallControlDeps,
  | 'core'
  | 'media'
  | 'ivr'
  | 'store'
  | 'checkTrunk'
  | 'routeLine'
  | 'identifyCaller'
  | 'agentReconnectGraceMs'
  | 'maxInboundCalls'
  | 'log'
>;

/** Who else follows each new call's state machine. */
export interface CallWatchers {
  acd: AcdLink;
  offers: AgentOffers;
  reconnects: AgentReconnects;
  /** Probes of waiting calls' UDP carriers, when call control has a prober. */
  carriers?: CarrierProbes;
}

/**
 * A carrier's INVITE becoming a call: the trunk check (toll-fraud guard), the caller's media
 * anchored on the plane, the line for the dialled number, the caller identified, the record
 * opened, then the line's IVR or its queue. And the carrier giving up before an answer.
 */
export class CallAdmission {
  constructor(
    private readonly deps: AdmissionDeps,
    private readonly clock: Clock,
    private readonly registry: CallRegistry,
    private readonly legs: CallLegs,
    private readonly queue: CallerQueue,
    private readonly selfService: SelfService,
    private readonly watchers: CallWatchers,
  ) {}

  /** A new INVITE that is not from an agent's phone. */
  admit(incoming: IncomingRequest): void {
    const { deps } = this;
    const trunk = deps.checkTrunk(incoming.source, incoming.request);
    if (trunk.kind === 'forbidden') {
      deps.log('warn', 'INVITE refused: unknown source (toll-fraud guard)', {
        source: `${incoming.source.address}:${incoming.source.port}`,
        reason: trunk.reason,
        ruri: incoming.request.uri,
      });
      incoming.respond(403, { reason: 'Forbidden' });
      return;
    }
    if (trunk.kind === 'challenge') {
      incoming.respond(407, { headers: trunk.headers });
      return;
    }
    const cap = deps.maxInboundCalls ?? 0;
    if (cap > 0 && this.registry.size >= cap) {
      deps.log('warn', 'INVITE refused: inbound call cap reached', {
        reason: 'max_inbound_calls',
        cap,
        source: `${incoming.source.address}:${incoming.source.port}`,
        ruri: incoming.request.uri,
      });
      refuseBusy(incoming);
      return;
    }
    const call = new InboundCall(randomUUID(), incoming, callIdentity(incoming.request), trunk.trunkName, {
      input: {
        reconnectGraceMs: deps.agentReconnectGraceMs ?? 60_000,
        voicemailMaxMs: VOICEMAIL_MAX_MS,
      },
      clock: this.clock,
      onRefused: (from, event) =>
        deps.log('error', 'call state change refused', { callId: call.id, from, event }),
    });
    this.registry.add(call);
    // A response the transport cannot deliver (a stream connection gone and not re-opened, an
    // unreachable address): the carrier is gone, and nothing else would tell us before the
    // answer (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.4: "the server transaction
    // ... inform[s] the TU of a transport failure").
    call.carrier.transaction.user.onTransportError = (err) => {
      deps.log('warn', 'carrier unreachable: call ended', { callId: call.id, err: String(err) });
      if (call.stored) deps.store.event(call.id, 'carrier_unreachable', { err: String(err) });
      this.legs.carrierLost(call, 503);
    };
    // The transaction outlives the call by 32 s (RFC 6026 Timer L): its hook must not keep the
    // ended call (dialogs, machine, media) in memory with it.
    call.lifecycle.onChange(({ to }) => {
      if (to === 'ended') delete call.carrier.transaction.user.onTransportError;
    });
    const { acd, offers, reconnects, carriers } = this.watchers;
    acd.watch(call);
    offers.watch(call);
    reconnects.watch(call);
    carriers?.watch(call);
    call.lifecycle.on('voicemail.full', () => this.legs.hangUp(call, 'system', 200));
    call.lifecycle.on('reconnect.expired', () => reconnects.expired(call));
    void this.startCall(call).catch((err: unknown) => {
      deps.log('error', 'routing a call failed', { callId: call.id, err: String(err) });
      this.legs.fail(call, 500, 'system');
    });
  }

  /** Anchors the carrier's media on the plane, then routes. */
  private async startCall(call: InboundCall): Promise<void> {
    const { deps } = this;
    try {
      call.media = await CallMedia.open(deps.media, call.id);
      // Media meets the carrier on the address its INVITE arrived on.
      const carrierSide = deps.core.localAddressFor(call.carrier.source);
      if (call.lateOffer) {
        // Offerless INVITE: our 200 carries the offer, the ACK the answer (RFC 3261 §13.2.1).
        call.carrierSdp = await call.media.makeOffer(CALLER_LEG, 'RTP/AVP', 'caller', carrierSide);
      } else {
        // Refuse an unusable offer at once, before the caller is queued (RFC 3261 §13.3.1.1).
        call.carrierSdp = await call.media.answerOffer(
          CALLER_LEG,
          call.carrier.request.body,
          'caller',
          carrierSide,
        );
        call.carrierMedia.resolve();
      }
    } catch (err) {
      if (outOfResources(err)) {
        // Out of RTP ports (a flood, or more calls than the range holds): busy, not broken.
        deps.log('warn', 'INVITE refused: no media ports', {
          callId: call.id,
          reason: 'no_media_ports',
          err: String(err),
        });
        if (call.ended) return;
        if (call.carrier.pending) refuseBusy(call.carrier);
        this.legs.finish(call, 'system', 503);
        return;
      }
      if (!(err instanceof UnacceptableSdpError)) throw err;
      deps.log('info', 'INVITE refused: unacceptable SDP', { reason: err.message });
      this.legs.fail(call, 488, 'system', 'Not Acceptable Here');
      return;
    }
    if (call.ended) return;
    await this.routeCall(call);
  }

  private async routeCall(call: InboundCall): Promise<void> {
    const { deps } = this;
    const route = await deps.routeLine(call.identity.dnisCandidates);
    if (call.ended) return;
    if (!route || !route.queueId) {
      deps.log('info', 'INVITE for a number that is no line', { dnis: call.identity.dnisCandidates });
      this.legs.fail(call, 404, 'system', route ? 'No Queue For Line' : 'Unknown Number');
      return;
    }
    call.route = route;
    call.caller = await deps.identifyCaller(call.identity.ani);
    if (call.ended) return;
    await deps.store.open({
      callId: call.id,
      sipCallId: call.sipCallId,
      ani: call.caller.e164 ?? call.identity.ani,
      dnis: route.dnis,
      lineId: route.lineId,
      queueId: route.queueId,
      customerId: call.caller.customerId,
      trunkName: call.trunkName,
    });
    call.stored = true;
    if (call.ended) {
      // CANCELled while the record was being written.
      deps.store.ended(call.id, { endedBy: 'caller', sipCause: 487, at: new Date(), agentId: null });
      return;
    }
    const priority = callPriority({ vipTier: call.caller.vipTier });
    if (!route.ivrFlow && route.calendar) {
      // A line straight to a queue honours its hours and holidays: closed, the caller is told so.
      const status = openingStatus(route.calendar, this.clock.now());
      if (!status.open) {
        await this.selfService.closedLine(call, status, route.language ?? 'zh-CN');
        return;
      }
    }
    if (route.ivrFlow && deps.ivr) {
      const ivr = deps.ivr.launch(
        {
          callId: call.id,
          sessionId: call.media!.sessionId,
          legId: CALLER_LEG,
          flowId: route.ivrFlow,
          lineId: route.lineId,
          ani: call.caller.e164 ?? call.identity.ani ?? '',
          dnis: route.dnis,
          priority,
          customerId: call.caller.customerId,
        },
        (entry) => {
          call.ivrPath.push(entry.step);
          deps.store.event(call.id, 'ivr_step', { ...entry });
        },
      );
      if (ivr) {
        await this.selfService.runIvr(call, ivr);
        return;
      }
      deps.store.event(call.id, 'ivr_skipped', { flow: route.ivrFlow, why: 'flow not loaded' });
    }
    this.legs.sendRingback(call);
    this.queue.enqueue(call, { queueId: route.queueId, priority });
  }

  /**
   * The stream connection an unanswered carrier INVITE arrived on closed. Responses go over a new
   * connection to the carrier (https://www.rfc-editor.org/rfc/rfc3261#section-18.2.2): the
   * ringing is sent again now, so a carrier that is gone is found at once (the transport error
   * ends the call) instead of at the answer.
   */
  carrierConnectionClosed(connectionId: string): void {
    for (const call of this.registry.all()) {
      if (call.ended || !call.carrier.pending || call.carrier.source.connectionId !== connectionId) continue;
      if (call.ringbackSent) call.carrier.respond(180);
      else call.carrier.respond(100);
    }
  }

  /** The carrier CANCELled before we answered (the core has already sent 487). */
  cancelled(invite: IncomingRequest): void {
    const call = this.registry.ofInvite(invite);
    if (!call || call.ended) return;
    // An agent whose 200 crossed the CANCEL is hung up (and released in the ACD).
    this.legs.hangUp(call, 'caller', 487);
  }
}

/** 503 Service Unavailable with Retry-After: kefu is full for now, not broken (never 500). */
function refuseBusy(incoming: IncomingRequest): void {
  incoming.respond(503, {
    reason: 'Service Unavailable',
    headers: [['Retry-After', String(BUSY_RETRY_AFTER_SECONDS)]],
  });
}
