// The engine-neutral media interface call control uses (IVR, ACD, transfer, monitoring).
// Engines: EmbeddedMediaPlane (this folder, plain RTP in-process) and, later, an rtpengine
// engine driven over its ng protocol. Descriptions are parsed values, not SDP text, so the SIP
// layer owns SDP; engines that need SDP (rtpengine) can use the optional raw fields.
import type { DtmfDigit } from './telephone-event.js';

export type MediaTransport = 'RTP/AVP' | 'UDP/TLS/RTP/SAVPF';
/** SDP a=sendrecv / sendonly / recvonly / inactive (RFC 3264 §6.1). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface OfferedPayloadType {
  payloadType: number;
  /** rtpmap encoding name, e.g. "PCMU", "PCMA", "telephone-event" (static PTs may omit it). */
  encoding?: string;
  clockRate?: number;
  channels?: number;
  fmtp?: string;
}

/** The remote side's media description (from an offer or an answer). */
export interface RemoteMediaDescription {
  /** IPv4 or IPv6 literal; undefined, "0.0.0.0" or "::" (hold) → rely on latching to the first packet. */
  remoteAddress?: string;
  remotePort?: number;
  /** In the remote's preference order. */
  payloadTypes: readonly OfferedPayloadType[];
  transport?: MediaTransport;
  /** Default sendrecv. A holding party offers sendonly or inactive. */
  direction?: MediaDirection;
  ptimeMs?: number;
  /** The raw SDP, for engines that work on SDP (rtpengine); the embedded engine ignores it. */
  rawSdp?: string;
}

export type LegRole = 'caller' | 'agent' | 'supervisor' | 'other';

export interface AddLegOptions {
  legId?: string;
  /** Who the leg is; engines that tag legs (rtpengine's label) use it, the embedded one ignores it. */
  role?: LegRole;
  /** Run in-band (Goertzel) DTMF detection on this leg's received audio. */
  inbandDtmf?: boolean;
  /** No RTP for this long → onMediaTimeout. Default from the engine options. */
  mediaTimeoutMs?: number;
  /**
   * False: the media timeout waits for `watchMedia`. A carrier not answered yet has no SDP of
   * ours and cannot send (a caller waiting in a queue for minutes is not a dead call).
   */
  watchMedia?: boolean;
  /**
   * The address of this host the leg's party reaches us on (the local address of its SIP flow).
   * The leg's socket binds it when the plane binds a wildcard, and its SDP carries it unless a
   * public address is configured: a multi-homed host meets each party on that party's network.
   */
  localAddress?: string;
}

/** What the SIP layer puts in its SDP answer (or offer) for this leg. */
export interface LocalMediaDescription {
  legId: string;
  localAddress: string;
  localPort: number;
  codec: { payloadType: number; encoding: 'PCMU' | 'PCMA'; clockRate: 8000 };
  telephoneEvent?: { payloadType: number; clockRate: 8000 };
  ptimeMs: number;
  transport: MediaTransport;
  /** The answer's direction: the mirror of the remote's (sendonly ↔ recvonly). */
  direction: MediaDirection;
  /** In an offer (`offerLeg`): every codec offered, preferred first; `codec` is the first. */
  offeredCodecs?: ReadonlyArray<{ payloadType: number; encoding: 'PCMU' | 'PCMA'; clockRate: 8000 }>;
  /**
   * Engines that produce SDP (rtpengine, WebRTC legs with ICE/DTLS attributes) return the whole
   * description here; the SIP layer then sends it as is instead of rendering the fields above.
   */
  rawSdp?: string;
}

export interface OfferLegOptions extends AddLegOptions {
  /** RTP/AVP for desk phones and SIPp, UDP/TLS/RTP/SAVPF (ICE + DTLS-SRTP) for browsers. */
  transport: MediaTransport;
  /** Codec to list first (e.g. the caller leg's, so no transcoding is needed). Default PCMU. */
  preferredCodec?: 'PCMU' | 'PCMA';
}

export type PlaySource =
  { kind: 'file'; path: string } | { kind: 'samples'; samples: Int16Array; sampleRate: 8000 };

export interface PlayOptions {
  /** Loop until stopped (music on hold). */
  loop?: boolean;
}

export interface RecordingOptions {
  /** Stereo WAV, caller left, agent right. */
  path: string;
  /** Optional mono mix of both. */
  mixedPath?: string;
  callerLegId: string;
  agentLegId: string;
}

export interface RecordingResult {
  path: string;
  mixedPath?: string;
  durationMs: number;
  pausedMs: number;
}

export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface MonitorOptions {
  supervisorLegId: string;
  callerLegId: string;
  agentLegId: string;
  /** listen: supervisor hears both; whisper: + agent hears supervisor; barge: + caller too. */
  mode: MonitorMode;
}

export type DtmfEventSource = 'rfc4733' | 'inband' | 'sip-info';

export interface MediaPlaneDelegate {
  onDtmf?(event: { sessionId: string; legId: string; digit: DtmfDigit; source: DtmfEventSource }): void;
  onPlayDone?(event: {
    sessionId: string;
    legId: string;
    playId: string;
    reason: 'finished' | 'stopped' | 'replaced';
  }): void;
  /** No RTP on a leg for the configured time: call control should tear the call down. */
  onMediaTimeout?(event: { sessionId: string; legId: string }): void;
}

export type MediaPlaneErrorCode =
  | 'no-common-codec'
  | 'unsupported-transport'
  | 'bad-address'
  | 'no-ports'
  | 'no-session'
  | 'no-leg'
  | 'bad-state'
  | 'bad-prompt';

/** Typed failures; the SIP layer maps no-common-codec / bad-address / unsupported-transport to 488. */
export class MediaPlaneError extends Error {
  constructor(
    readonly code: MediaPlaneErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaPlaneError';
  }
}

export interface MediaPlane {
  setDelegate(delegate: MediaPlaneDelegate): void;
  createSession(options?: { sessionId?: string }): Promise<string>;
  /** Anchors a leg on the plane; the result goes into the SDP towards that party. */
  addLeg(
    sessionId: string,
    remote: RemoteMediaDescription,
    options?: AddLegOptions,
  ): Promise<LocalMediaDescription>;
  /**
   * A leg on which the server makes the offer (agent legs, outbound calls): the result goes into
   * our INVITE; the remote's answer arrives through `updateLeg`. Until then the leg sends nothing.
   */
  offerLeg(sessionId: string, options: OfferLegOptions): Promise<LocalMediaDescription>;
  /** Re-INVITE / late answer: new remote address, port or codec for an existing leg. */
  updateLeg(sessionId: string, legId: string, remote: RemoteMediaDescription): Promise<LocalMediaDescription>;
  removeLeg(sessionId: string, legId: string): Promise<void>;
  /** The leg's party can send now (it was answered): its media timeout counts from here. */
  watchMedia(sessionId: string, legId: string): Promise<void>;
  bridge(sessionId: string, legA: string, legB: string): Promise<void>;
  /** Without legB: every bridge of legA. */
  unbridge(sessionId: string, legA: string, legB?: string): Promise<void>;
  /**
   * Returns a play id; onPlayDone reports its end. A new play replaces the current one. The
   * prompt is mixed with what the leg hears (bridge/monitor): unbridge first for hold music.
   */
  play(sessionId: string, legId: string, source: PlaySource, options?: PlayOptions): Promise<string>;
  stopPlay(sessionId: string, legId: string): Promise<void>;
  /** RFC 4733 when the leg negotiated telephone-event, in-band tones otherwise. */
  playDtmf(
    sessionId: string,
    legId: string,
    digits: string,
    options?: { durationMs?: number },
  ): Promise<void>;
  startRecording(sessionId: string, options: RecordingOptions): Promise<void>;
  pauseRecording(sessionId: string): Promise<void>;
  resumeRecording(sessionId: string): Promise<void>;
  stopRecording(sessionId: string): Promise<RecordingResult>;
  monitor(sessionId: string, options: MonitorOptions): Promise<void>;
  stopMonitor(sessionId: string, supervisorLegId: string): Promise<void>;
  /** Closes every leg, releases ports, finalises a running recording. */
  destroySession(sessionId: string): Promise<RecordingResult | null>;
  close(): Promise<void>;
}
