import type { Dialog } from '../sip/index.js';
import type { AcdLink } from './acd-link.js';
import type { CallControlDeps, EndedBy } from './call-control-deps.js';
import type { CallRegistry, CallSide } from './call-registry.js';
import { holdMusicFor } from './hold-music.js';
import { CALLER_LEG, type ConnectedAgent, type InboundCall } from './inbound-call.js';

const SDP = 'application/sdp';

type LegsDeps = Pick<CallControlDeps, 'core' | 'store' | 'events' | 'log' | 'holdMusic'>;

/**
 * The two sides of the B2BUA for one call: answering the carrier, who the agent is (answered,
 * replaced by a transfer, lost with their phone, back), and ending the call from either side.
 */
export class CallLegs {
  constructor(
    private readonly deps: LegsDeps,
    private readonly registry: CallRegistry,
    private readonly acd: AcdLink,
  ) {}

  /** 180 to the carrier (once, while it is not answered). */
  sendRingback(call: InboundCall): void {
    if (call.ringbackSent || !call.carrier.pending) return;
    call.ringbackSent = true;
    call.carrier.respond(180);
  }

  /** 200 OK to the carrier with the plane's SDP (once). */
  answerCarrier(call: InboundCall): void {
    if (!call.carrier.pending) return;
    call.carrier.respond(200, { body: call.carrierSdp!, contentType: SDP });
    // From now on the carrier has our SDP and sends RTP: its silence is a dead call.
    call.media
      ?.watchMedia(CALLER_LEG)
      .catch((err: unknown) =>
        this.deps.log('warn', 'media watch failed', { callId: call.id, err: String(err) }),
      );
    const carrierDialog = call.carrierDialog;
    if (carrierDialog) this.registry.bind(call, carrierDialog, 'carrier');
  }

  /** The dialog on the other side of the call from `side`. */
  otherDialog(call: InboundCall, side: CallSide): Dialog | undefined {
    return side === 'carrier' ? call.agent?.dialog : call.carrierDialog;
  }

  /** The call's agent leaves it: dialog hung up, leg dropped, console told (not the ACD). */
  releaseAgent(call: InboundCall): ConnectedAgent | undefined {
    const from = call.agent;
    if (from) {
      this.registry.unbind(from.dialog);
      if (from.dialog.state !== 'terminated') this.deps.core.bye(from.dialog);
      void call.media?.removeLeg(from.mediaLegId).catch(() => {});
      this.deps.events.ended?.(from.extension, { ...call.payload(), endedBy: 'agent', sipCause: 202 });
    }
    return from;
  }

  /** A transfer gave the call to `next`: the previous agent leaves it; returns them. */
  replaceAgent(call: InboundCall, next: ConnectedAgent): ConnectedAgent | undefined {
    const from = this.releaseAgent(call);
    this.acd.defer((acd) => acd.finish(call.id));
    call.agent = next;
    call.lifecycle.send({ type: 'HANDED_OVER' });
    this.registry.bind(call, next.dialog, 'agent');
    return from;
  }

  /** The agent's phone connection is gone: forget its dialog and leg, the caller hears music. */
  detachAgent(call: InboundCall): void {
    const agent = call.agent!;
    call.lifecycle.send({ type: 'AGENT_LOST' });
    this.registry.unbind(agent.dialog);
    // Nothing can reach the phone over a closed connection: forget the dialog without a BYE.
    this.deps.core.endDialog(agent.dialog);
    const media = call.media!;
    void media.removeLeg(agent.mediaLegId).catch(() => {});
    media
      .hold(CALLER_LEG, holdMusicFor(call, this.deps.holdMusic))
      .catch((err: unknown) =>
        this.deps.log('warn', 'hold music failed', { callId: call.id, err: String(err) }),
      );
  }

  /** The agent's new phone leg is bridged: it is the call's agent again. */
  attachAgent(call: InboundCall, agent: ConnectedAgent): void {
    call.agent = agent;
    call.lifecycle.send({ type: 'AGENT_BACK' });
    this.registry.bind(call, agent.dialog, 'agent');
  }

  /** Ends a call from one side: BYE the other leg(s), close the record. */
  hangUp(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    if (call.ended) return;
    const agentDialog = endedBy === 'agent' ? undefined : call.agent?.dialog;
    if (agentDialog && agentDialog.state !== 'terminated') this.deps.core.bye(agentDialog);
    if (endedBy !== 'caller') {
      // A carrier not answered yet gets a final response: a UAS "MUST NOT send a BYE on an early
      // dialog" (https://www.rfc-editor.org/rfc/rfc3261#section-15).
      if (call.carrier.pending) call.carrier.respond(sipCause >= 300 ? sipCause : 480);
      else if (call.carrierDialog && call.carrierDialog.state !== 'terminated')
        this.deps.core.bye(call.carrierDialog);
    }
    call.ivr?.hangup();
    this.finish(call, endedBy, sipCause);
  }

  /**
   * The carrier cannot be reached any more (its INVITE's response could not be delivered): the
   * agent's leg is hung up and the call ends; nothing more is sent to the carrier.
   */
  carrierLost(call: InboundCall, sipCause: number): void {
    if (call.ended) return;
    const agentDialog = call.agent?.dialog;
    if (agentDialog && agentDialog.state !== 'terminated') this.deps.core.bye(agentDialog);
    call.ivr?.hangup();
    this.finish(call, 'system', sipCause);
  }

  /** Ends a call that was never connected, answering the carrier with `status`. */
  fail(call: InboundCall, status: number, endedBy: EndedBy, reason?: string): void {
    if (call.ended) return;
    if (call.carrier.pending) call.carrier.respond(status, reason ? { reason } : {});
    this.finish(call, endedBy, status);
  }

  /**
   * The call is over: its machine ends (the registry, the ACD, a ringing offer, monitoring and a
   * reconnect wait follow from that), media closed, record and console told.
   */
  finish(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    if (!call.lifecycle.send({ type: 'END', endedBy, sipCause })) return;
    if (!call.carrierMedia.settled) call.carrierMedia.reject(new Error('call ended'));
    call.announcement?.done();
    call.media
      ?.close()
      .catch((err: unknown) =>
        this.deps.log('warn', 'media session close failed', { callId: call.id, err: String(err) }),
      );
    if (call.stored) {
      this.deps.store.ended(call.id, {
        endedBy,
        sipCause,
        at: new Date(),
        agentId: call.agent?.agentId ?? null,
      });
    }
    const extension = call.agent?.extension;
    if (extension) this.deps.events.ended?.(extension, { ...call.payload(), endedBy, sipCause });
  }
}
