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
import { initialPhoneSnapshot, type CallSnapshot, type PhoneSnapshot } from './phone-snapshot.js';

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
      webRtcOffer: null,
    });
    await inviter.invite().catch((err: Error) => this.update({ error: err.message }));
  }

  toggleMute(): void {
    const call = this.snapshot.call;
    const sdh = this.sdh();
    if (!call || !sdh) return;
    const muted = !call.muted;
    sdh.enableSenderTracks(!muted && !call.held);
    this.updateCall({ muted });
  }

  /** Hold / resume by re-INVITE with sendonly / sendrecv (RFC 3264 §8.4). */
  async toggleHold(): Promise<void> {
    const call = this.snapshot.call;
    const s = this.session;
    const sdh = this.sdh();
    if (!call || !s || !sdh || s.state !== SessionState.Established) return;
    const hold = !call.held;
    s.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
    const options: SessionInviteOptions = {
      requestDelegate: {
        onAccept: () => {
          sdh.enableReceiverTracks(!hold);
          sdh.enableSenderTracks(!hold && !call.muted);
          this.updateCall({ held: hold });
        },
        onReject: () => this.update({ error: hold ? 'hold refused' : 'resume refused' }),
      },
      sessionDescriptionHandlerOptions: { hold } as Web.SessionDescriptionHandlerOptions,
    };
    await s.invite(options).catch((err: Error) => this.update({ error: err.message }));
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

  /** Blind transfer by REFER (RFC 3515); the server answers and bridges the caller to `extension`. */
  async transfer(extension: string): Promise<void> {
    const s = this.session;
    const target = UserAgent.makeURI(`sip:${extension}@${this.options.domain}`);
    if (!s || !target || s.state !== SessionState.Established) return;
    await s
      .refer(target, {
        requestDelegate: { onReject: () => this.update({ error: `transfer to ${extension} refused` }) },
      })
      .catch((err: Error) => this.update({ error: err.message }));
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
      kefuCallId: invitation.request.getHeader('X-Kefu-Call-Id') ?? null,
      webRtcOffer: /a=fingerprint:/i.test(sdp),
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
      }
    });
  }

  private playRemoteAudio(): void {
    const sdh = this.sdh();
    if (!sdh) return;
    this.options.audio.srcObject = sdh.remoteMediaStream;
    void this.options.audio.play().catch(() => {});
    const pc = sdh.peerConnection;
    if (!pc) return;
    const report = () => this.updateCall({ mediaConnected: pc.connectionState === 'connected' });
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
    const sdh = this.session?.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
  }

  private updateCall(patch: Partial<CallSnapshot>): void {
    if (this.snapshot.call) this.update({ call: { ...this.snapshot.call, ...patch } });
  }

  private update(patch: Partial<PhoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.delegate.onChange?.(this.snapshot);
  }
}
