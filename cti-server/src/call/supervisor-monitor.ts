import { systemClock } from '../clock/index.js';
import type { MonitorMode } from '../rtp/media-plane.js';
import type { MonitorSessionView } from '../contract/socket-events.js';
import type { Dialog, OutgoingRequest } from '../sip/index.js';
import type { CallControlDeps } from './call-control-deps.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';

type MonitorDeps = Pick<
  CallControlDeps,
  'clock' | 'contactsOf' | 'core' | 'domain' | 'log' | 'media' | 'store'
>;

/** Who monitors: the signed-in supervisor (the route passes them in; no Fastify here). */
export interface MonitoringSupervisor {
  userId: string;
  /** Display name, as agents and the wallboard see it. */
  name: string;
}

/** A finished monitoring session, for the audit log: who, whom, which call, when, the modes. */
export interface MonitorSessionRecord {
  callId: string;
  supervisorUserId: string;
  supervisor: string;
  /** The phone that monitored. */
  extension: string;
  /** The agent on the call when monitoring began (and any the call was transferred to). */
  agentExtensions: string[];
  /** When the supervisor asked; when their phone answered (null: it never did). */
  requestedAt: Date;
  connectedAt: Date | null;
  endedAt: Date;
  /** Connected time (0 when never connected). */
  durationMs: number;
  /** Every mode used, in order, with when it began. */
  modes: Array<{ mode: MonitorMode; at: Date }>;
}

const SDP = 'application/sdp';

/** One supervisor's phone attached to a call: ringing (request) or connected (dialog). */
interface Monitor {
  call: InboundCall;
  extension: string;
  mode: MonitorMode;
  supervisor: MonitoringSupervisor;
  requestedAt: number;
  connectedAt: number | null;
  modes: Array<{ mode: MonitorMode; at: number }>;
  agentExtensions: string[];
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
  private readonly changeListeners = new Set<(callId: string, session: MonitorSessionView | null) => void>();
  private readonly endListeners = new Set<(record: MonitorSessionRecord) => void>();

  constructor(private readonly deps: MonitorDeps) {}

  private now(): number {
    return (this.deps.clock ?? systemClock).now();
  }

  /** The call's monitoring session (ringing the supervisor's phone, or connected), or null. */
  session(callId: string): MonitorSessionView | null {
    const monitor = this.byCall.get(callId);
    return monitor ? this.viewOf(monitor) : null;
  }

  /** Told of every start, answer, mode switch and end (null) of a session; returns the unsubscribe. */
  onChange(listener: (callId: string, session: MonitorSessionView | null) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Told once per session when it ends, with its whole story (the audit log's entry). */
  onEnded(listener: (record: MonitorSessionRecord) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private viewOf(monitor: Monitor): MonitorSessionView {
    return {
      callId: monitor.call.id,
      supervisorUserId: monitor.supervisor.userId,
      supervisor: monitor.supervisor.name,
      extension: monitor.extension,
      mode: monitor.mode,
      connected: monitor.dialog !== undefined,
      since: new Date(monitor.connectedAt ?? monitor.requestedAt).toISOString(),
    };
  }

  private changed(monitor: Monitor, ended = false): void {
    const view = ended ? null : this.viewOf(monitor);
    for (const listener of [...this.changeListeners]) {
      try {
        listener(monitor.call.id, view);
      } catch (err) {
        this.deps.log('warn', 'monitor listener failed', { callId: monitor.call.id, err: String(err) });
      }
    }
  }

  private ended(monitor: Monitor): void {
    const endedAt = this.now();
    const record: MonitorSessionRecord = {
      callId: monitor.call.id,
      supervisorUserId: monitor.supervisor.userId,
      supervisor: monitor.supervisor.name,
      extension: monitor.extension,
      agentExtensions: [...monitor.agentExtensions],
      requestedAt: new Date(monitor.requestedAt),
      connectedAt: monitor.connectedAt === null ? null : new Date(monitor.connectedAt),
      endedAt: new Date(endedAt),
      durationMs: monitor.connectedAt === null ? 0 : Math.max(0, endedAt - monitor.connectedAt),
      modes: monitor.modes.map(({ mode, at }) => ({ mode, at: new Date(at) })),
    };
    for (const listener of [...this.endListeners]) {
      try {
        listener(record);
      } catch (err) {
        this.deps.log('warn', 'monitor end listener failed', { callId: record.callId, err: String(err) });
      }
    }
  }

  /** Rings the supervisor's phone; once answered the plane starts mixing for it. */
  async start(
    call: InboundCall,
    extension: string,
    mode: MonitorMode,
    supervisor: MonitoringSupervisor,
  ): Promise<void> {
    const { deps } = this;
    if (call.state !== 'connected' || !call.media || !call.agent)
      throw new MonitorError(409, 'the call is not connected to an agent');
    if (this.byCall.has(call.id)) throw new MonitorError(409, 'the call is already monitored');
    const contact = deps.contactsOf(extension)[0];
    if (!contact) throw new MonitorError(409, `no phone is registered for extension ${extension}`);
    const requestedAt = this.now();
    const monitor: Monitor = {
      call,
      extension,
      mode,
      supervisor,
      requestedAt,
      connectedAt: null,
      modes: [{ mode, at: requestedAt }],
      agentExtensions: [call.agent.extension],
      mediaLegId: `monitor-${extension}`,
      // Monitoring lasts while the call is connected (a transfer keeps it, to the new agent).
      unwatch: call.lifecycle.onChange(({ to }) => {
        if (to !== 'connected') this.stop(call);
      }),
    };
    this.byCall.set(call.id, monitor);
    this.changed(monitor);
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
          monitor.connectedAt = this.now();
          this.byDialog.set(dialog.id, monitor);
          void this.connect(monitor, response.body);
        },
        onReject: () => this.forget(monitor),
        onTimeout: () => this.forget(monitor),
        onTransportError: () => this.forget(monitor),
      },
      contact.flow ? { destination: contact.flow } : {},
    );
  }

  private async connect(monitor: Monitor, answer: string): Promise<void> {
    const { call } = monitor;
    try {
      await call.media!.acceptAnswer(monitor.mediaLegId, answer);
      await this.applyMode(monitor);
    } catch (err) {
      this.deps.log('warn', 'monitor leg unusable', { callId: call.id, err: String(err) });
      this.stop(call);
      return;
    }
    if (this.byCall.get(call.id) !== monitor) return;
    this.deps.store.event(call.id, 'monitor_started', {
      supervisor: monitor.supervisor.name,
      supervisorUserId: monitor.supervisor.userId,
      extension: monitor.extension,
      mode: monitor.mode,
    });
    this.changed(monitor);
  }

  /** Switches listen / whisper / barge on a running monitor. */
  async setMode(call: InboundCall, mode: MonitorMode): Promise<void> {
    const monitor = this.byCall.get(call.id);
    if (!monitor) throw new MonitorError(404, 'the call is not monitored');
    const switched = monitor.mode !== mode;
    monitor.mode = mode;
    // A transfer re-applies the mode to the new agent's leg: note whom it now reaches.
    const agent = call.agent?.extension;
    const newAgent = agent !== undefined && !monitor.agentExtensions.includes(agent);
    if (newAgent) monitor.agentExtensions.push(agent);
    if (monitor.dialog) await this.applyMode(monitor);
    if (switched) {
      monitor.modes.push({ mode, at: this.now() });
      this.deps.store.event(call.id, 'monitor_mode', { extension: monitor.extension, mode });
    }
    if (switched || newAgent) this.changed(monitor);
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
    this.changed(monitor, true);
    this.ended(monitor);
  }
}
