// What a MediaSession needs from a leg, whatever carries its packets: plain RTP/AVP over a UDP
// socket (RtpLeg) or ICE + DTLS-SRTP towards a browser (WebRtcLeg). Every leg exchanges 20 ms
// frames of 8 kHz PCM with the session and RFC 4733 events with its remote.
import type { MediaDirection } from './media-plane.js';
import type { DtmfDigit, TelephoneEvent } from './telephone-event.js';

export type DtmfSource = 'rfc4733' | 'inband';

export interface MediaLegDelegate {
  onDtmf?(digit: DtmfDigit, source: DtmfSource): void;
  /** Every received telephone-event packet, for passing events across a bridge. */
  onTelephoneEvent?(timestamp: number, event: TelephoneEvent): void;
  onMediaTimeout?(): void;
}

export interface MediaLegStats {
  rxPackets: number;
  rxInvalid: number;
  rxLate: number;
  txPackets: number;
}

export interface MediaLeg {
  readonly stats: MediaLegStats;
  /** The frame pulled on the current tick (valid when `pullFrame()` returned true). */
  readonly rxFrame: Int16Array;
  /** Received samples discarded by the jitter FIFO (overflow or backlog trimming). */
  readonly rxDroppedSamples: number;
  readonly remoteDirection: MediaDirection;
  /** Tick phase 1: the next 20 ms of received audio into `rxFrame`; false on underrun. */
  pullFrame(): boolean;
  /**
   * Tick phase 2: `pcm` to send, or null; with `idle` (no source at all) the leg sends silence,
   * otherwise a null frame is a gap. The RTP timestamp advances by one frame either way.
   */
  sendFrame(pcm: Int16Array | null, idle: boolean): void;
  /** The next packet carries the marker bit (source switch: prompt → bridge → music). */
  markSourceChange(): void;
  /** Queues digits as RFC 4733 events; false if telephone-event was not negotiated. */
  sendDigits(digits: readonly DtmfDigit[], durationMs?: number): boolean;
  /** Re-sends an event received on another leg in this leg's stream; false without telephone-event. */
  forwardTelephoneEvent(sourceTimestamp: number, event: TelephoneEvent): boolean;
  close(): Promise<void>;
}
