import type { MonitorMode } from '../rtp/media-plane.js';
import type { Dialog, OutgoingRequest } from '../sip/index.js';
import type { CallControlDeps } from './call-control-deps.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';

type MonitorDeps = Pick<CallControlDeps, 'contactsOf' | 'core' | 'domain' | 'log' | 'media' | 'store'>;

const SDP = 'application/sdp';

/** One supervisor's phone attached to a call: ringing (request) or connected (dialog). */
interface Monitor {
  call: InboundCall;
  extension: string;
  mode: MonitorMode;
  mediaLegId: string;
  request?: OutgoingRequest;
  dialog?: Dialog;
  /** Drops the call-state listener. */
  unwatch(): void;
}

export class MonitorError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'MonitorError';
  }
}

/**
 * Supervisors listening in on, whispering to, or barging into a connected call. The server
 * calls the supervisor's phone with a leg of its own on the call's media session; the plane
 * mixes for it (listen: hears both; whisper: the agent hears the supervisor too; barge: both
 * do). The supervisor hanging up ends only the monitoring, never the call.
 */
export class SupervisorMonitors {
  private readonly byCall = new Map<string, Monitor>();
  private readonly byDialog = new Map<string, Monitor>();

  constructor(private readonly deps: MonitorDeps) {}

  /** Rings the supervisor's phone; once answered the plane starts mixing for it. */
  async start(call: InboundCall, extension: string, mode: MonitorMode, supervisor: string): Promise<void> {
    const { deps } = this;
    if (call.state !== 'connected' || !call.media || !call.agent)
      throw new MonitorError(409, 'the call is not connected to an agent');
    if (this.byCall.has(call.id)) throw new MonitorError(409, 'the call is already monitored');
    const contact = deps.contactsOf(extension)[0];
    if (!contact) throw new MonitorError(409, `no phone is registered for extension ${extension}`);
    const monitor: Monitor = {
      call,
      extension,
      mode,
      mediaLegId: `monitor-${extension}`,
      // Monitoring lasts while the call is connected (a transfer keeps it, to the new agent).
      unwatch: call.lifecycle.onChange(({ to }) => {
        if (to !== 'connected') this.stop(call);
      }),
    };
    this.byCall.set(call.id, monitor);
    let sdp: string;
    try {
      sdp = await call.media.makeOffer(
        monitor.mediaLegId,
        contact.webrtc ? 'UDP/TLS/RTP/SAVPF' : 'RTP/AVP',
        'supervisor',
        deps.core.localAddressFor(contact.flow ?? contact.uri),
      );
    } catch (err) {
      this.forget(monitor);
      throw err;
    }
    const request = deps.core.createRequest('INVITE', contact.uri, {
      from: `"${mode}" <sip:monitor@${deps.domain}>`,
      to: `<sip:${extension}@${deps.domain}>`,
      body: sdp,
      contentType: SDP,
      headers: [['X-Kefu-Call-Id', call.id]],
    });
    monitor.request = deps.core.send(
      request,
      {
        onAccept: (response, dialog) => {
          if (!dialog) return;
          deps.core.ack(dialog, response);
          if (this.byCall.get(call.id) !== monitor || call.state !== 'connected') {
            deps.core.bye(dialog);
            return;
          }
          monitor.dialog = dialog;
          this.byDialog.set(dialog.id, monitor);
          void this.connect(monitor, response.body, supervisor);
        },
        onReject: () => this.forget(monitor),
        onTimeout: () => this.forget(monitor),
        onTransportError: () => this.forget(monitor),
      },
      contact.flow ? { destination: contact.flow } : {},
    );
  }

  private async connect(monitor: Monitor, answer: string, supervisor: string): Promise<void> {
    const { call } = monitor;
    try {
      await call.media!.acceptAnswer(monitor.mediaLegId, answer);
      await this.applyMode(monitor);
    } catch (err) {
      this.deps.log('warn', 'monitor leg unusable', { callId: call.id, err: String(err) });
      this.stop(call);
      return;
    }
    this.deps.store.event(call.id, 'monitor_started', {
      supervisor,
      extension: monitor.extension,
      mode: monitor.mode,
    });
  }

  /** Switches listen / whisper / barge on a running monitor. */
  async setMode(call: InboundCall, mode: MonitorMode): Promise<void> {
    const monitor = this.byCall.get(call.id);
    if (!monitor) throw new MonitorError(404, 'the call is not monitored');
    monitor.mode = mode;
    if (monitor.dialog) await this.applyMode(monitor);
    this.deps.store.event(call.id, 'monitor_mode', { extension: monitor.extension, mode });
  }

  private async applyMode(monitor: Monitor): Promise<void> {
    const { call } = monitor;
    if (!call.agent) return;
    await this.deps.media.monitor(call.media!.sessionId, {
      supervisorLegId: monitor.mediaLegId,
      callerLegId: CALLER_LEG,
      agentLegId: call.agent.mediaLegId,
      mode: monitor.mode,
    });
  }

  /** BYE from a supervisor's phone: true when the dialog was a monitor (the call goes on). */
  onBye(dialog: Dialog): boolean {
    const monitor = this.byDialog.get(dialog.id);
    if (!monitor) return false;
    this.forget(monitor);
    return true;
  }

  isMonitor(dialog: Dialog): boolean {
    return this.byDialog.has(dialog.id);
  }

  /** Ends monitoring of a call (supervisor's request, the call ending, a transfer). */
  stop(call: InboundCall): void {
    const monitor = this.byCall.get(call.id);
    if (!monitor) return;
    if (monitor.dialog && monitor.dialog.state !== 'terminated') this.deps.core.bye(monitor.dialog);
    else monitor.request?.cancel();
    this.forget(monitor);
  }

  modeOf(call: InboundCall): MonitorMode | undefined {
    return this.byCall.get(call.id)?.mode;
  }

  private forget(monitor: Monitor): void {
    const { call } = monitor;
    if (this.byCall.get(call.id) !== monitor) return;
    monitor.unwatch();
    this.byCall.delete(call.id);
    if (monitor.dialog) this.byDialog.delete(monitor.dialog.id);
    if (call.media && call.state !== 'ended') {
      void this.deps.media.stopMonitor(call.media.sessionId, monitor.mediaLegId).catch(() => {});
      void call.media.removeLeg(monitor.mediaLegId).catch(() => {});
    }
    if (monitor.dialog && call.stored)
      this.deps.store.event(call.id, 'monitor_ended', { extension: monitor.extension });
  }
}
