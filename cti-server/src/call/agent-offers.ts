import type { Dialog, SipResponse } from '../sip/index.js';
import type { AcdLink } from './acd-link.js';
import type { CallLegs } from './call-legs.js';
import type { CallRegistry } from './call-registry.js';
import type { CallerQueue } from './caller-queue.js';
import type { AgentContact, CallControlDeps, EndedBy } from './call-control-deps.js';
import { CALLER_LEG, type AgentOffer, type InboundCall } from './inbound-call.js';

type OffersDeps = Pick<
  CallControlDeps,
  'agentExtension' | 'contactsOf' | 'core' | 'domain' | 'events' | 'log' | 'recordingPath' | 'store'
>;

const SDP = 'application/sdp';

/**
 * The ACD's offer of a queued call to one agent: every registered contact of the agent rings in
 * parallel (a fork per contact, each with its own leg on the plane and the plane's own offer —
 * ICE + DTLS-SRTP for browsers, RTP/AVP otherwise). The first to answer is bridged to the caller
 * and the carrier is answered; the others are CANCELled. All forks failing is a ring-no-answer
 * (RONA) for the ACD.
 */
export class AgentOffers {
  constructor(
    private readonly deps: OffersDeps,
    private readonly registry: CallRegistry,
    private readonly legs: CallLegs,
    private readonly queue: CallerQueue,
    private readonly acd: AcdLink,
  ) {}

  /** A call leaving its queue takes its ringing offer with it (CANCEL; a console told if it ended). */
  watch(call: InboundCall): void {
    call.lifecycle.onChange(({ from, to, event }) => {
      if (from !== 'queued' || to === 'queued' || to === 'connected' || !call.offer) return;
      if (event.type === 'END') this.endOnConsole(call, event.endedBy, event.sipCause);
      this.cancel(call);
    });
  }

  /** Ring the agent on every registered contact (the call is queued). */
  ring(call: InboundCall, agentId: string): void {
    const { deps } = this;
    const extension = deps.agentExtension(agentId);
    const contacts = extension ? deps.contactsOf(extension) : [];
    if (!extension || contacts.length === 0) {
      deps.store.event(call.id, 'offer_failed', { agentId, why: 'no registered phone' });
      this.acd.defer((acd) => acd.reject(call.id));
      return;
    }
    const offer: AgentOffer = {
      agentId,
      extension,
      legs: [],
      preparing: contacts.length,
      failed: 0,
      ringing: false,
    };
    call.offer = offer;
    for (const contact of contacts) void this.ringContact(call, offer, contact);
    deps.store.event(call.id, 'offered', { agentId, extension, contacts: contacts.length });
    deps.events.offered?.(extension, call.payload());
  }

  /** The ACD took the offer back (ring timeout, agent logged out…): CANCEL the forks. */
  withdraw(call: InboundCall, agentId: string, reason: string | null): void {
    if (!call.offer || call.offer.agentId !== agentId) return;
    this.deps.store.event(call.id, 'offer_withdrawn', { agentId, reason });
    this.deps.events.ended?.(call.offer.extension, { ...call.payload(), endedBy: 'system', sipCause: 487 });
    this.cancel(call);
  }

  /** CANCEL every fork of the call's offer, if any. */
  cancel(call: InboundCall): void {
    for (const leg of call.offer?.legs ?? []) this.dropFork(call, leg);
    call.offer = undefined;
  }

  /** The ringing agent's console learns the call is gone (it has no agent leg to end). */
  endOnConsole(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    if (call.offer) this.deps.events.ended?.(call.offer.extension, { ...call.payload(), endedBy, sipCause });
  }

  /** One fork of an offer: a media leg with the plane's offer, then the INVITE. */
  private async ringContact(call: InboundCall, offer: AgentOffer, contact: AgentContact): Promise<void> {
    const { deps } = this;
    const mediaLegId = call.nextLegId();
    let sdp: string;
    try {
      sdp = await call.media!.makeOffer(
        mediaLegId,
        contact.webrtc ? 'UDP/TLS/RTP/SAVPF' : 'RTP/AVP',
        'agent',
        // The phone's flow says which of our addresses it reaches us on (its NAT, its network).
        deps.core.localAddressFor(contact.flow ?? contact.uri),
      );
    } catch (err) {
      offer.preparing--;
      if (call.ended) return;
      deps.log('error', 'media offer for an agent failed', { callId: call.id, err: String(err) });
      this.failed(call, offer, 500);
      return;
    }
    offer.preparing--;
    if (call.offer !== offer) {
      // Withdrawn or answered elsewhere while the offer was being made.
      void call.media?.removeLeg(mediaLegId).catch(() => {});
      return;
    }
    const ani = call.caller?.e164 ?? call.identity.ani ?? 'anonymous';
    const request = deps.core.createRequest('INVITE', contact.uri, {
      from: `"${(call.identity.aniName ?? ani).replace(/"/g, '')}" <sip:${ani}@${deps.domain}>`,
      to: `<sip:${offer.extension}@${deps.domain}>`,
      body: sdp,
      contentType: SDP,
      headers: [['X-Kefu-Call-Id', call.id]],
    });
    // The INVITE's transaction outlives the call by 32 s (RFC 6026 Timer M) and keeps this
    // delegate: once the call has ended it lets go of the call, and a late 200 (a fork) is only
    // acknowledged and hung up, as `accepted` would for an ended call.
    let live: InboundCall | undefined = call;
    call.lifecycle.onChange(({ to }) => {
      if (to === 'ended') live = undefined;
    });
    const sent = deps.core.send(
      request,
      {
        onProgress: (response) => live && this.progress(live, offer, response),
        onAccept: (response, dialog) => {
          if (live) this.accepted(live, offer, mediaLegId, response, dialog);
          else if (dialog) this.hangUpLate(dialog, response);
        },
        onReject: (response) => live && this.failed(live, offer, response.status, mediaLegId),
        onTimeout: () => live && this.failed(live, offer, 408, mediaLegId),
        onTransportError: () => live && this.failed(live, offer, 503, mediaLegId),
      },
      contact.flow ? { destination: contact.flow } : {},
    );
    offer.legs.push({ request: sent, mediaLegId });
  }

  private progress(call: InboundCall, offer: AgentOffer, response: SipResponse): void {
    if (call.offer !== offer || offer.ringing || response.status === 100) return;
    offer.ringing = true;
    this.acd.defer((acd) => acd.ringing(call.id));
  }

  private accepted(
    call: InboundCall,
    offer: AgentOffer,
    mediaLegId: string,
    response: SipResponse,
    dialog: Dialog | undefined,
  ): void {
    if (!dialog) return;
    if (call.offer !== offer || call.state !== 'queued' || !call.media) {
      // Answered too late (withdrawn, caller gone, or another fork won): hang that phone up.
      this.hangUpLate(dialog, response);
      return;
    }
    this.deps.core.ack(dialog, response);
    for (const leg of offer.legs) if (leg.mediaLegId !== mediaLegId) this.dropFork(call, leg);
    call.offer = undefined;
    call.lifecycle.send({ type: 'AGENT_ANSWERED' });
    call.agent = { agentId: offer.agentId, extension: offer.extension, dialog, mediaLegId };
    this.registry.bind(call, dialog, 'agent');
    // The ACD hears of the answer now, not after the media round trips below: a phone whose
    // connection drops in between must find the call answered there (its agent's call to hold
    // for a reconnect), not still ringing (which the ACD would re-offer elsewhere).
    this.acd.defer((acd) => acd.answer(call.id));
    void this.connect(call, offer, response);
  }

  /** The agent answered: their SDP completes the leg, the legs are bridged, the carrier answered. */
  private async connect(call: InboundCall, offer: AgentOffer, response: SipResponse): Promise<void> {
    const { deps } = this;
    const media = call.media!;
    const agent = call.agent!;
    let bridged = true;
    try {
      await media.acceptAnswer(agent.mediaLegId, response.body);
      await media.connect(CALLER_LEG, agent.mediaLegId);
    } catch (err) {
      if (call.ended) return;
      if (call.agent === agent && call.state === 'connected') {
        deps.log('warn', 'agent answer unusable', { callId: call.id, err: String(err) });
        this.registry.unbind(agent.dialog);
        deps.core.bye(agent.dialog);
        void media.removeLeg(agent.mediaLegId).catch(() => {});
        deps.store.event(call.id, 'offer_rejected', { agentId: offer.agentId, status: 488 });
        this.queue.requeue(call);
        return;
      }
      // The phone's connection dropped meanwhile (its leg is gone): the call was answered all
      // the same, and waits for the phone to come back (agent-reconnect.ts).
      bridged = false;
    }
    if (call.ended) return;
    this.legs.answerCarrier(call);
    deps.store.answered(call.id, offer.agentId, new Date());
    deps.events.answered?.(offer.extension, call.payload());
    if (bridged) this.startRecording(call, agent.mediaLegId);
  }

  private startRecording(call: InboundCall, agentLegId: string): void {
    const path = this.deps.recordingPath?.(call.id);
    if (!path || !call.media) return;
    call.media
      .record({ path, callerLegId: CALLER_LEG, agentLegId })
      .then(() => this.deps.store.recorded(call.id, path))
      .catch((err: unknown) =>
        this.deps.log('warn', 'recording not started', { callId: call.id, err: String(err) }),
      );
  }

  private failed(call: InboundCall, offer: AgentOffer, status: number, mediaLegId?: string): void {
    offer.failed++;
    if (mediaLegId) void call.media?.removeLeg(mediaLegId).catch(() => {});
    if (call.offer !== offer || offer.failed < offer.legs.length + offer.preparing) return;
    call.offer = undefined;
    this.deps.store.event(call.id, 'offer_rejected', { agentId: offer.agentId, status });
    this.deps.events.ended?.(offer.extension, { ...call.payload(), endedBy: 'agent', sipCause: status });
    // RONA: the ACD sets the agent not ready and re-offers the call at the head of its queue.
    this.acd.defer((acd) => acd.reject(call.id));
  }

  /** A phone that answered an offer no longer wanted: ACK its 200, then BYE. */
  private hangUpLate(dialog: Dialog, response: SipResponse): void {
    this.deps.core.ack(dialog, response);
    this.deps.core.bye(dialog);
  }

  private dropFork(call: InboundCall, leg: AgentOffer['legs'][number]): void {
    leg.request.cancel();
    void call.media?.removeLeg(leg.mediaLegId).catch(() => {});
  }
}
