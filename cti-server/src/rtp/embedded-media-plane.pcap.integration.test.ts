// The EmbeddedMediaPlane fed with RTP captured elsewhere: the pcap files that Debian's SIPp
// package (sip-tester) installs. An integration test because it needs that package.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedMediaPlane } from './embedded-media-plane.js';
import { ALAW_DECODE, decodeG711, type G711Law } from './g711.js';
import type { RemoteMediaDescription } from './media-plane.js';
import { ManualTicker } from './media-ticker.js';
import { readPcapUdp } from './pcap.js';
import { parseRtpPacket, type RtpPacket } from './rtp-packet.js';
import { rms, UdpPeer, until } from './testing/udp-peer.js';
import { channelOf, readWav } from './wav.js';

const PCMU_OFFER = (port: number): RemoteMediaDescription => ({
  remoteAddress: '127.0.0.1',
  remotePort: port,
  payloadTypes: [
    { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
    { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
  ],
});
const PCMA_OFFER = (port: number): RemoteMediaDescription => ({
  remoteAddress: '127.0.0.1',
  remotePort: port,
  payloadTypes: [
    { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
    { payloadType: 96, encoding: 'telephone-event', clockRate: 8000 },
  ],
});

function decodePayloads(law: G711Law, packets: RtpPacket[]): Int16Array {
  const out = new Int16Array(packets.reduce((n, p) => n + p.payload.length, 0));
  let pos = 0;
  for (const p of packets) {
    decodeG711(law, p.payload, out, pos);
    pos += p.payload.length;
  }
  return out;
}

function expectContinuous(packets: RtpPacket[]): void {
  for (let i = 1; i < packets.length; i++) {
    const prev = packets[i - 1] as RtpPacket;
    const cur = packets[i] as RtpPacket;
    expect((cur.sequenceNumber - prev.sequenceNumber) & 0xffff).toBe(1);
    expect((cur.timestamp - prev.timestamp) >>> 0).toBe(160);
    expect(cur.ssrc).toBe(prev.ssrc);
  }
}

describe('EmbeddedMediaPlane on SIPp pcap captures', () => {
  let ticker: ManualTicker;
  let plane: EmbeddedMediaPlane;
  let peers: UdpPeer[];
  let events: { dtmf: string[] };
  let dir: string;

  beforeEach(async () => {
    ticker = new ManualTicker();
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    plane = new EmbeddedMediaPlane({
      bindAddress: '127.0.0.1',
      portRange: { min: base, max: base + 100 },
      ticker,
    });
    events = { dtmf: [] };
    plane.setDelegate({ onDtmf: (e) => events.dtmf.push(`${e.legId}:${e.digit}:${e.source}`) });
    peers = await Promise.all([UdpPeer.open(), UdpPeer.open()]);
    dir = await mkdtemp(join(tmpdir(), 'kefu-rtp-'));
  });

  afterEach(async () => {
    await plane.close();
    await Promise.all(peers.map((p) => p.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('detects the digit in SIPp dtmf_2833_1.pcap replayed into a leg', async () => {
    const file = '/usr/share/sip-tester/dtmf_2833_1.pcap';
    const [pa] = peers as [UdpPeer];
    const rtp = readPcapUdp(await readFile(file)).map((u) => u.payload);
    const first = parseRtpPacket(rtp[0] as Buffer);
    if (!first.ok) throw new Error('pcap is not RTP');
    const s = await plane.createSession();
    const a = await plane.addLeg(s, {
      remoteAddress: '127.0.0.1',
      remotePort: pa.port,
      payloadTypes: [
        { payloadType: 0 },
        { payloadType: first.packet.payloadType, encoding: 'telephone-event', clockRate: 8000 },
      ],
    });
    for (const datagram of rtp) pa.sendRaw(a.localPort, datagram);
    await until(() => events.dtmf.length > 0, 2000, 'digit from pcap');
    expect(events.dtmf).toEqual([`${a.legId}:1:rfc4733`]);
  });

  it('replays SIPp g711a.pcap (30 ms packets) into the caller leg, re-paced to 20 ms, and records it', async () => {
    const file = '/usr/share/sip-tester/g711a.pcap';
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const frames = readPcapUdp(await readFile(file))
      .map((u) => parseRtpPacket(u.payload))
      .flatMap((r) => (r.ok && r.packet.payloadType === 8 ? [Buffer.from(r.packet.payload)] : []));
    expect(frames.length).toBeGreaterThan(100);
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMA_OFFER(pa.port), { legId: 'caller' });
    await plane.addLeg(s, PCMU_OFFER(pb.port), { legId: 'agent' });
    await plane.bridge(s, 'caller', 'agent');
    const path = join(dir, 'pcap.wav');
    await plane.startRecording(s, { path, callerLegId: 'caller', agentLegId: 'agent' });
    const leg = plane.session(s).getLeg('caller');
    let sent = 0;
    let ticks = 0;
    for (const f of frames) {
      const before = leg.stats.rxPackets;
      pa.send(a.localPort, { payloadType: 8 }, f);
      await until(() => leg.stats.rxPackets > before);
      sent += f.length;
      for (; (ticks + 1) * 160 <= sent; ticks++) ticker.tick();
    }
    await plane.stopRecording(s);
    const wav = readWav(await readFile(path));
    const left = channelOf(wav, 0);
    const expected = new Int16Array(ticks * 160);
    let pos = 0;
    for (const f of frames)
      for (const byte of f) if (pos < expected.length) expected[pos++] = ALAW_DECODE[byte] as number;
    expect(frames[0]?.length).toBe(240);
    expect(left.length).toBe(ticks * 160);
    expect([...left.subarray(0, 2000)]).toEqual([...expected.subarray(0, 2000)]);
    expect(rms(left)).toBeGreaterThan(100);
    expect(Math.abs(rms(left) - rms(expected))).toBeLessThan(1);
    expect(rms(channelOf(wav, 1))).toBe(0);
    // And the agent heard it, transcoded to μ-law.
    await until(() => pb.received.length >= ticks, 2000, 'agent packets');
    expect(pb.received.every((p) => p.payload.length === 160)).toBe(true);
    expectContinuous(pb.received);
    expect(Math.abs(rms(decodePayloads('PCMU', pb.received)) - rms(expected)) / rms(expected)).toBeLessThan(
      0.05,
    );
  });
});
