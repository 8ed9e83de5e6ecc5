// The carrier's RTP end of a SIPp call whose SDP points here (-set mport): it sends a 440 Hz
// PCMA tone back to wherever kefu's RTP comes from (symmetric RTP) and keeps, per packet it
// receives, the arrival time and the loudest sample, so a test can tell who is speaking.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { decodeG711, encodeG711 } from '@kefu/cti-server/rtp/g711';
import { freeUdpPort } from '../support/free-port.js';

const PCMA = 8;
const SAMPLES = 160; // 20 ms at 8 kHz

export interface CarrierMedia {
  port: number;
  /** Packets received in [from, to) (epoch ms) and the loudest sample among them. */
  window(from: number, to?: number): { packets: number; peak: number };
  /** The caller speaks (the tone, by default) or is silent (packets of silence go on). */
  speak(on: boolean): void;
  close(): void;
}

export async function startCarrierMedia(): Promise<CarrierMedia> {
  const port = await freeUdpPort();
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  const received: Array<{ at: number; peak: number }> = [];
  let peer: RemoteInfo | undefined;
  const pcm = new Int16Array(SAMPLES);
  socket.on('message', (buf, rinfo) => {
    peer ??= rinfo;
    if (buf.length <= 12 || (buf[1]! & 0x7f) !== PCMA) return;
    const csrc = (buf[0]! & 0x0f) * 4;
    const payload = buf.subarray(12 + csrc);
    const n = Math.min(payload.length, SAMPLES);
    decodeG711('PCMA', payload, pcm, 0, n);
    let peak = 0;
    for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(pcm[i]!));
    received.push({ at: Date.now(), peak });
  });
  let closed = false;
  let speaking = true;
  let seq = 0;
  let ts = 0;
  const ssrc = 0x4b454655;
  const tone = new Int16Array(SAMPLES);
  const packet = Buffer.alloc(12 + SAMPLES);
  const timer = setInterval(() => {
    if (!peer) return;
    for (let i = 0; i < SAMPLES; i++)
      tone[i] = speaking ? Math.round(6000 * Math.sin((2 * Math.PI * 440 * (ts + i)) / 8000)) : 0;
    packet[0] = 0x80;
    packet[1] = PCMA;
    packet.writeUInt16BE(seq++ & 0xffff, 2);
    packet.writeUInt32BE(ts >>> 0, 4);
    packet.writeUInt32BE(ssrc, 8);
    encodeG711('PCMA', tone, packet, 12);
    ts += SAMPLES;
    socket.send(packet, peer.port, peer.address);
  }, 20);
  return {
    port,
    window(from, to = Infinity) {
      const inside = received.filter((p) => p.at >= from && p.at < to);
      return { packets: inside.length, peak: Math.max(0, ...inside.map((p) => p.peak)) };
    },
    speak(on) {
      speaking = on;
    },
    close() {
      clearInterval(timer);
      // Idempotent: a test and its afterEach may both close it.
      if (!closed) socket.close();
      closed = true;
    },
  };
}
