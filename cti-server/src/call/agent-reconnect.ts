import type { AgentContact, CallControlDeps } from './call-control-deps.js';
import type { CallLegs } from './call-legs.js';
import type { CallerQueue } from './caller-queue.js';
import { CALLER_LEG, type ConnectedAgent, type InboundCall } from './inbound-call.js';

type ReconnectDeps = Pick<CallControlDeps, 'contactsOf' | 'core' | 'domain' | 'events' | 'log' | 'store'>;

const SDP = 'application/sdp';

interface LostAgent {
  call: InboundCall;
  agent: ConnectedAgent;
  since: number;
  /** An INVITE to the new registration is under way. */
  resuming: boolean;
}

/**
 * Keeps the caller when an agent's phone connection drops mid-call (a console reload, a network
 * blip): the caller hears music on hold while the agent's phone registers again; the server then
 * calls that new registration with `X-Kefu-Resume` (the console answers it without ringing) and
 * bridges it to the caller. An agent not back within the grace period loses the call to the
 * head of its queue (the grace timer is the call's machine's: `reconnect.expired`). Only connection-oriented phones (WebSocket, TCP) can be noticed leaving.
 */
export class AgentReconnects {
  private readonly byExtension = new Map<string, LostAgent>();

  constructor(
    private readonly deps: ReconnectDeps,
    private readonly legs: CallLegs,
    private readonly queue: CallerQueue,
    private readonly graceMs: number,
    private readonly now: () => number,
  ) {}

  /** A call ending while its agent is away (the caller hung up) stops the wait. */
  watch(call: InboundCall): void {
    call.lifecycle.onChange(({ to }) => {
      if (to === 'ended') this.forget(call);
    });
  }

  /** The connection the connected agent's phone used is gone. */
  lost(call: InboundCall): void {
    const agent = call.agent;
    if (!agent || call.state !== 'connected') return;
    this.legs.detachAgent(call);
    const lost: LostAgent = {
      call,
      agent,
      since: this.now(),
      resuming: false,
    };
    this.byExtension.set(agent.extension, lost);
    this.deps.store.event(call.id, 'agent_lost', { extension: agent.extension, graceMs: this.graceMs });
    this.deps.log('info', 'agent phone connection lost mid-call: caller held', {
      callId: call.id,
      extension: agent.extension,
    });
    // The phone may already be back (a quick reconnect registers before the old socket closes).
    this.registered(agent.extension);
  }

  /** The extension has a registration again: call it back into its call. */
  registered(extension: string): void {
    const lost = this.byExtension.get(extension);
    if (!lost || lost.resuming || lost.call.ended) return;
    const contact = this.deps
      .contactsOf(extension)
      .find((c) => c.flow?.connectionId !== lost.agent.dialog.flow?.connectionId);
    if (!contact) return;
    lost.resuming = true;
    void this.resume(lost, contact);
  }

  private forget(call: InboundCall): void {
    const extension = call.agent?.extension;
    const lost = extension ? this.byExtension.get(extension) : undefined;
    if (!lost || lost.call !== call) return;
    this.byExtension.delete(lost.agent.extension);
  }

  private async resume(lost: LostAgent, contact: AgentContact): Promise<void> {
    const { deps } = this;
    const { call, agent } = lost;
    const media = call.media!;
    const mediaLegId = call.nextLegId();
    const retryLater = () => {
      void media.removeLeg(mediaLegId).catch(() => {});
      lost.resuming = false;
    };
    let sdp: string;
    try {
      sdp = await media.makeOffer(
        mediaLegId,
        contact.webrtc ? 'UDP/TLS/RTP/SAVPF' : 'RTP/AVP',
        'agent',
        deps.core.localAddressFor(contact.flow ?? contact.uri),
      );
    } catch (err) {
      deps.log('warn', 'media offer for a returning agent failed', { callId: call.id, err: String(err) });
      retryLater();
      return;
    }
    const ani = call.caller?.e164 ?? call.identity.ani ?? 'anonymous';
    const request = deps.core.createRequest('INVITE', contact.uri, {
      from: `"${(call.identity.aniName ?? ani).replace(/"/g, '')}" <sip:${ani}@${deps.domain}>`,
      to: `<sip:${agent.extension}@${deps.domain}>`,
      body: sdp,
      contentType: SDP,
      headers: [
        ['X-Kefu-Call-Id', call.id],
        // Tells the console this is its own call coming back: answer at once, no ringing.
        ['X-Kefu-Resume', call.id],
      ],
    });
    deps.core.send(
      request,
      {
        onAccept: (response, dialog) => {
          if (!dialog) return;
          deps.core.ack(dialog, response);
          if (this.byExtension.get(agent.extension) !== lost || call.state !== 'reconnecting') {
            deps.core.bye(dialog);
            retryLater();
            return;
          }
          media
            .acceptAnswer(mediaLegId, response.body)
            .then(() => media.connect(CALLER_LEG, mediaLegId))
            .then(() => {
              if (call.state !== 'reconnecting') throw new Error('call ended');
              this.byExtension.delete(agent.extension);
              this.legs.attachAgent(call, { ...agent, dialog, mediaLegId });
              deps.store.event(call.id, 'agent_reconnected', {
                extension: agent.extension,
                afterMs: this.now() - lost.since,
              });
              deps.events.answered?.(agent.extension, call.payload());
            })
            .catch((err: unknown) => {
              deps.log('warn', 'returning agent answer unusable', { callId: call.id, err: String(err) });
              if (dialog.state !== 'terminated') deps.core.bye(dialog);
              retryLater();
            });
        },
        onReject: retryLater,
        onTimeout: retryLater,
        onTransportError: retryLater,
      },
      contact.flow ? { destination: contact.flow } : {},
    );
  }

  /** The grace period (the call's machine's timer) ran out: the caller goes back to the queue. */
  expired(call: InboundCall): void {
    const extension = call.agent?.extension;
    const lost = extension ? this.byExtension.get(extension) : undefined;
    if (!lost || lost.call !== call) return;
    this.byExtension.delete(lost.agent.extension);
    if (call.state !== 'reconnecting') return;
    this.deps.store.event(call.id, 'agent_not_back', {
      extension: lost.agent.extension,
      graceMs: this.graceMs,
    });
    this.queue.requeue(call);
  }
}
