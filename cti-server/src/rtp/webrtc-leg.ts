// A call leg towards a browser: G.711 over ICE + DTLS-SRTP (werift), clocked by the session like
// an RtpLeg. Receive: werift hands over decrypted RTP → audio into a jitter FIFO, RFC 4733 events
// to the digit receiver. Send: one stream (werift's SSRC, our seq and timestamp) whose timestamp
// advances by 160 on every tick whether or not a packet goes out, so it stays continuous across
// source switches (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1); the marker
// bit flags the first packet of each talkspurt (RFC 3551 §4.1).
import { randomInt } from 'node:crypto';
import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import { ALAW_DECODE, encodeG711, G711_SILENCE, G711_STATIC_PT, ULAW_DECODE, type G711Law } from './g711.js';
import { GoertzelDtmfDetector } from './goertzel-dtmf.js';
import { JitterFifo } from './jitter-fifo.js';
import type { MediaLeg, MediaLegDelegate, MediaLegStats } from './media-leg.js';
import type { MediaDirection } from './media-plane.js';
import { FRAME_MS, FRAME_SAMPLES } from './media-ticker.js';
import { sequenceDelta } from './rtp-packet.js';
import { TelephoneEventSender } from './telephone-event-sender.js';
import {
  parseTelephoneEvent,
  TelephoneEventReceiver,
  TELEPHONE_EVENT_PAYLOAD_SIZE,
  writeTelephoneEvent,
  type DtmfDigit,
  type TelephoneEvent,
} from './telephone-event.js';
import { audioCodecNames, restrictToG711 } from './webrtc-sdp.js';
import { usableRemote, WebRtcPeer, type NegotiatedAudio, type WebRtcPeerOptions } from './webrtc-peer.js';

export interface WebRtcLegOptions extends WebRtcPeerOptions {
  inbandDtmf?: boolean;
  /** No RTP for this long → onMediaTimeout (0 = off); an ICE failure reports it at once. */
  mediaTimeoutMs?: number;
  jitterFrames?: number;
}

/** offered: waiting for the answer; negotiated: ICE/DTLS under way; connected: media flows. */
export type WebRtcLegState = 'offered' | 'negotiated' | 'connected' | 'failed' | 'closed';

/** A forwarded event blocks bridged audio at most this long if its end packets are lost. */
const EVENT_HOLD_TICKS = 50;

export class WebRtcLeg implements MediaLeg {
  readonly stats: MediaLegStats = { rxPackets: 0, rxInvalid: 0, rxLate: 0, txPackets: 0 };
  readonly rxFrame = new Int16Array(FRAME_SAMPLES);
  state: WebRtcLegState = 'offered';
  law: G711Law = 'PCMU';
  payloadType = 0;
  telephoneEventPt: number | undefined;
  remoteDirection: MediaDirection = 'sendrecv';

  private readonly fifo: JitterFifo;
  private readonly scratch = new Int16Array(FRAME_SAMPLES * 4);
  private readonly timeoutTicks: number;
  private readonly digitRx: TelephoneEventReceiver;
  private readonly inband: GoertzelDtmfDetector | null;
  private readonly digitTx = new TelephoneEventSender();
  // RFC 3550 §5.1: initial seq and timestamp SHOULD be random.
  private seq = randomInt(0, 0x10000);
  private ts = randomInt(0, 0x100000000);
  private markNext = true;
  private lastRxSeq = -1;
  private lastRxSsrc = -1;
  private tick = 0;
  private lastRxTick = 0;
  private timedOut = false;
  private fwdSourceTs = -1;
  private fwdEventTs = 0;
  private fwdHoldUntil = 0;
  private readonly preferredCodec: G711Law;

  private constructor(
    private readonly peer: WebRtcPeer,
    options: WebRtcLegOptions,
    private readonly delegate: MediaLegDelegate,
  ) {
    this.preferredCodec = options.preferredCodec ?? 'PCMU';
    this.law = this.preferredCodec;
    this.payloadType = G711_STATIC_PT[this.law];
    this.fifo = new JitterFifo(options.jitterFrames ?? 15);
    this.timeoutTicks = Math.ceil((options.mediaTimeoutMs ?? 0) / FRAME_MS);
    this.digitRx = new TelephoneEventReceiver({ onDigit: (d) => this.delegate.onDtmf?.(d, 'rfc4733') });
    this.inband = options.inbandDtmf
      ? new GoertzelDtmfDetector({ onDigit: (d) => this.delegate.onDtmf?.(d, 'inband') })
      : null;
    peer.pc.onTrack.subscribe((track: MediaStreamTrack) => {
      track.onReceiveRtp.subscribe((packet) => this.onRtp(packet));
    });
    peer.pc.connectionStateChange.subscribe((s) => {
      if (this.state === 'closed') return;
      if (s === 'connected') {
        this.state = 'connected';
        this.markNext = true;
      } else if (s === 'failed') {
        this.state = 'failed';
        if (!this.timedOut) {
          this.timedOut = true;
          this.delegate.onMediaTimeout?.();
        }
      }
    });
  }

  /** A leg on which we offer; `localSdp` is the offer, `acceptAnswer` completes it. */
  static async offer(options: WebRtcLegOptions, delegate: MediaLegDelegate = {}): Promise<WebRtcLeg> {
    const peer = new WebRtcPeer(options);
    const leg = new WebRtcLeg(peer, options, delegate);
    await leg.guard(() => peer.offer());
    return leg;
  }

  /** A leg answering a browser's offer; `localSdp` is the answer. */
  static async answer(
    options: WebRtcLegOptions,
    remoteOffer: string | undefined,
    delegate: MediaLegDelegate = {},
  ): Promise<WebRtcLeg> {
    // RFC 3264 §6.1: answer with the offerer's most preferred G.711 codec.
    const offered = audioCodecNames(restrictToG711(remoteOffer ?? '')).find(
      (c) => c === 'PCMU' || c === 'PCMA',
    );
    const answerOptions = { ...options, preferredCodec: offered ?? options.preferredCodec };
    const peer = new WebRtcPeer(answerOptions);
    const leg = new WebRtcLeg(peer, answerOptions, delegate);
    leg.apply(await leg.guard(() => peer.answer(remoteOffer ?? '')));
    return leg;
  }

  /**
   * The browser's answer to our offer; on an established leg a re-offer's direction (hold,
   * unhold). ICE restarts and codec changes in a re-offer are not renegotiated.
   */
  async updateRemote(remoteSdp: string | undefined): Promise<void> {
    if (this.peer.awaitingAnswer) this.apply(await this.peer.acceptAnswer(remoteSdp ?? ''));
    else this.remoteDirection = usableRemote(remoteSdp).direction;
  }

  /** Codecs of our offer, preferred first. */
  get offeredCodecs(): G711Law[] {
    return this.preferredCodec === 'PCMU' ? ['PCMU', 'PCMA'] : ['PCMA', 'PCMU'];
  }

  /** Our offer or answer, candidate included: what goes into SIP. */
  get localSdp(): string {
    return this.peer.localSdp;
  }

  get rxDroppedSamples(): number {
    return this.fifo.droppedSamples;
  }

  /** The local UDP port ICE runs on (0 before gathering). */
  get localPort(): number {
    return Number(/^m=audio (\d+)/m.exec(this.localSdp)?.[1] ?? 0);
  }

  /** Closes the peer connection if a negotiation step fails, so nothing leaks. */
  private async guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  private apply(n: NegotiatedAudio): void {
    this.law = n.law;
    this.payloadType = n.payloadType;
    this.telephoneEventPt = n.telephoneEventPt;
    this.remoteDirection = n.remoteDirection;
    if (this.state === 'offered') this.state = 'negotiated';
    this.lastRxTick = this.tick; // the media timeout counts from the negotiation
    this.timedOut = false;
  }

  private get remoteSends(): boolean {
    return this.remoteDirection === 'sendrecv' || this.remoteDirection === 'sendonly';
  }

  private get remoteReceives(): boolean {
    return this.remoteDirection === 'sendrecv' || this.remoteDirection === 'recvonly';
  }

  markSourceChange(): void {
    this.markNext = true;
  }

  private onRtp(packet: RtpPacket): void {
    if (this.state === 'closed') return;
    const h = packet.header;
    const isAudio = h.payloadType === this.payloadType;
    const isEvent = this.telephoneEventPt !== undefined && h.payloadType === this.telephoneEventPt;
    if (!isAudio && !isEvent) {
      this.stats.rxInvalid++;
      return;
    }
    if (h.ssrc === this.lastRxSsrc && this.lastRxSeq >= 0) {
      const delta = sequenceDelta(h.sequenceNumber, this.lastRxSeq);
      if (delta <= 0 && delta > -1000) {
        this.stats.rxLate++;
        return;
      }
    }
    this.lastRxSsrc = h.ssrc;
    this.lastRxSeq = h.sequenceNumber;
    this.lastRxTick = this.tick;
    this.timedOut = false;
    this.stats.rxPackets++;
    if (isEvent) {
      const ev = parseTelephoneEvent(packet.payload);
      if (ev) {
        this.digitRx.receive(h.timestamp, ev);
        this.delegate.onTelephoneEvent?.(h.timestamp, ev);
      }
      return;
    }
    const payload = packet.payload;
    const n = Math.min(payload.length, this.scratch.length);
    const table = this.law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
    for (let i = 0; i < n; i++) this.scratch[i] = table[payload[i] as number] as number;
    this.inband?.process(this.scratch, 0, n);
    this.fifo.push(this.scratch, n);
  }

  pullFrame(): boolean {
    this.tick++;
    if (
      this.state !== 'offered' &&
      this.remoteSends &&
      this.timeoutTicks > 0 &&
      !this.timedOut &&
      this.tick - this.lastRxTick >= this.timeoutTicks
    ) {
      this.timedOut = true;
      this.delegate.onMediaTimeout?.();
    }
    return this.fifo.pull(this.rxFrame);
  }

  sendFrame(pcm: Int16Array | null, idle: boolean): void {
    if (this.state !== 'connected' || !this.remoteReceives) {
      // Nothing to send to (yet), or RFC 3264 §6.1 hold: the media clock still runs.
      this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
      this.markNext = true;
      return;
    }
    const digit = this.digitTx.next(this.ts);
    if (digit !== null) {
      this.sendEvent(digit, this.digitTx.eventTimestamp, digit.marker);
      if (this.digitTx.digitJustEnded) this.markNext = true;
    } else if (this.tick < this.fwdHoldUntil) {
      // audio is replaced by the forwarded event for its duration (RFC 4733 §2.5.1.2)
    } else if (pcm !== null || idle) {
      const payload = Buffer.allocUnsafe(FRAME_SAMPLES);
      if (pcm !== null) encodeG711(this.law, pcm, payload, 0, FRAME_SAMPLES);
      else payload.fill(G711_SILENCE[this.law]);
      this.send(this.payloadType, payload, this.ts, this.markNext, false);
    } else {
      this.markNext = true; // talkspurt ends; the next packet starts a new one
    }
    this.ts = (this.ts + FRAME_SAMPLES) >>> 0;
  }

  sendDigits(digits: readonly DtmfDigit[], durationMs = 100): boolean {
    if (this.telephoneEventPt === undefined) return false;
    this.digitTx.enqueue(digits, durationMs);
    return true;
  }

  forwardTelephoneEvent(sourceTimestamp: number, ev: TelephoneEvent): boolean {
    if (this.telephoneEventPt === undefined || this.state === 'closed') return false;
    const isNew = sourceTimestamp !== this.fwdSourceTs;
    if (isNew) {
      this.fwdSourceTs = sourceTimestamp;
      this.fwdEventTs = this.ts;
    }
    if (this.state === 'connected' && this.remoteReceives) this.sendEvent(ev, this.fwdEventTs, isNew);
    this.fwdHoldUntil = ev.end ? this.tick : this.tick + EVENT_HOLD_TICKS;
    if (ev.end) this.markNext = true;
    return true;
  }

  private sendEvent(ev: TelephoneEvent, timestamp: number, marker: boolean): void {
    const payload = Buffer.alloc(TELEPHONE_EVENT_PAYLOAD_SIZE);
    writeTelephoneEvent(payload, 0, ev);
    this.send(this.telephoneEventPt as number, payload, timestamp, marker, true);
  }

  /**
   * Audio goes through werift's sender (it keeps the RTCP sender reports); events go straight to
   * the DTLS transport with the same SSRC, because werift's sender rewrites every payload type to
   * the primary codec's.
   */
  private send(
    payloadType: number,
    payload: Buffer,
    timestamp: number,
    marker: boolean,
    event: boolean,
  ): void {
    const sender = this.peer.transceiver?.sender;
    if (!sender) return;
    const header = new RtpHeader({
      payloadType,
      sequenceNumber: this.seq,
      timestamp,
      ssrc: sender.ssrc,
      marker,
    });
    this.markNext = false;
    this.seq = (this.seq + 1) & 0xffff;
    const sent = event
      ? sender.dtlsTransport.sendRtp(payload, header)
      : sender.sendRtp(new RtpPacket(header, payload));
    sent.catch(() => {}); // RTP is best effort
    this.stats.txPackets++;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.peer.close();
  }
}
