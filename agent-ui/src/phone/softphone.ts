import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  Web,
  type Session,
  type SessionInviteOptions,
} from 'sip.js';
import { keepMd5Challenges } from './md5-challenge-filter.js';
import {
  initialPhoneSnapshot,
  type CallSnapshot,
  type ConsultSnapshot,
  type PhoneSnapshot,
} from './phone-snapshot.js';

export interface SoftphoneOptions {
  /** ws(s)://host/sip */
  server: string;
  extension: string;
  password: string;
  /** SIP domain of the agent's AOR (the registrar's realm). */
  domain: string;
  displayName?: string;
  /** Where the remote party's audio plays. */
  audio: HTMLAudioElement;
}

export interface SoftphoneDelegate {
  onChange?(snapshot: PhoneSnapshot): void;
  /** An INVITE arrived (ringtone, auto-answer). */
  onIncoming?(call: CallSnapshot): void;
}

const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000];

/** One agent line on sip.js over WebSocket: register, one call at a time, the usual call controls. */
export class Softphone {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private session: Session | null = null;
  /** The consult call (second line) while the customer waits on hold. */
  private consultSession: Inviter | null = null;
  private snapshot: PhoneSnapshot = initialPhoneSnapshot;
  private microphoneId: string | null = null;
  private reconnects = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly options: SoftphoneOptions,
    private readonly delegate: SoftphoneDelegate = {},
  ) {
    const uri = UserAgent.makeURI(`sip:${options.extension}@${options.domain}`);
    if (!uri) throw new Error(`bad SIP URI for extension ${options.extension}`);
    this.ua = new UserAgent({
      uri,
      displayName: options.displayName ?? options.extension,
      transportOptions: { server: options.server },
      authorizationUsername: options.extension,
      authorizationPassword: options.password,
      logLevel: 'warn',
      delegate: {
        onConnect: () => {
          this.reconnects = 0;
          this.update({ transport: 'connected' });
          void this.register();
        },
        onDisconnect: (error) => {
          this.update({ transport: 'disconnected', registration: 'unregistered' });
          if (error) this.scheduleReconnect();
        },
        onInvite: (invitation) => this.incoming(invitation),
      },
    });
    const transport = this.ua.transport;
    const deliver = transport.onMessage;
    transport.onMessage = (message) => deliver?.(keepMd5Challenges(message));
    this.registerer = new Registerer(this.ua, { expires: 300 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.update({ registration: 'registered' });
      else if (state === RegistererState.Unregistered) this.update({ registration: 'unregistered' });
    });
  }

  get state(): PhoneSnapshot {
    return this.snapshot;
  }

  async start(): Promise<void> {
    try {
      await this.ua.start();
    } catch {
      this.update({ transport: 'disconnected' });
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    if (this.registerer.state === RegistererState.Registered)
      await this.registerer.unregister().catch(() => {});
    await this.ua.stop().catch(() => {});
  }

  /** New credentials from the server: the next digest challenge (re-REGISTER) uses them. */
  setPassword(password: string): void {
    // sip.js builds each digest answer from its live configuration.
    this.ua.configuration.authorizationPassword = password;
  }

  setMicrophone(deviceId: string | null): void {
    this.microphoneId = deviceId;
  }

  async setSpeaker(deviceId: string | null): Promise<void> {
    const audio = this.options.audio as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
    await audio.setSinkId?.(deviceId ?? '');
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.session.state !== SessionState.Initial) return;
    try {
      await this.session.accept({ sessionDescriptionHandlerOptions: this.mediaOptions() });
    } catch (err) {
      this.update({ error: (err as Error).message });
    }
  }

  async reject(): Promise<void> {
    if (this.session instanceof Invitation && this.session.state === SessionState.Initial) {
      // 603 Decline: the agent refused this offer (RFC 3261 §21.6.2); the ACD re-offers the call.
      await this.session.reject({ statusCode: 603 }).catch(() => {});
    }
  }

  async hangUp(): Promise<void> {
    const s = this.session;
    if (!s) return;
    if (s.state === SessionState.Established) await s.bye().catch(() => {});
    else if (s instanceof Inviter) await s.cancel().catch(() => {});
    else if (s instanceof Invitation) await s.reject().catch(() => {});
  }

  async dial(target: string): Promise<void> {
    if (this.session) return;
    const uri = UserAgent.makeURI(`sip:${target}@${this.options.domain}`);
    if (!uri) return this.update({ error: `bad number ${target}` });
    const inviter = new Inviter(this.ua, uri, {
      sessionDescriptionHandlerOptions: this.mediaOptions(),
    });
    this.attach(inviter, {
      direction: 'outbound',
      phase: 'dialing',
      remote: target,
      remoteName: null,
      kefuCallId: null,
      resumed: false,
      webRtcOffer: null,
    });
    await inviter.invite().catch((err: Error) => this.update({ error: err.message }));
  }

  toggleMute(): void {
    const call = this.snapshot.call;
    if (call) this.setMuted(!call.muted);
  }

  private setMuted(muted: boolean): void {
    const call = this.snapshot.call;
    const sdh = this.sdh();
    if (!call || !sdh) return;
    sdh.enableSenderTracks(!muted && !call.held);
    const consult = this.consultSession && sdhOf(this.consultSession);
    if (consult) consult.enableSenderTracks(!muted && !this.snapshot.consult?.conference);
    this.updateCall({ muted });
  }

  /** Hold / resume by re-INVITE with sendonly / sendrecv (RFC 3264 §8.4). */
  async toggleHold(): Promise<void> {
    const call = this.snapshot.call;
    if (call) await this.setHold(!call.held);
  }

  /** Resolves true once the re-INVITE is accepted (the server plays music on hold to the caller). */
  private setHold(hold: boolean): Promise<boolean> {
    const call = this.snapshot.call;
    const s = this.session;
    const sdh = this.sdh();
    if (!call || !s || !sdh || s.state !== SessionState.Established) return Promise.resolve(false);
    if (call.held === hold) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      s.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
      const options: SessionInviteOptions = {
        requestDelegate: {
          onAccept: () => {
            sdh.enableReceiverTracks(!hold);
            sdh.enableSenderTracks(!hold && !this.snapshot.call?.muted);
            this.updateCall({ held: hold });
            resolve(true);
          },
          onReject: () => {
            this.update({ error: hold ? 'hold refused' : 'resume refused' });
            resolve(false);
          },
        },
        sessionDescriptionHandlerOptions: { hold } as Web.SessionDescriptionHandlerOptions,
      };
      s.invite(options).catch((err: Error) => {
        this.update({ error: err.message });
        resolve(false);
      });
    });
  }

  /** RFC 4733 telephone-event in the media; SIP INFO (application/dtmf-relay) when the SDH cannot. */
  async sendDtmf(tone: string): Promise<void> {
    const s = this.session;
    if (!s || s.state !== SessionState.Established) return;
    if (this.sdh()?.sendDtmf(tone)) return;
    await s
      .info({
        requestOptions: {
          body: {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content: `Signal=${tone}\r\nDuration=160`,
          },
        },
      })
      .catch((err: Error) => this.update({ error: err.message }));
  }

  /**
   * Blind transfer by REFER (RFC 3515); the server answers and bridges the caller to `target`
   * (another agent's extension; it refuses what it cannot reach, e.g. 480 for an outside number).
   */
  async transfer(target: string): Promise<void> {
    const s = this.session;
    const uri = UserAgent.makeURI(`sip:${target}@${this.options.domain}`);
    if (!s || !uri || s.state !== SessionState.Established) return;
    await s
      .refer(uri, {
        requestDelegate: {
          onReject: (r) => this.update({ error: `transfer to ${target} refused: ${statusOf(r.message)}` }),
        },
      })
      .catch((err: Error) => this.update({ error: err.message }));
  }

  /**
   * Consult before an attended transfer: the customer goes on hold (re-INVITE sendonly; the
   * server plays them music) and a second call goes to `target`. The server sees an agent on a
   * customer call dialling and lets the consult share that call's media session.
   */
  async consult(target: string): Promise<void> {
    if (this.consultSession || this.session?.state !== SessionState.Established) return;
    const uri = UserAgent.makeURI(`sip:${target}@${this.options.domain}`);
    if (!uri) return this.update({ error: `bad number ${target}` });
    if (!(await this.setHold(true))) return;
    const inviter = new Inviter(this.ua, uri, { sessionDescriptionHandlerOptions: this.mediaOptions() });
    this.consultSession = inviter;
    this.update({
      error: null,
      consult: { target, phase: 'dialing', mediaConnected: false, conference: false },
    });
    inviter.stateChange.addListener((state) => {
      if (this.consultSession !== inviter) return;
      if (state === SessionState.Established) {
        this.updateConsult({ phase: 'connected' });
        this.playRemoteAudio(inviter, (connected) => this.updateConsult({ mediaConnected: connected }));
      } else if (state === SessionState.Terminated) {
        this.consultSession = null;
        const conference = this.snapshot.consult?.conference;
        this.update({ consult: null });
        // Back to the customer (still on hold unless this was a conference; Resume takes them back).
        if (this.session) this.playRemoteAudio(this.session);
        if (conference) this.setMuted(this.snapshot.call?.muted ?? false);
      }
    });
    await inviter
      .invite({
        requestDelegate: {
          onReject: (r) => this.update({ error: `consult ${target} failed: ${statusOf(r.message)}` }),
        },
      })
      .catch((err: Error) => this.update({ error: err.message }));
  }

  /**
   * Attended transfer: REFER on the customer call with Refer-To naming the consult dialog in a
   * Replaces header (RFC 3891 §3, RFC 5589 §7); the server hands the customer to the consulted
   * party and hangs up both of this phone's calls.
   */
  async completeTransfer(): Promise<void> {
    const s = this.session;
    const c = this.consultSession;
    if (!s || !c || s.state !== SessionState.Established || c.state !== SessionState.Established) return;
    await s
      .refer(c, {
        requestDelegate: {
          onReject: (r) => this.update({ error: `transfer refused: ${statusOf(r.message)}` }),
        },
      })
      .catch((err: Error) => this.update({ error: err.message }));
  }

  /** Hangs up the consult and takes the customer off hold. */
  async cancelConsult(): Promise<void> {
    const c = this.consultSession;
    if (c) {
      this.consultSession = null;
      this.update({ consult: null });
      if (c.state === SessionState.Established) await c.bye().catch(() => {});
      else await c.cancel().catch(() => {});
    }
    if (this.session) this.playRemoteAudio(this.session);
    await this.setHold(false);
  }

  /**
   * The server now mixes the customer, this agent and the consulted party (three-way): talk on
   * the customer call again (resume), the consult call stays up silent (our audio goes once).
   */
  async joinConference(): Promise<void> {
    const c = this.consultSession;
    if (!c || !this.snapshot.consult) return;
    this.updateConsult({ conference: true });
    sdhOf(c)?.enableSenderTracks(false);
    if (this.session) this.playRemoteAudio(this.session);
    await this.setHold(false);
  }

  reportError(message: string): void {
    this.update({ error: message });
  }

  clearError(): void {
    this.update({ error: null });
  }

  private async register(): Promise<void> {
    this.update({ registration: 'registering' });
    await this.registerer
      .register({
        requestDelegate: { onReject: () => this.update({ registration: 'failed' }) },
      })
      .catch(() => this.update({ registration: 'failed' }));
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnects++, RECONNECT_DELAYS_MS.length - 1)];
    this.update({ transport: 'connecting' });
    this.reconnectTimer = setTimeout(() => {
      this.ua.reconnect().catch(() => this.scheduleReconnect());
    }, delay);
  }

  private incoming(invitation: Invitation): void {
    const kefuCallId = invitation.request.getHeader('X-Kefu-Call-Id') ?? null;
    const resumed = !!kefuCallId && invitation.request.getHeader('X-Kefu-Resume') === kefuCallId;
    if (this.session && resumed && this.snapshot.call?.kefuCallId === kefuCallId) {
      // Our call coming back over a new connection: the old session's dialog is gone on the
      // server, so it is dropped here (its BYE, if it can still be sent, is answered 481).
      const stale = this.session;
      this.session = null;
      void stale.dispose().catch(() => {});
    }
    if (this.session) {
      // One call at a time: 486 Busy Here (RFC 3261 §21.4.24).
      void invitation.reject({ statusCode: 486 }).catch(() => {});
      return;
    }
    // Start of the "INVITE → caller name painted" measurement (components/caller-header.tsx).
    performance.mark('kefu.invite');
    const sdp = invitation.request.body ?? '';
    this.attach(invitation, {
      direction: 'inbound',
      phase: 'ringing',
      remote: invitation.remoteIdentity.uri.user ?? '',
      remoteName: invitation.remoteIdentity.displayName || null,
      kefuCallId,
      webRtcOffer: /a=fingerprint:/i.test(sdp),
      resumed,
    });
    if (this.snapshot.call) this.delegate.onIncoming?.(this.snapshot.call);
  }

  private attach(
    session: Session,
    call: Omit<CallSnapshot, 'muted' | 'held' | 'connectedAt' | 'mediaConnected'>,
  ): void {
    this.session = session;
    this.update({
      error: null,
      call: { ...call, muted: false, held: false, connectedAt: null, mediaConnected: false },
    });
    session.stateChange.addListener((state) => {
      if (this.session !== session) return;
      if (state === SessionState.Established) {
        this.updateCall({ phase: 'connected', connectedAt: Date.now() });
        this.playRemoteAudio();
      } else if (state === SessionState.Terminated) {
        this.session = null;
        this.options.audio.srcObject = null;
        this.updateCall({ phase: 'ended', mediaConnected: false });
        // The consult shared the customer call's media on the server: it cannot outlive it.
        if (this.consultSession) void this.cancelConsult();
      }
    });
  }

  private playRemoteAudio(
    session: Session | null = this.session,
    onMedia: (connected: boolean) => void = (connected) => this.updateCall({ mediaConnected: connected }),
  ): void {
    const sdh = session && sdhOf(session);
    if (!sdh) return;
    this.options.audio.srcObject = sdh.remoteMediaStream;
    void this.options.audio.play().catch(() => {});
    const pc = sdh.peerConnection;
    if (!pc) return;
    const report = () => onMedia(pc.connectionState === 'connected');
    pc.addEventListener('connectionstatechange', report);
    report();
  }

  private mediaOptions(): Web.SessionDescriptionHandlerOptions {
    const audio: MediaTrackConstraints | boolean = this.microphoneId
      ? { deviceId: { exact: this.microphoneId } }
      : true;
    return { constraints: { audio, video: false } };
  }

  private sdh(): Web.SessionDescriptionHandler | null {
    return this.session ? sdhOf(this.session) : null;
  }

  private updateConsult(patch: Partial<ConsultSnapshot>): void {
    if (this.snapshot.consult) this.update({ consult: { ...this.snapshot.consult, ...patch } });
  }

  private updateCall(patch: Partial<CallSnapshot>): void {
    if (this.snapshot.call) this.update({ call: { ...this.snapshot.call, ...patch } });
  }

  private update(patch: Partial<PhoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.delegate.onChange?.(this.snapshot);
  }
}

function sdhOf(session: Session): Web.SessionDescriptionHandler | null {
  const sdh = session.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
}

/** "480 Transfer Target Unavailable" from a final response. */
function statusOf(message: { statusCode?: number; reasonPhrase?: string }): string {
  return `${message.statusCode ?? ''} ${message.reasonPhrase ?? ''}`.trim();
}
