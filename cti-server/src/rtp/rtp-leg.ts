// One UDP RTP endpoint of a call leg (plain RTP/AVP, G.711 at 20 ms).
//
// Receive: parse → latch onto the real source (symmetric RTP, RFC 4961
// https://www.rfc-editor.org/rfc/rfc4961) → decode into a small jitter FIFO, or feed RFC 4733
// events to the digit receiver. Send: one outgoing stream (own SSRC, seq, timestamp) whose
// timestamp advances by 160 on every tick whether or not a packet goes out, so it stays
// continuous across source switches (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1);
// the marker bit flags the first packet after a gap or a source switch (RFC 3551 §4.1).
// The leg does not own a timer: its session calls `pullFrame()` then `sendFrame()` on each tick
// of the shared media ticker.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { ALAW_DECODE, encodeG711, ULAW_DECODE, G711_SILENCE, G711_STATIC_PT, type G711Law } from './g711.js';
import { GoertzelDtmfDetector } from './goertzel-dtmf.js';
import { JitterFifo } from './jitter-fifo.js';
import type { MediaLeg, MediaLegDelegate, MediaLegStats } from './media-leg.js';
import type { MediaDirection } from './media-plane.js';
import { FRAME_MS, FRAME_SAMPLES } from './media-ticker.js';
import {
  newRtpPeek,
  peekRtpPacket,
  RTP_HEADER_SIZE,
  sequenceDelta,
  writeRtpHeader,
  type RtpHeader,
} from './rtp-packet.js';
import { TelephoneEventSender } from './telephone-event-sender.js';
import {
  parseTelephoneEvent,
  TelephoneEventReceiver,
  TELEPHONE_EVENT_PAYLOAD_SIZE,
  writeTelephoneEvent,
  type DtmfDigit,
  type TelephoneEvent,
} from './telephone-event.js';

export interface RtpLegOptions {
  localAddress: string;
  localPort: number;
  remoteAddress?: string;
  remotePort?: number;
  law: G711Law;
  /** Defaults to the static PT of the law (0 / 8). */
  payloadType?: number;
  /** Negotiated telephone-event/8000 payload type, if any. */
  telephoneEventPt?: number;
  /** Run the Goertzel detector on received audio. */
  inbandDtmf?: boolean;
  /** No RTP for this long → onMediaTimeout (0 = off). */
  mediaTimeoutMs?: number;
  /** False: no media timeout until `watchMedia()` (default true). */
  watchMedia?: boolean;
  /** The remote's SDP direction (RFC 3264 §6.1); default sendrecv. */
  remoteDirection?: MediaDirection;
  /**
   * Jitter FIFO capacity in 20 ms frames: absorbs scheduling stalls of the process (GC, CPU
   * contention) without loss; a standing backlog is trimmed (see pullFrame), so it does not
   * become permanent latency.
   */
  jitterFrames?: number;
  ssrc?: number;
}

export type { DtmfSource } from './media-leg.js';

export interface RtpLegDelegate extends MediaLegDelegate {
  onLatched?(address: string, port: number): void;
}

export type RtpLegStats = MediaLegStats;

const SEND_RING = 8;
/** A latched source silent this long may be replaced by a new one (NAT rebinding). */
const RELATCH_QUIET_TICKS = 25;
/** A forwarded event blocks bridged audio at most this long if its end packets are lost. */
const EVENT_HOLD_TICKS = 50;

// dgram resolves every destination through dns.lookup (async even for IP literals); the leg only
// ever sends to IP literals, so answer synchronously.
const literalLookup = (
  address: string,
  _options: unknown,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => callback(null, address, isIP(address) === 6 ? 6 : 4);

export class RtpLeg implements MediaLeg {
  readonly stats: RtpLegStats = { rxPackets: 0, rxInvalid: 0, rxLate: 0, txPackets: 0 };
  /** The frame pulled on the current tick (valid when `pullFrame()` returned true). */
  readonly rxFrame = new Int16Array(FRAME_SAMPLES);
  law: G711Law;
  payloadType: number;
  telephoneEventPt: number | undefined;
  /** Where packets go: the signalled address until latching learns the real source. */
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  /** Packets from the remote's source are being taken (a source was learnt and is current). */
  latched = false;
  remoteDirection: MediaDirection;
  private connected = false;
  /**
   * A source was learnt since the remote's SDP last changed. Survives a quiet spell (hold): a
   * re-INVITE repeating the same SDP keeps sending to the learnt source, not the SDP's address.
   */
  private learnt = false;
  /** The socket's family; a remote of the other family is unreachable until latching. */
  private readonly family: 4 | 6;
  /** remoteAddress/remotePort are set and of the socket's family. */
  private sendable = false;
  /**
   * Bound to one address, not a wildcard: only then may the socket be connect()ed. Connecting a
   * wildcard socket fixes its local address to the route's source towards the peer, and what
   * the peer sends to our other address is lost.
   */
  private readonly boundToOne: boolean;
  /** The address and port the remote's SDP named (the latch may have learnt another). */
  private signalled: { address: string | undefined; port: number | undefined };

  private readonly socket: Socket;
  private readonly peek = newRtpPeek();
  private readonly fifo: JitterFifo;
  private readonly scratch = new Int16Array(FRAME_SAMPLES * 4);
  private readonly sendBuffers: Buffer[];
  private readonly eventBuffers: Buffer[];
  private sendIndex = 0;
  private eventIndex = 0;
  private readonly header: RtpHeader;
  private seq: number;
  private ts: number;
  private markNext = true;
  private lastRxSeq = -1;
  private lastRxSsrc = -1;
  private tick = 0;
  private lastRxTick = 0;
  private timedOut = false;
  private readonly timeoutTicks: number;
  /** The media timeout runs (the remote can send: it has our SDP). */
  private watching: boolean;
  private readonly digitRx: TelephoneEventReceiver;
  private readonly inband: GoertzelDtmfDetector | null;
  private readonly digitTx = new TelephoneEventSender();
  private fwdSourceTs = -1;
  private fwdEventTs = 0;
  private fwdHoldUntil = 0;
  private closed = false;

  private constructor(
    options: RtpLegOptions,
    socket: Socket,
    private readonly delegate: RtpLegDelegate,
  ) {
    this.socket = socket;
    this.law = options.law;
    this.payloadType = options.payloadType ?? G711_STATIC_PT[options.law];
    this.telephoneEventPt = options.telephoneEventPt;
    this.family = isIP(options.localAddress) === 6 ? 6 : 4;
    this.target(options.remoteAddress, options.remotePort);
    this.remoteDirection = options.remoteDirection ?? 'sendrecv';
    this.boundToOne = !['0.0.0.0', '::', ''].includes(options.localAddress);
    this.signalled = { address: options.remoteAddress, port: options.remotePort };
    this.fifo = new JitterFifo(options.jitterFrames ?? 15);
    this.timeoutTicks = Math.ceil((options.mediaTimeoutMs ?? 0) / FRAME_MS);
    this.watching = options.watchMedia ?? true;
    this.sendBuffers = Array.from({ length: SEND_RING }, () => Buffer.alloc(RTP_HEADER_SIZE + FRAME_SAMPLES));
    this.eventBuffers = Array.from({ length: SEND_RING }, () =>
      Buffer.alloc(RTP_HEADER_SIZE + TELEPHONE_EVENT_PAYLOAD_SIZE),
    );
    // RFC 3550 §5.1: initial seq and timestamp SHOULD be random.
    this.seq = randomInt(0, 0x10000);
    this.ts = randomInt(0, 0x100000000);
    this.header = {
      marker: false,
      payloadType: this.payloadType,
      sequenceNumber: 0,
      timestamp: 0,
      ssrc: options.ssrc ?? randomInt(1, 0x100000000),
    };
    this.digitRx = new TelephoneEventReceiver({ onDigit: (d) => this.delegate.onDtmf?.(d, 'rfc4733') });
    this.inband = options.inbandDtmf
      ? new GoertzelDtmfDetector({ onDigit: (d) => this.delegate.onDtmf?.(d, 'inband') })
      : null;
    socket.on('message', this.onMessage);
    // A UDP socket error (e.g. ICMP port unreachable surfacing as ECONNREFUSED) must not crash
    // the process; RTP is best effort.
    socket.on('error', () => {});
  }

  /** Binds the socket; rejects (e.g. EADDRINUSE) without leaving a socket open. */
  static open(options: RtpLegOptions, delegate: RtpLegDelegate = {}): Promise<RtpLeg> {
    const ipv6 = isIP(options.localAddress) === 6;
    const socket = createSocket({
      type: ipv6 ? 'udp6' : 'udp4',
      ipv6Only: ipv6,
      lookup: literalLookup as never,
    });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(options.localPort, options.localAddress, () => {
        socket.off('error', onError);
        resolve(new RtpLeg(options, socket, delegate));
      });
    });
  }

  get localPort(): number {
    return this.socket.address().port;
  }

  /** The address the socket is bound to ('0.0.0.0' / '::' when a wildcard). */
  get boundAddress(): string {
    return this.socket.address().address;
  }

  /** connect()ed to the latched source (only ever when bound to one address). */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Received samples discarded by the jitter FIFO (overflow or backlog trimming). */
  get rxDroppedSamples(): number {
    return this.fifo.droppedSamples;
  }

  get ssrc(): number {
    return this.header.ssrc;
  }

  private get remoteSends(): boolean {
    return this.remoteDirection === 'sendrecv' || this.remoteDirection === 'sendonly';
  }

  private get remoteReceives(): boolean {
    return this.remoteDirection === 'sendrecv' || this.remoteDirection === 'recvonly';
  }

  /**
   * Re-INVITE: new remote and/or codec. A new address or port starts latching over; the same
   * one again (hold, resume, a session refresh) keeps what latching learnt — a phone behind NAT
   * repeats its private address in every SDP, and its real source is only known from its RTP.
   */
  updateRemote(
    remoteAddress: string | undefined,
    remotePort: number | undefined,
    law?: G711Law,
    pt?: number,
    direction: MediaDirection = 'sendrecv',
  ): void {
    const moved = remoteAddress !== this.signalled.address || remotePort !== this.signalled.port;
    this.remoteDirection = direction;
    this.lastRxTick = this.tick; // the timeout counts from the renegotiation
    this.timedOut = false;
    if (moved || !this.learnt) {
      this.unlatch();
      this.learnt = false;
      this.target(remoteAddress, remotePort);
    }
    this.signalled = { address: remoteAddress, port: remotePort };
    if (law) {
      this.law = law;
      this.payloadType = pt ?? G711_STATIC_PT[law];
      this.header.payloadType = this.payloadType;
    }
    this.markNext = true;
  }

  /** The next packet carries the marker bit (source switch: prompt → bridge → music). */
  markSourceChange(): void {
    this.markNext = true;
  }

  private readonly onMessage = (msg: Buffer, rinfo: RemoteInfo): void => {
    const p = this.peek;
    if (peekRtpPacket(msg, p) !== null) {
      this.stats.rxInvalid++;
      return;
    }
    const isAudio = p.payloadType === this.payloadType;
    const isEvent = this.telephoneEventPt !== undefined && p.payloadType === this.telephoneEventPt;
    if (!isAudio && !isEvent) {
      this.stats.rxInvalid++;
      return;
    }
    if (p.ssrc === this.lastRxSsrc && this.lastRxSeq >= 0) {
      const delta = sequenceDelta(p.sequenceNumber, this.lastRxSeq);
      // Late or duplicate (a big negative jump is a sender restart, accepted).
      if (delta <= 0 && delta > -1000) {
        this.stats.rxLate++;
        return;
      }
    }
    if (this.latched && !this.connected && !this.fromLatched(rinfo)) {
      // A wildcard socket hears anyone: another source is taken only once the latched one has
      // gone quiet (a NAT rebinding), as a connected socket would after unlatching.
      if (this.tick - this.lastRxTick < RELATCH_QUIET_TICKS) {
        this.stats.rxInvalid++;
        return;
      }
      this.latched = false;
    }
    // A new SSRC from the same source is a new stream (RFC 3550 §8.2; gateways send RFC 4733
    // events on their own SSRC): taken, with its own sequence.
    this.lastRxSsrc = p.ssrc;
    this.lastRxSeq = p.sequenceNumber;
    if (!this.latched) this.latch(rinfo);
    this.lastRxTick = this.tick;
    this.timedOut = false;
    this.stats.rxPackets++;
    if (isEvent) {
      const ev = parseTelephoneEvent(msg.subarray(p.payloadOffset, p.payloadEnd));
      if (ev) {
        this.digitRx.receive(p.timestamp, ev);
        this.delegate.onTelephoneEvent?.(p.timestamp, ev);
      }
      return;
    }
    this.pushAudio(msg, p.payloadOffset, p.payloadEnd);
  };

  /**
   * Symmetric RTP (RFC 4961 §4): send to where the peer's packets come from. A socket bound to
   * one address is then connect()ed to that source — the kernel drops datagrams from anyone else
   * and sends skip the per-packet address parsing and route lookup; a wildcard one keeps naming
   * the address on every send (see `boundToOne`). After RELATCH_QUIET_TICKS without packets
   * another source may be learnt (a peer whose NAT binding changed).
   */
  private latch(rinfo: RemoteInfo): void {
    // Port 0 cannot be sent to (a forged or raw-socket source): keep the signalled address.
    if (rinfo.port === 0) return;
    if (rinfo.address !== this.remoteAddress || rinfo.port !== this.remotePort) {
      this.target(rinfo.address, rinfo.port);
      this.delegate.onLatched?.(rinfo.address, rinfo.port);
    }
    this.latched = true;
    this.learnt = true;
    if (!this.boundToOne) return;
    try {
      this.socket.connect(rinfo.port, rinfo.address);
      this.socket.remoteAddress(); // throws unless the (synchronous-lookup) connect completed
      this.connected = true;
    } catch {
      // Stay unconnected: sends keep naming the address explicitly.
    }
  }

  private target(address: string | undefined, port: number | undefined): void {
    this.remoteAddress = address;
    this.remotePort = port;
    // A udp4 socket cannot send to an IPv6 address (nor the reverse): a dual-stack peer whose
    // SDP names its other family is reached once its RTP arrives here (symmetric RTP).
    this.sendable = address !== undefined && port !== undefined && isIP(address) === this.family;
  }

  private fromLatched(rinfo: RemoteInfo): boolean {
    return rinfo.address === this.remoteAddress && rinfo.port === this.remotePort;
  }

  private unlatch(): void {
    if (this.connected) {
      this.socket.disconnect();
      this.connected = false;
    }
    this.latched = false;
    this.lastRxSeq = -1; // a re-learnt source starts a fresh sequence
  }

  private pushAudio(datagram: Uint8Array, from: number, to: number): void {
    let n = to - from;
    if (n <= 0) return;
    if (n > this.scratch.length) n = this.scratch.length;
    const table = this.law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
    for (let i = 0; i < n; i++) this.scratch[i] = table[datagram[from + i] as number] as number;
    this.inband?.process(this.scratch, 0, n);
    this.fifo.push(this.scratch, n);
  }

  /**
   * Tick phase 1: take the next 20 ms of received audio into `rxFrame`; false on underrun.
   * Also runs the media-timeout and re-latch clocks.
   */
  /** The remote can send from now on: the media timeout counts from this tick. */
  watchMedia(): void {
    if (this.watching) return;
    this.watching = true;
    this.lastRxTick = this.tick;
  }

  pullFrame(): boolean {
    this.tick++;
    // A remote that declared it will not send (hold: recvonly/inactive) cannot time out.
    if (
      this.watching &&
      this.remoteSends &&
      this.timeoutTicks > 0 &&
      !this.timedOut &&
      this.tick - this.lastRxTick >= this.timeoutTicks
    ) {
      this.timedOut = true;
      this.delegate.onMediaTimeout?.();
    }
    if (this.connected && this.tick - this.lastRxTick >= RELATCH_QUIET_TICKS) this.unlatch();
    return this.fifo.pull(this.rxFrame);
  }

  /**
   * Tick phase 2: send this tick's packet. `pcm` is the audio to send, or null for none; with
   * `idle` the leg has no source at all and sends silence (keeps NAT bindings and the peer's
   * media timers alive), otherwise nothing is sent (a gap). Pending DTMF takes precedence.
   * The timestamp advances by one frame either way.
   */
  sendFrame(pcm: Int16Array | null, idle: boolean): void {
    if (this.closed) return;
    if (!this.remoteReceives) {
      // RFC 3264 §6.1: nothing is sent to a sendonly/inactive remote; the media clock still runs.
      this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
      this.markNext = true;
      return;
    }
    if (this.sendDigitPacket() || this.tick < this.fwdHoldUntil) {
      // audio is replaced by the event for its duration (RFC 4733 §2.5.1.2)
    } else if (pcm !== null || idle) {
      const buf = this.sendBuffers[this.sendIndex] as Buffer;
      this.sendIndex = (this.sendIndex + 1) % SEND_RING;
      if (pcm !== null) encodeG711(this.law, pcm, buf, RTP_HEADER_SIZE, FRAME_SAMPLES);
      else buf.fill(G711_SILENCE[this.law], RTP_HEADER_SIZE);
      this.header.payloadType = this.payloadType;
      this.emit(buf, this.ts);
    } else {
      this.markNext = true; // talkspurt ends; the next packet starts a new one
    }
    this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
  }

  private emit(buf: Buffer, timestamp: number): void {
    this.header.marker = this.markNext;
    this.header.sequenceNumber = this.seq;
    this.header.timestamp = timestamp;
    writeRtpHeader(buf, 0, this.header);
    this.markNext = false;
    this.seq = (this.seq + 1) & 0xffff;
    if (this.connected) this.socket.send(buf);
    else if (this.sendable) this.socket.send(buf, this.remotePort as number, this.remoteAddress);
    else return;
    this.stats.txPackets++;
  }

  /** Queues digits as RFC 4733 events. Returns false if telephone-event was not negotiated. */
  sendDigits(digits: readonly DtmfDigit[], durationMs = 100): boolean {
    if (this.telephoneEventPt === undefined) return false;
    this.digitTx.enqueue(digits, durationMs);
    return true;
  }

  private sendDigitPacket(): boolean {
    const packet = this.digitTx.next(this.ts);
    if (packet === null) return false;
    this.sendEvent(packet, this.digitTx.eventTimestamp, packet.marker);
    if (this.digitTx.digitJustEnded) this.markNext = true; // audio resumes: new talkspurt
    return true;
  }

  private sendEvent(ev: TelephoneEvent, timestamp: number, marker: boolean): void {
    const buf = this.eventBuffers[this.eventIndex] as Buffer;
    this.eventIndex = (this.eventIndex + 1) % SEND_RING;
    writeTelephoneEvent(buf, RTP_HEADER_SIZE, ev);
    this.header.payloadType = this.telephoneEventPt as number;
    this.markNext = marker;
    this.emit(buf, timestamp);
  }

  /**
   * Re-sends an event received on another leg in this leg's stream: same payload, this leg's
   * PT/seq, and one event timestamp per source event. Returns false without telephone-event.
   */
  forwardTelephoneEvent(sourceTimestamp: number, ev: TelephoneEvent): boolean {
    if (this.telephoneEventPt === undefined || this.closed) return false;
    const isNew = sourceTimestamp !== this.fwdSourceTs;
    if (isNew) {
      this.fwdSourceTs = sourceTimestamp;
      this.fwdEventTs = this.ts;
    }
    this.sendEvent(ev, this.fwdEventTs, isNew);
    this.fwdHoldUntil = ev.end ? this.tick : this.tick + EVENT_HOLD_TICKS;
    if (ev.end) this.markNext = true;
    return true;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.socket.off('message', this.onMessage);
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
