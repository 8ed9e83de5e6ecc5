import { randomUUID } from 'node:crypto';
import { parseNameAddr, type Dialog, type IncomingRequest, type SipResponse } from '../sip/index.js';
import type { AgentCall, AgentCallTarget } from './agent-call.js';
import type { CallControlDeps } from './call-control-deps.js';
import { CallMedia } from './call-media.js';
export type { AgentCall } from './agent-call.js';
import { ConferenceError, Conferences } from './conference.js';
import type { CallRegistry } from './call-registry.js';
import type { InboundCall } from './inbound-call.js';
import { checkOutbound, refusalPhrase } from './outbound-guard.js';
import type { OutboundRefusal } from './outbound-policy.js';
import { dialOut, trunkRequestUri, type DialOutFailure } from './outbound-trunk.js';
import { UnacceptableSdpError } from './sdp-media.js';

const SDP = 'application/sdp';

/**
 * Calls placed by agents' phones (the console's dial pad, click-to-dial, a consult before an
 * attended transfer). Media is anchored like any call; a consult shares the media session of
 * the agent's customer call, so a later REFER with Replaces can hand the customer over by
 * re-bridging legs of one session.
 */
export class AgentCalls {
  private readonly byOrigin = new WeakMap<IncomingRequest, AgentCall>();
  private readonly byDialog = new Map<string, { call: AgentCall; side: 'origin' | 'target' }>();
  private counter = 0;
  /** Consults turned three-way. */
  readonly conferences: Conferences;

  constructor(
    private readonly deps: CallControlDeps,
    /** The agents' customer calls (a new call from an agent on one is a consult). */
    private readonly customerCalls: Pick<CallRegistry, 'connectedCallOf'>,
  ) {
    this.conferences = new Conferences(deps);
  }

  /** The agent on `call` asks for a three-way call with the agent they are consulting. */
  async conference(call: InboundCall): Promise<void> {
    for (const { call: consult, side } of this.byDialog.values())
      if (side === 'origin' && consult.parent === call && consult.state === 'connected')
        return this.conferences.start(call, consult);
    throw new ConferenceError(409, 'no connected consult on this call');
  }

  /**
   * An INVITE from a registered agent phone (the trunk guard already knows it is no carrier):
   * authenticated first (a UDP source alone proves nothing), then placed.
   */
  start(incoming: IncomingRequest, extension: string): void {
    const authorize = this.deps.authorizeAgentRequest;
    if (!authorize) {
      this.place(incoming, extension);
      return;
    }
    authorize(incoming, extension).then(
      (ok) => {
        // A CANCEL may have come while the credentials were looked up (the core answered it).
        if (ok && incoming.pending) this.place(incoming, extension);
      },
      (err: unknown) => {
        this.deps.log('error', 'agent INVITE not authenticated', { extension, err: String(err) });
        if (incoming.pending) incoming.respond(500);
      },
    );
  }

  private place(incoming: IncomingRequest, extension: string): void {
    const user = incoming.request.uri.kind === 'sip' ? incoming.request.uri.user : undefined;
    let dialled = '';
    try {
      dialled = user ? decodeURIComponent(user).replace(/[\s().-]/g, '') : '';
    } catch {
      // A malformed escape: not a number.
    }
    // The record a refusal is stored under (an outside number the policy refuses).
    const refusedId = randomUUID();
    this.resolveTarget(dialled, extension, refusedId).then(
      (target) => {
        if ('status' in target) {
          if (incoming.pending) incoming.respond(target.status, { reason: target.reason });
          return;
        }
        if (target.kind === 'refused') {
          this.refused(incoming, extension, dialled, target.reason, refusedId);
          return;
        }
        // A CANCEL may have come while the policy read its rules (the core answered it).
        if (incoming.pending) this.placeTo(incoming, extension, dialled, target);
      },
      (err: unknown) => {
        this.deps.log('error', 'agent call failed', { extension, err: String(err) });
        if (incoming.pending) incoming.respond(500);
      },
    );
  }

  private placeTo(
    incoming: IncomingRequest,
    extension: string,
    dialled: string,
    target: AgentCallTarget,
  ): void {
    const { deps } = this;
    if (!incoming.request.body.trim()) {
      incoming.respond(488, { reason: 'Offer Required' });
      return;
    }
    const parent = this.customerCalls.connectedCallOf(extension);
    const n = ++this.counter;
    const call: AgentCall = {
      id: parent ? `${parent.id}:consult-${n}` : randomUUID(),
      origin: incoming,
      extension,
      agentId: deps.agentIdOf(extension),
      target,
      media: parent?.media as CallMedia,
      originLeg: parent ? `consult-${n}-agent` : 'origin',
      targetLeg: parent ? `consult-${n}-target` : 'target',
      state: 'ringing',
      heldOutOfRouting: [],
      stored: false,
      ...(parent && { parent }),
    };
    this.byOrigin.set(incoming, call);
    void this.connect(call, dialled).catch((err: unknown) => {
      deps.log('error', 'agent call failed', { callId: call.id, err: String(err) });
      this.end(call, 500);
    });
  }

  private async resolveTarget(
    dialled: string,
    from: string,
    refusedId: string,
  ): Promise<
    AgentCallTarget | { kind: 'refused'; reason: OutboundRefusal } | { status: number; reason: string }
  > {
    const agentId = this.deps.agentIdOf(dialled);
    if (agentId) {
      if (dialled === from) return { status: 486, reason: 'Cannot Call Yourself' };
      const contact = this.deps.contactsOf(dialled)[0];
      if (!contact) return { status: 480, reason: 'Agent Phone Not Registered' };
      return { kind: 'agent', extension: dialled, agentId, contact };
    }
    if (!/^\+?[0-9]{3,20}$/.test(dialled)) return { status: 404, reason: 'Unknown Number' };
    // The outbound policy (with the rules and cap of the trunk it would leave through), before
    // anything is sent: nothing leaves that it refuses.
    const route = this.deps.outboundRoute();
    const decision = await checkOutbound(this.deps, {
      number: dialled,
      extension: from,
      kind: 'call',
      trunkName: route?.trunkName,
      callId: refusedId,
    });
    if (!decision.allow) return { kind: 'refused', reason: decision.reason };
    if (!route) return { status: 503, reason: 'No Outbound Trunk' };
    return { kind: 'external', number: dialled, route };
  }

  /**
   * A number the policy refused: 403 to the phone (Warning carries the reason, RFC 3261 §20.43),
   * and an outbound Interaction for the attempt with an `outbound_refused` event.
   */
  private refused(
    incoming: IncomingRequest,
    extension: string,
    number: string,
    reason: OutboundRefusal,
    callId: string,
  ): void {
    const { deps } = this;
    if (incoming.pending)
      incoming.respond(403, {
        reason: refusalPhrase(reason),
        headers: [['Warning', `399 ${deps.domain} "${reason}"`]],
      });
    const agentId = deps.agentIdOf(extension) ?? null;
    void deps.store
      .open({
        callId,
        sipCallId: incoming.request.callId,
        ani: extension,
        dnis: number,
        lineId: null,
        queueId: null,
        customerId: null,
        trunkName: extension,
        direction: 'outbound',
        agentId,
      })
      .then(() => {
        deps.store.event(callId, 'outbound_refused', { number, reason });
        deps.store.ended(callId, { endedBy: 'system', sipCause: 403, at: new Date(), agentId });
      })
      .catch((err: unknown) => deps.log('error', 'refused call not stored', { callId, err: String(err) }));
  }

  private async connect(call: AgentCall, dialled: string): Promise<void> {
    const { deps } = this;
    if (!call.media) call.media = await CallMedia.open(deps.media, call.id);
    let answer: string;
    try {
      answer = await call.media.answerOffer(
        call.originLeg,
        call.origin.request.body,
        'agent',
        deps.core.localAddressFor(call.origin.source),
      );
    } catch (err) {
      if (!(err instanceof UnacceptableSdpError)) throw err;
      this.end(call, 488);
      return;
    }
    if (call.state === 'ended') return;
    // Neither side of an agent's call may be offered a queue call meanwhile.
    const busy = [call.agentId, call.target.kind === 'agent' ? call.target.agentId : undefined];
    for (const agentId of busy) {
      if (agentId && deps.acd.agentStatus(agentId) === 'ready') {
        deps.acd.setNotReady(agentId, call.target.kind === 'external' ? 'outbound' : 'internal_call');
        call.heldOutOfRouting.push(agentId);
      }
    }
    await this.record(call, dialled);
    const target = call.target;
    const contact = target.kind === 'agent' ? target.contact : undefined;
    const offer = await call.media.makeOffer(
      call.targetLeg,
      contact?.webrtc ? 'UDP/TLS/RTP/SAVPF' : 'RTP/AVP',
      'other',
      deps.core.localAddressFor(
        target.kind === 'external'
          ? trunkRequestUri(target.route, target.number)
          : (target.contact.flow ?? target.contact.uri),
      ),
    );
    // The caller may have hung up while the offer was made.
    if ((call.state as AgentCall['state']) === 'ended') return;
    if (target.kind === 'external') {
      call.request = dialOut(
        deps.core,
        {
          route: target.route,
          number: target.number,
          fallbackCallerId: call.extension,
          domain: deps.domain,
          offer,
        },
        {
          onProgress: () => {
            if (call.origin.pending) call.origin.respond(180);
          },
          onAnswer: (response, dialog) => this.accepted(call, response, dialog, answer),
          onFailure: (failure) => this.failed(call, failure),
        },
      );
      return;
    }
    const request = deps.core.createRequest('INVITE', target.contact.uri, {
      from: `<sip:${call.extension}@${deps.domain}>`,
      to: `<sip:${target.extension}@${deps.domain}>`,
      body: offer,
      contentType: SDP,
      headers: [['X-Kefu-Call-Id', call.parent?.id ?? call.id]],
    });
    call.request = deps.core.send(
      request,
      {
        onProgress: (r) => {
          if (r.status === 180 || r.status === 183) {
            if (call.origin.pending) call.origin.respond(180);
          }
        },
        onAccept: (response, dialog) => {
          if (!dialog) return;
          deps.core.ack(dialog, response);
          this.accepted(call, response, dialog, answer);
        },
        onReject: (r) => this.end(call, r.status),
        onTimeout: () => this.end(call, 408),
        onTransportError: () => this.end(call, 503),
      },
      contact?.flow ? { destination: contact.flow } : {},
    );
  }

  /** The trunk's call out failed: why goes on the call's trail, the agent's phone gets the status. */
  private failed(call: AgentCall, failure: DialOutFailure): void {
    const { deps } = this;
    const route = call.target.kind === 'external' ? call.target.route : undefined;
    deps.log('warn', 'outbound call failed', {
      callId: call.id,
      trunk: route?.trunkName,
      status: failure.status,
      reason: failure.reason,
    });
    const trail = call.parent
      ? call.parent.stored
        ? call.parent.id
        : undefined
      : call.stored
        ? call.id
        : undefined;
    if (trail)
      deps.store.event(trail, 'outbound_failed', {
        trunk: route?.trunkName ?? null,
        status: failure.status,
        reason: failure.reason,
        ...(failure.carrierStatus !== undefined && { carrierStatus: failure.carrierStatus }),
      });
    this.end(call, failure.status);
  }

  private async record(call: AgentCall, dialled: string): Promise<void> {
    const { deps } = this;
    if (call.parent) {
      if (call.parent.stored)
        deps.store.event(call.parent.id, 'consult_started', { from: call.extension, to: dialled });
      return;
    }
    const customer = call.target.kind === 'external' ? await deps.identifyCaller(dialled) : null;
    await deps.store.open({
      callId: call.id,
      sipCallId: call.origin.request.callId,
      ani: call.extension,
      dnis: customer?.e164 ?? dialled,
      lineId: null,
      queueId: null,
      customerId: customer?.customerId ?? null,
      trunkName: call.target.kind === 'external' ? call.target.route.trunkName : call.extension,
      direction: call.target.kind === 'external' ? 'outbound' : 'internal',
      agentId: call.agentId ?? null,
    });
    call.stored = true;
  }

  /** The target answered (its 2xx already ACKed). */
  private accepted(call: AgentCall, response: SipResponse, dialog: Dialog, answer: string): void {
    if (call.state !== 'ringing' || !call.origin.pending) {
      this.deps.core.bye(dialog);
      return;
    }
    call.targetDialog = dialog;
    this.byDialog.set(dialog.id, { call, side: 'target' });
    void (async () => {
      await call.media.acceptAnswer(call.targetLeg, response.body);
      await call.media.connect(call.originLeg, call.targetLeg);
      if (call.state !== 'ringing') return;
      call.state = 'connected';
      call.origin.respond(200, { body: answer, contentType: SDP });
      const originDialog = call.origin.dialog;
      if (originDialog) this.byDialog.set(originDialog.id, { call, side: 'origin' });
      if (call.stored && call.agentId) this.deps.store.answered(call.id, call.agentId, new Date());
    })().catch((err: unknown) => {
      this.deps.log('warn', 'agent call answer unusable', { callId: call.id, err: String(err) });
      this.deps.core.bye(dialog);
      this.end(call, 488);
    });
  }

  /** CANCEL of the agent's INVITE (the core has answered 487). */
  onCancel(invite: IncomingRequest): boolean {
    const call = this.byOrigin.get(invite);
    if (!call) return false;
    this.end(call, 487);
    return true;
  }

  onBye(dialog: Dialog): boolean {
    if (this.conferences.onBye(dialog)) return true;
    const leg = this.byDialog.get(dialog.id);
    if (!leg) return false;
    this.end(leg.call, 200, leg.side);
    return true;
  }

  /** re-INVITE / UPDATE on either leg: answered by the plane for that leg. */
  onReoffer(request: IncomingRequest, dialog: Dialog): boolean {
    const leg = this.byDialog.get(dialog.id);
    if (!leg) return false;
    const legId = leg.side === 'origin' ? leg.call.originLeg : leg.call.targetLeg;
    if (!request.request.body.trim()) {
      request.respond(200);
      return true;
    }
    leg.call.media
      .answerReoffer(legId, request.request.body)
      .then(({ sdp }) => request.pending && request.respond(200, { body: sdp, contentType: SDP }))
      .catch(() => request.pending && request.respond(488));
    return true;
  }

  /** The consult call whose agent-side dialog matches a Replaces header (RFC 3891 §3). */
  findConsult(callId: string, toTag: string, fromTag: string): AgentCall | undefined {
    for (const { call, side } of this.byDialog.values()) {
      if (side !== 'origin' || !call.parent || call.state !== 'connected') continue;
      const d = call.origin.dialog;
      // Tags as seen by us, the UA holding the dialog (RFC 3891 §3): to-tag ours, from-tag theirs.
      if (d?.callId === callId && (!toTag || d.localTag === toTag) && (!fromTag || d.remoteTag === fromTag))
        return call;
    }
    return undefined;
  }

  /**
   * Ends a call. `from` says which side hung up (that side needs no BYE); `handedOver` keeps
   * the target's leg and dialog (an attended transfer has taken them).
   */
  end(call: AgentCall, status: number, from?: 'origin' | 'target', handedOver = false): void {
    if (call.state === 'ended') return;
    const wasConnected = call.state === 'connected';
    call.state = 'ended';
    const { deps } = this;
    if (call.origin.pending) call.origin.respond(status >= 300 ? status : 480);
    else if (from !== 'origin' && call.origin.dialog && call.origin.dialog.state !== 'terminated')
      deps.core.bye(call.origin.dialog);
    if (!handedOver) {
      if (call.targetDialog && from !== 'target' && call.targetDialog.state !== 'terminated')
        deps.core.bye(call.targetDialog);
      else if (!call.targetDialog) call.request?.cancel();
    }
    for (const d of [call.origin.dialog, call.targetDialog]) if (d) this.byDialog.delete(d.id);
    if (call.parent) {
      this.conferences.end(call.parent);
      void call.media?.removeLeg(call.originLeg).catch(() => {});
      if (!handedOver) void call.media?.removeLeg(call.targetLeg).catch(() => {});
      if (call.parent.stored) deps.store.event(call.parent.id, 'consult_ended', { handedOver });
    } else {
      void call.media?.close().catch(() => {});
      if (call.stored)
        deps.store.ended(call.id, {
          endedBy: from === 'target' ? 'caller' : from === 'origin' ? 'agent' : 'system',
          sipCause: wasConnected ? 200 : status,
          at: new Date(),
          agentId: call.agentId ?? null,
        });
    }
    // Back to ready, except a transfer target who now has the customer (their call's end does it).
    const release = call.heldOutOfRouting.filter(
      (id) => !(handedOver && call.target.kind === 'agent' && id === call.target.agentId),
    );
    queueMicrotask(() => {
      for (const agentId of release) {
        try {
          if (deps.acd.agentStatus(agentId) === 'not_ready') deps.acd.setReady(agentId);
        } catch (err) {
          deps.log('warn', 'agent not returned to ready', { agentId, err: String(err) });
        }
      }
    });
  }
}

/** The From user of a request (who the phone says it is). */
export function fromUser(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const { uri } = parseNameAddr(value);
    return uri.kind === 'sip' ? uri.user : undefined;
  } catch {
    return undefined;
  }
}
