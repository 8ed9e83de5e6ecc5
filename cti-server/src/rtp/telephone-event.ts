// RFC 4733 telephone-event payload and the sender/receiver rules around it
// (https://www.rfc-editor.org/rfc/rfc4733#section-2.3).

export const DTMF_DIGITS = '0123456789*#ABCD';
export type DtmfDigit =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export function isDtmfDigit(value: string): value is DtmfDigit {
  return value.length === 1 && DTMF_DIGITS.includes(value);
}

/** §3.2 event codes 0–15 are the DTMF digits 0-9 * # A-D. */
export function eventCodeToDigit(code: number): DtmfDigit | undefined {
  return code >= 0 && code < 16 ? (DTMF_DIGITS[code] as DtmfDigit) : undefined;
}

export function digitToEventCode(digit: DtmfDigit): number {
  return DTMF_DIGITS.indexOf(digit);
}

export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** 0–63, the power level in −dBm0 (§2.3.4). */
  volume: number;
  /** In timestamp units (8 kHz samples), §2.3.5. */
  duration: number;
}

export const TELEPHONE_EVENT_PAYLOAD_SIZE = 4;

/** §2.3: event(8) | E(1) R(1) volume(6) | duration(16). Extra octets (§2.5.1.5 stacking) are ignored. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  if (payload.length < TELEPHONE_EVENT_PAYLOAD_SIZE) return null;
  const flags = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

export function writeTelephoneEvent(out: Uint8Array, offset: number, ev: TelephoneEvent): void {
  out[offset] = ev.event & 0xff;
  out[offset + 1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f); // R bit stays 0 (§2.3.3)
  out[offset + 2] = (ev.duration >> 8) & 0xff;
  out[offset + 3] = ev.duration & 0xff;
}

export interface TelephoneEventPacket extends TelephoneEvent {
  /** Set on the first packet of the event only (§2.5.1.1). */
  marker: boolean;
}

export interface DigitPacketOptions {
  durationMs?: number;
  volume?: number;
  packetIntervalMs?: number;
  sampleRate?: number;
}

/**
 * The packets a sender emits for one digit, one per packet interval: the start packet with the
 * marker bit, duration updates, then the end packet sent three times with the same duration
 * (§2.5.1.4 recommends retransmitting the final packet). All packets share the event's RTP
 * timestamp (the caller assigns it and the sequence numbers).
 */
export function telephoneEventPackets(
  digit: DtmfDigit,
  options: DigitPacketOptions = {},
): TelephoneEventPacket[] {
  const durationMs = options.durationMs ?? 100;
  const intervalMs = options.packetIntervalMs ?? 20;
  const volume = options.volume ?? 10;
  const rate = options.sampleRate ?? 8000;
  const event = digitToEventCode(digit);
  const stepSamples = (intervalMs * rate) / 1000;
  const totalSamples = Math.max(stepSamples, Math.round((durationMs * rate) / 1000));
  const packets: TelephoneEventPacket[] = [];
  for (let duration = stepSamples; duration < totalSamples; duration += stepSamples) {
    packets.push({ event, end: false, volume, duration, marker: packets.length === 0 });
  }
  for (let i = 0; i < 3; i++) {
    packets.push({ event, end: true, volume, duration: totalSamples, marker: packets.length === 0 });
  }
  return packets;
}

export interface TelephoneEventReceiverDelegate {
  onDigit?(digit: DtmfDigit, durationSamples: number): void;
}

/**
 * Reports each event once. Packets of one event share an RTP timestamp (§2.5.1.1), so the
 * (timestamp, event) pair identifies it; the redundant end packets (§2.5.1.4) are dropped. A digit
 * is reported on its first end packet, or — if all end packets were lost — when the next event
 * starts. Non-DTMF events (codes ≥ 16) are ignored.
 */
export class TelephoneEventReceiver {
  private currentTimestamp = -1;
  private currentEvent = -1;
  private currentDuration = 0;
  private reported = true;

  constructor(private readonly delegate: TelephoneEventReceiverDelegate) {}

  receive(timestamp: number, ev: TelephoneEvent): void {
    const digit = eventCodeToDigit(ev.event);
    if (digit === undefined) return;
    if (timestamp !== this.currentTimestamp || ev.event !== this.currentEvent) {
      this.flushUnended();
      this.currentTimestamp = timestamp;
      this.currentEvent = ev.event;
      this.reported = false;
    }
    if (this.reported) return;
    this.currentDuration = ev.duration;
    if (ev.end) {
      this.reported = true;
      this.delegate.onDigit?.(digit, ev.duration);
    }
  }

  private flushUnended(): void {
    if (this.reported) return;
    this.reported = true;
    const digit = eventCodeToDigit(this.currentEvent);
    if (digit !== undefined) this.delegate.onDigit?.(digit, this.currentDuration);
  }
}
