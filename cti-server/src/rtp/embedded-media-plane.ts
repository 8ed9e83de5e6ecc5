// MediaPlane on the in-process engine: plain RTP/AVP legs and WebRTC (ICE + DTLS-SRTP) legs, both
// G.711 with telephone-event, all sessions clocked by one shared 20 ms ticker.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { G711_STATIC_PT, type G711Law } from './g711.js';
import { sharedMediaTicker, type MediaTicker } from './media-ticker.js';
import {
  MediaPlaneError,
  type AddLegOptions,
  type LocalMediaDescription,
  type MediaPlane,
  type MediaPlaneDelegate,
  type MonitorOptions,
  type OfferLegOptions,
  type PlayOptions,
  type PlaySource,
  type RecordingOptions,
  type RecordingResult,
  type RemoteMediaDescription,
} from './media-plane.js';
import { MediaSession } from './media-session.js';
import type { MediaLeg } from './media-leg.js';
import { RtpLeg } from './rtp-leg.js';
import { ANSWER_DIRECTION, negotiate, type Negotiated } from './rtp-negotiation.js';
import { RtpPortAllocator, type RtpPortRange } from './rtp-port-allocator.js';
import { isDtmfDigit, type DtmfDigit } from './telephone-event.js';
import { channelOf, readWav } from './wav.js';
import { WebRtcLeg, type WebRtcLegOptions } from './webrtc-leg.js';
import { describeWebRtcLeg } from './webrtc-description.js';

export { negotiate } from './rtp-negotiation.js';

export interface EmbeddedMediaPlaneOptions {
  /**
   * Address the RTP sockets bind to. A wildcard ('0.0.0.0', '::') lets each leg bind the address
   * its party reaches us on (`AddLegOptions.localAddress`).
   */
  bindAddress: string;
  /** Address put in every SDP instead (a server behind 1:1 NAT). */
  advertisedAddress?: string;
  /** SDP address of a leg that has no `localAddress` on a wildcard plane (this host's first). */
  fallbackAddress?: string;
  portRange?: RtpPortRange;
  ticker?: MediaTicker;
  /** Default media timeout per leg (0 = off). */
  mediaTimeoutMs?: number;
  /** Prompt files kept decoded in memory. */
  promptCacheSize?: number;
}

const BIND_ATTEMPTS = 20;
/** The dynamic payload type we offer telephone-event/8000 on (the common choice, RFC 4733 §7). */
const OFFERED_TELEPHONE_EVENT_PT = 101;

export class EmbeddedMediaPlane implements MediaPlane {
  readonly ports: RtpPortAllocator;
  private readonly ticker: MediaTicker;
  private readonly sessions = new Map<string, MediaSession>();
  private readonly legPorts = new Map<string, Map<string, number>>();
  /** The address each leg's SDP carries, by session then leg. */
  private readonly legAddresses = new Map<string, Map<string, string>>();
  private readonly promptCache = new Map<string, Int16Array>();
  private delegate: MediaPlaneDelegate = {};
  private playCounter = 0;

  constructor(private readonly options: EmbeddedMediaPlaneOptions) {
    if (isIP(options.bindAddress) === 0)
      throw new MediaPlaneError(
        'bad-address',
        `bindAddress must be an IP address (got ${options.bindAddress})`,
      );
    this.ports = new RtpPortAllocator(options.portRange);
    this.ticker = options.ticker ?? sharedMediaTicker();
  }

  setDelegate(delegate: MediaPlaneDelegate): void {
    this.delegate = delegate;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The session object, for engine-specific inspection (tests, stats). */
  session(sessionId: string): MediaSession {
    const s = this.sessions.get(sessionId);
    if (!s) throw new MediaPlaneError('no-session', `no media session ${sessionId}`);
    return s;
  }

  async createSession(options: { sessionId?: string } = {}): Promise<string> {
    const sessionId = options.sessionId ?? randomUUID();
    if (this.sessions.has(sessionId)) throw new MediaPlaneError('bad-state', `session ${sessionId} exists`);
    const session = new MediaSession(sessionId, this.ticker, {
      onDtmf: (legId, digit, source) => this.delegate.onDtmf?.({ sessionId, legId, digit, source }),
      onPlayDone: (legId, playId, reason) => this.delegate.onPlayDone?.({ sessionId, legId, playId, reason }),
      onMediaTimeout: (legId) => this.delegate.onMediaTimeout?.({ sessionId, legId }),
    });
    this.sessions.set(sessionId, session);
    this.legPorts.set(sessionId, new Map());
    this.legAddresses.set(sessionId, new Map());
    return sessionId;
  }

  async addLeg(
    sessionId: string,
    remote: RemoteMediaDescription,
    options: AddLegOptions = {},
  ): Promise<LocalMediaDescription> {
    const session = this.session(sessionId);
    const legId = options.legId ?? randomUUID();
    if (session.legIds.includes(legId)) throw new MediaPlaneError('bad-state', `leg ${legId} exists`);
    if (remote.transport === 'UDP/TLS/RTP/SAVPF') {
      // A browser's offer: werift answers it (remote.rawSdp is the whole offer).
      const leg = await this.openWebRtcLeg(sessionId, legId, options, (legOptions) =>
        WebRtcLeg.answer(legOptions, remote.rawSdp, session.legDelegate(legId)),
      );
      session.addLeg(legId, leg);
      return describeWebRtcLeg(legId, leg, this.sdpAddress(sessionId, legId));
    }
    const negotiated = negotiate(remote);
    const { bind, sdp } = this.addressesFor(options, negotiated.remoteAddress);
    const leg = await this.openLeg(session, legId, negotiated, options, bind);
    session.addLeg(legId, leg);
    this.legPorts.get(sessionId)?.set(legId, leg.localPort);
    this.legAddresses.get(sessionId)?.set(legId, sdp);
    return this.describe(sessionId, legId, leg);
  }

  async offerLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription> {
    if (options.transport === 'UDP/TLS/RTP/SAVPF') return this.offerWebRtcLeg(sessionId, options);
    if (options.transport !== 'RTP/AVP') {
      throw new MediaPlaneError('unsupported-transport', `cannot offer ${String(options.transport)}`);
    }
    const preferred = options.preferredCodec ?? 'PCMU';
    const other: G711Law = preferred === 'PCMU' ? 'PCMA' : 'PCMU';
    const offered = ([preferred, other] as const).map((encoding) => ({
      payloadType: G711_STATIC_PT[encoding],
      encoding,
      clockRate: 8000 as const,
    }));
    // No remote address yet: the leg stays silent until the answer (updateLeg) or the first packet.
    const local = await this.addLeg(
      sessionId,
      {
        payloadTypes: [
          ...offered,
          { payloadType: OFFERED_TELEPHONE_EVENT_PT, encoding: 'telephone-event', clockRate: 8000 },
        ],
      },
      options,
    );
    return { ...local, direction: 'sendrecv', offeredCodecs: offered };
  }

  private async offerWebRtcLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription> {
    const session = this.session(sessionId);
    const legId = options.legId ?? randomUUID();
    if (session.legIds.includes(legId)) throw new MediaPlaneError('bad-state', `leg ${legId} exists`);
    const leg = await this.openWebRtcLeg(sessionId, legId, options, (legOptions) =>
      WebRtcLeg.offer(legOptions, session.legDelegate(legId)),
    );
    session.addLeg(legId, leg);
    return describeWebRtcLeg(legId, leg, this.sdpAddress(sessionId, legId));
  }

  /**
   * Where a leg's socket binds and which address its SDP carries: the configured bind address,
   * else the address its party reaches us on (so the kernel never answers from another one);
   * in SDP the public address if configured, else that same address.
   */
  private addressesFor(options: AddLegOptions, remoteAddress?: string): { bind: string; sdp: string } {
    const { bindAddress, advertisedAddress, fallbackAddress } = this.options;
    const wildcard = bindAddress === '0.0.0.0' || bindAddress === '::';
    const local = options.localAddress && isIP(options.localAddress) !== 0 ? options.localAddress : undefined;
    const bind = !wildcard ? bindAddress : (local ?? (isIP(remoteAddress ?? '') === 6 ? '::' : '0.0.0.0'));
    const sdp = advertisedAddress ?? local ?? (wildcard ? fallbackAddress : bindAddress) ?? '127.0.0.1';
    return { bind, sdp };
  }

  private sdpAddress(sessionId: string, legId: string): string {
    return (
      this.legAddresses.get(sessionId)?.get(legId) ??
      this.options.advertisedAddress ??
      this.options.fallbackAddress ??
      this.options.bindAddress
    );
  }

  /**
   * Gives werift a port pair from the plane's range (its icePortRange option): the ICE socket
   * binds the even port or the odd one above it. A pair taken by another process → next pair.
   */
  private async openWebRtcLeg(
    sessionId: string,
    legId: string,
    options: AddLegOptions & { preferredCodec?: G711Law },
    open: (legOptions: WebRtcLegOptions) => Promise<WebRtcLeg>,
  ): Promise<WebRtcLeg> {
    let lastError: unknown;
    const { bind, sdp } = this.addressesFor(options);
    this.legAddresses.get(sessionId)?.set(legId, sdp);
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      const port = this.ports.allocate();
      if (port === null) throw new MediaPlaneError('no-ports', 'RTP port range exhausted');
      try {
        const leg = await open({
          // werift's ICE socket here is IPv4 (browsers' host candidates).
          bindAddress: isIP(bind) === 4 ? bind : '0.0.0.0',
          advertisedAddress: sdp,
          port,
          preferredCodec: options.preferredCodec,
          inbandDtmf: options.inbandDtmf ?? false,
          mediaTimeoutMs: options.mediaTimeoutMs ?? this.options.mediaTimeoutMs ?? 30_000,
        });
        this.legPorts.get(sessionId)?.set(legId, port);
        return leg;
      } catch (err) {
        this.ports.release(port);
        if (!(err instanceof MediaPlaneError && err.code === 'no-ports')) throw err;
        lastError = err;
      }
    }
    throw new MediaPlaneError('no-ports', `could not bind an ICE port: ${String(lastError)}`);
  }

  private async openLeg(
    session: MediaSession,
    legId: string,
    n: Negotiated,
    options: AddLegOptions,
    bindAddress: string,
  ): Promise<RtpLeg> {
    let lastError: unknown;
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      const port = this.ports.allocate();
      if (port === null) throw new MediaPlaneError('no-ports', 'RTP port range exhausted');
      try {
        return await RtpLeg.open(
          {
            localAddress: bindAddress,
            localPort: port,
            remoteAddress: n.remoteAddress,
            remotePort: n.remotePort,
            law: n.law,
            payloadType: n.payloadType,
            telephoneEventPt: n.telephoneEventPt,
            inbandDtmf: options.inbandDtmf ?? false,
            mediaTimeoutMs: options.mediaTimeoutMs ?? this.options.mediaTimeoutMs ?? 30_000,
            watchMedia: options.watchMedia ?? true,
            remoteDirection: n.direction,
          },
          session.legDelegate(legId),
        );
      } catch (err) {
        // Port taken by another process: try the next one (next-fit moves on).
        this.ports.release(port);
        lastError = err;
      }
    }
    throw new MediaPlaneError('no-ports', `could not bind an RTP port: ${String(lastError)}`);
  }

  private describe(sessionId: string, legId: string, leg: RtpLeg): LocalMediaDescription {
    const local: LocalMediaDescription = {
      legId,
      localAddress: this.sdpAddress(sessionId, legId),
      localPort: leg.localPort,
      codec: { payloadType: leg.payloadType, encoding: leg.law, clockRate: 8000 },
      ptimeMs: 20,
      transport: 'RTP/AVP',
      direction: ANSWER_DIRECTION[leg.remoteDirection],
    };
    if (leg.telephoneEventPt !== undefined)
      local.telephoneEvent = { payloadType: leg.telephoneEventPt, clockRate: 8000 };
    return local;
  }

  async updateLeg(
    sessionId: string,
    legId: string,
    remote: RemoteMediaDescription,
  ): Promise<LocalMediaDescription> {
    const leg = this.leg(sessionId, legId);
    if (leg instanceof WebRtcLeg) {
      await leg.updateRemote(remote.rawSdp);
      return describeWebRtcLeg(legId, leg, this.sdpAddress(sessionId, legId));
    }
    if (!(leg instanceof RtpLeg)) throw new MediaPlaneError('bad-state', `leg ${legId} cannot be updated`);
    const n = negotiate(remote);
    leg.updateRemote(n.remoteAddress, n.remotePort, n.law, n.payloadType, n.direction);
    leg.telephoneEventPt = n.telephoneEventPt;
    return this.describe(sessionId, legId, leg);
  }

  async watchMedia(sessionId: string, legId: string): Promise<void> {
    const leg = this.leg(sessionId, legId);
    // WebRTC legs (browsers' agent legs) are always watched.
    if (leg instanceof RtpLeg) leg.watchMedia();
  }

  async removeLeg(sessionId: string, legId: string): Promise<void> {
    this.leg(sessionId, legId);
    await this.session(sessionId).removeLeg(legId);
    this.releasePort(sessionId, legId);
  }

  private releasePort(sessionId: string, legId: string): void {
    const ports = this.legPorts.get(sessionId);
    const port = ports?.get(legId);
    if (port !== undefined) this.ports.release(port);
    ports?.delete(legId);
    this.legAddresses.get(sessionId)?.delete(legId);
  }

  private leg(sessionId: string, legId: string): MediaLeg {
    const session = this.session(sessionId);
    if (!session.legIds.includes(legId))
      throw new MediaPlaneError('no-leg', `no leg ${legId} in ${sessionId}`);
    return session.getLeg(legId);
  }

  async bridge(sessionId: string, legA: string, legB: string): Promise<void> {
    this.leg(sessionId, legA);
    this.leg(sessionId, legB);
    this.session(sessionId).bridge(legA, legB);
  }

  async unbridge(sessionId: string, legA: string, legB?: string): Promise<void> {
    this.session(sessionId).unbridge(legA, legB);
  }

  async play(
    sessionId: string,
    legId: string,
    source: PlaySource,
    options: PlayOptions = {},
  ): Promise<string> {
    this.leg(sessionId, legId);
    const samples = source.kind === 'file' ? await this.loadPrompt(source.path) : source.samples;
    const playId = `play-${++this.playCounter}`;
    this.session(sessionId).play(legId, playId, samples, options.loop ?? false);
    return playId;
  }

  private async loadPrompt(path: string): Promise<Int16Array> {
    const cached = this.promptCache.get(path);
    if (cached) return cached;
    let samples: Int16Array;
    try {
      const audio = readWav(await readFile(path));
      if (audio.sampleRate !== 8000) throw new Error(`sample rate ${audio.sampleRate}, need 8000`);
      samples = channelOf(audio, 'mix');
    } catch (err) {
      throw new MediaPlaneError('bad-prompt', `cannot play ${path}: ${(err as Error).message}`);
    }
    if (this.promptCache.size >= (this.options.promptCacheSize ?? 200)) {
      const oldest = this.promptCache.keys().next().value;
      if (oldest !== undefined) this.promptCache.delete(oldest);
    }
    this.promptCache.set(path, samples);
    return samples;
  }

  async stopPlay(sessionId: string, legId: string): Promise<void> {
    this.leg(sessionId, legId);
    this.session(sessionId).stopPlay(legId);
  }

  async playDtmf(
    sessionId: string,
    legId: string,
    digits: string,
    options: { durationMs?: number } = {},
  ): Promise<void> {
    this.leg(sessionId, legId);
    const list = [...digits.toUpperCase()];
    if (!list.every(isDtmfDigit)) throw new MediaPlaneError('bad-state', `not DTMF digits: ${digits}`);
    this.session(sessionId).playDtmf(
      legId,
      `dtmf-${++this.playCounter}`,
      list as DtmfDigit[],
      options.durationMs,
    );
  }

  async startRecording(sessionId: string, options: RecordingOptions): Promise<void> {
    this.leg(sessionId, options.callerLegId);
    this.leg(sessionId, options.agentLegId);
    const session = this.session(sessionId);
    if (session.recording)
      throw new MediaPlaneError('bad-state', `session ${sessionId} is already recording`);
    session.startRecording(options);
  }

  async pauseRecording(sessionId: string): Promise<void> {
    this.recordingSession(sessionId).setRecordingPaused(true);
  }

  async resumeRecording(sessionId: string): Promise<void> {
    this.recordingSession(sessionId).setRecordingPaused(false);
  }

  async stopRecording(sessionId: string): Promise<RecordingResult> {
    return this.recordingSession(sessionId).stopRecording();
  }

  private recordingSession(sessionId: string): MediaSession {
    const session = this.session(sessionId);
    if (!session.recording) throw new MediaPlaneError('bad-state', `session ${sessionId} is not recording`);
    return session;
  }

  async monitor(sessionId: string, options: MonitorOptions): Promise<void> {
    for (const id of [options.supervisorLegId, options.callerLegId, options.agentLegId])
      this.leg(sessionId, id);
    this.session(sessionId).monitor(options);
  }

  async stopMonitor(sessionId: string, supervisorLegId: string): Promise<void> {
    this.session(sessionId).stopMonitor(supervisorLegId);
  }

  async destroySession(sessionId: string): Promise<RecordingResult | null> {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    this.sessions.delete(sessionId);
    try {
      return await session.destroy();
    } finally {
      for (const port of this.legPorts.get(sessionId)?.values() ?? []) this.ports.release(port);
      this.legPorts.delete(sessionId);
      this.legAddresses.delete(sessionId);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.destroySession(id)));
  }
}
