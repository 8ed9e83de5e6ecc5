// Test double for a remote RTP endpoint (carrier, phone, supervisor), on 127.0.0.1 by default.
import { createSocket, type Socket } from 'node:dgram';
import { parseRtpPacket, serializeRtpPacket, type RtpHeader, type RtpPacket } from '../rtp-packet.js';

export class UdpPeer {
  readonly received: RtpPacket[] = [];
  private seq = 1000;
  private ts = 50_000;

  /** Where `send` goes (another of the host's addresses, to test multi-homing). */
  target: string;

  private constructor(
    private readonly socket: Socket,
    address: string,
  ) {
    this.target = address;
    socket.on('message', (msg) => {
      const r = parseRtpPacket(Buffer.from(msg));
      if (r.ok) this.received.push(r.packet);
    });
  }

  static open(address = '127.0.0.1'): Promise<UdpPeer> {
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    return new Promise((resolve) => socket.bind(0, address, () => resolve(new UdpPeer(socket, address))));
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(toPort: number, header: Partial<RtpHeader> & { payloadType: number }, payload: Uint8Array): void {
    const full: RtpHeader = {
      marker: header.marker ?? false,
      payloadType: header.payloadType,
      sequenceNumber: header.sequenceNumber ?? this.seq,
      timestamp: header.timestamp ?? this.ts,
      ssrc: header.ssrc ?? 0x1234abcd,
    };
    this.seq = (full.sequenceNumber + 1) & 0xffff;
    if (header.timestamp === undefined) this.ts = (this.ts + payload.length) >>> 0;
    this.socket.send(serializeRtpPacket(full, payload), toPort, this.target);
  }

  sendRaw(toPort: number, datagram: Uint8Array): void {
    this.socket.send(datagram, toPort, this.target);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Waits (event-loop turns, no fixed sleeps) until `condition` holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Power of one frequency in `samples` (Goertzel), normalised to ≈ amplitude² / 4 for a pure tone. */
export function tonePower(samples: Int16Array, hz: number, rate = 8000): number {
  const c = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - c * s1 * s2) / (samples.length * samples.length);
}

export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

export function sineWave(hz: number, count: number, amplitude = 8000, rate = 8000): Int16Array {
  return Int16Array.from({ length: count }, (_, i) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)),
  );
}
