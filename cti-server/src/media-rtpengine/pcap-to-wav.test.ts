import { describe, expect, it } from 'vitest';
import { encodeG711 } from '../rtp/g711.js';
import { serializeRtpPacket } from '../rtp/rtp-packet.js';
import { rms, sineWave, tonePower } from '../rtp/testing/udp-peer.js';
import { channelOf, readWav } from '../rtp/wav.js';
import { pcapToStereoWav } from './pcap-to-wav.js';

const T0 = 1_800_000_000_000;

/** A libpcap file (LINKTYPE_RAW, like rtpengine's --recording-format=raw) of UDP datagrams. */
function pcapOf(packets: Array<{ atMs: number; srcPort: number; dstPort: number; payload: Buffer }>): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(101, 20);
  const records = packets.map((p) => {
    const ip = Buffer.alloc(28);
    ip[0] = 0x45;
    ip.writeUInt16BE(28 + p.payload.length, 2);
    ip[8] = 64;
    ip[9] = 17;
    ip.writeUInt16BE(p.srcPort, 20);
    ip.writeUInt16BE(p.dstPort, 22);
    ip.writeUInt16BE(8 + p.payload.length, 24);
    const frame = Buffer.concat([ip, p.payload]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(p.atMs / 1000), 0);
    rec.writeUInt32LE(Math.round((p.atMs % 1000) * 1000), 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([header, ...records]);
}

function rtpStream(hz: number, frames: number, startMs: number, srcPort: number, dstPort: number, pt: 0 | 8) {
  const pcm = sineWave(hz, frames * 160);
  return Array.from({ length: frames }, (_, i) => {
    const payload = new Uint8Array(160);
    encodeG711(pt === 0 ? 'PCMU' : 'PCMA', pcm.subarray(i * 160, (i + 1) * 160), payload);
    const header = {
      marker: false,
      payloadType: pt,
      sequenceNumber: i,
      timestamp: 1000 + i * 160,
      ssrc: srcPort,
    };
    return { atMs: startMs + i * 20, srcPort, dstPort, payload: serializeRtpPacket(header, payload) };
  });
}

describe('pcapToStereoWav', () => {
  it('puts what arrived on the caller port left and the agent port right, on the call timeline', () => {
    const pcap = pcapOf(
      [
        ...rtpStream(440, 50, T0 + 200, 5000, 30000, 0),
        ...rtpStream(1000, 25, T0 + 500, 6000, 30010, 8),
      ].sort((a, b) => a.atMs - b.atMs),
    );
    const out = pcapToStereoWav({
      pcap,
      callerPort: 30000,
      agentPort: 30010,
      startedAtMs: T0,
      stoppedAtMs: T0 + 2000,
      pauses: [{ fromMs: T0 + 800, toMs: T0 + 1000 }],
    });
    expect(out).toMatchObject({ durationMs: 2000, pausedMs: 200 });
    const wav = readWav(out.stereo);
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 2 });
    const left = channelOf(wav, 0);
    const right = channelOf(wav, 1);
    const span = (ch: Int16Array, fromMs: number, toMs: number) => ch.subarray(fromMs * 8, toMs * 8);
    expect(rms(span(left, 0, 190))).toBe(0); // before the caller's first packet
    expect(tonePower(span(left, 210, 790), 440)).toBeGreaterThan(1e6);
    expect(rms(span(left, 810, 990))).toBe(0); // paused
    expect(tonePower(span(right, 510, 790), 1000)).toBeGreaterThan(1e6);
    expect(rms(span(right, 1010, 2000))).toBe(0); // the agent's 500 ms ended at 1000 ms
    expect(readWav(out.mixed).channels).toBe(1);
  });

  it('turns an empty capture into silence of the recording length', () => {
    const out = pcapToStereoWav({
      pcap: Buffer.alloc(0),
      callerPort: 1,
      agentPort: 2,
      startedAtMs: T0,
      stoppedAtMs: T0 + 500,
      pauses: [],
    });
    expect(readWav(out.stereo).samples).toHaveLength(8000);
  });
});
