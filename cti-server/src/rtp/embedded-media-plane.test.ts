import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dtmfTone } from './dtmf-tone.js';
import { EmbeddedMediaPlane } from './embedded-media-plane.js';
import { GoertzelDtmfDetector } from './goertzel-dtmf.js';
import { decodeG711, encodeG711, ULAW_DECODE, type G711Law } from './g711.js';
import { MediaPlaneError, type MediaPlaneDelegate, type RemoteMediaDescription } from './media-plane.js';
import { ManualTicker } from './media-ticker.js';
import type { RtpPacket } from './rtp-packet.js';
import { parseTelephoneEvent, telephoneEventPackets, writeTelephoneEvent } from './telephone-event.js';
import { rms, sineWave, tonePower, UdpPeer, until } from './testing/udp-peer.js';
import { channelOf, readWav, writeWav } from './wav.js';

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

function encode(law: G711Law, pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  encodeG711(law, pcm, out);
  return out;
}

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

describe('EmbeddedMediaPlane over real UDP', () => {
  let ticker: ManualTicker;
  let plane: EmbeddedMediaPlane;
  let peers: UdpPeer[];
  let events: { dtmf: string[]; playDone: string[]; timeouts: string[] };
  let dir: string;

  beforeEach(async () => {
    ticker = new ManualTicker();
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    plane = new EmbeddedMediaPlane({
      bindAddress: '127.0.0.1',
      portRange: { min: base, max: base + 100 },
      ticker,
    });
    events = { dtmf: [], playDone: [], timeouts: [] };
    const delegate: MediaPlaneDelegate = {
      onDtmf: (e) => events.dtmf.push(`${e.legId}:${e.digit}:${e.source}`),
      onPlayDone: (e) => events.playDone.push(`${e.legId}:${e.playId}:${e.reason}`),
      onMediaTimeout: (e) => events.timeouts.push(e.legId),
    };
    plane.setDelegate(delegate);
    peers = await Promise.all([UdpPeer.open(), UdpPeer.open(), UdpPeer.open()]);
    dir = await mkdtemp(join(tmpdir(), 'kefu-rtp-'));
  });

  afterEach(async () => {
    await plane.close();
    await Promise.all(peers.map((p) => p.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Sends one frame from `peer` to a leg, waits for it to land, then runs one media tick. */
  async function pump(
    sessionId: string,
    legId: string,
    localPort: number,
    peer: UdpPeer,
    pt: number,
    payload: Uint8Array,
  ) {
    const leg = plane.session(sessionId).getLeg(legId);
    const before = leg.stats.rxPackets;
    peer.send(localPort, { payloadType: pt }, payload);
    await until(() => leg.stats.rxPackets > before, 2000, 'RTP at the leg');
    ticker.tick();
  }

  it('bridges two legs: μ-law in on A arrives A-law on B with continuous seq/ts, and back', async () => {
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    const b = await plane.addLeg(s, PCMA_OFFER(pb.port), { legId: 'b' });
    expect(a.codec).toEqual({ payloadType: 0, encoding: 'PCMU', clockRate: 8000 });
    expect(b.codec.encoding).toBe('PCMA');
    expect(b.telephoneEvent).toEqual({ payloadType: 96, clockRate: 8000 });
    await plane.bridge(s, 'a', 'b');
    const tone = sineWave(1000, 160 * 20);
    for (let f = 0; f < 20; f++)
      await pump(s, 'a', a.localPort, pa, 0, encode('PCMU', tone.subarray(f * 160, f * 160 + 160)));
    await until(() => pb.received.length >= 20, 2000, 'packets at B');
    expect(pb.received.length).toBe(20);
    expect(pb.received.every((p) => p.payloadType === 8 && p.payload.length === 160)).toBe(true);
    expect(pb.received[0]?.marker).toBe(true);
    expect(pb.received.slice(1).some((p) => p.marker)).toBe(false);
    expectContinuous(pb.received);
    const heard = decodePayloads('PCMA', pb.received);
    let maxErr = 0;
    for (let i = 0; i < heard.length; i++)
      maxErr = Math.max(maxErr, Math.abs((heard[i] as number) - (tone[i] as number)));
    expect(maxErr).toBeLessThan(600); // two companding steps on an 8000-peak tone
    expect(pa.received.length).toBe(0); // B sent nothing, so A hears nothing (not even silence)

    for (let f = 0; f < 5; f++) await pump(s, 'b', b.localPort, pb, 8, encode('PCMA', tone.subarray(0, 160)));
    await until(() => pa.received.length >= 5, 2000, 'packets at A');
    expect(pa.received.every((p) => p.payloadType === 0)).toBe(true);
    expectContinuous(pa.received);
  });

  it('plays a prompt as 20 ms packets with continuous seq/ts, reports done, then keeps the stream going', async () => {
    const [pa] = peers as [UdpPeer];
    const s = await plane.createSession();
    await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    const prompt = sineWave(440, 160 * 10 + 80); // 10.5 frames: the last one is zero-padded
    const playId = await plane.play(s, 'a', { kind: 'samples', samples: prompt, sampleRate: 8000 });
    ticker.tick(11);
    expect(events.playDone).toEqual([]);
    ticker.tick(1);
    expect(events.playDone).toEqual([`a:${playId}:finished`]);
    const second = await plane.play(s, 'a', {
      kind: 'samples',
      samples: prompt.subarray(0, 320),
      sampleRate: 8000,
    });
    ticker.tick(2);
    await until(() => pa.received.length >= 14, 2000, 'prompt packets');
    const got = pa.received;
    expect(got.length).toBe(14);
    expectContinuous(got);
    expect(got.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    // Marker at the start, at the switch prompt → idle silence, and at the second prompt.
    expect(got.map((p, i) => (p.marker ? i : -1)).filter((i) => i >= 0)).toEqual([0, 11, 12]);
    expect(rms(decodePayloads('PCMU', got.slice(0, 10)))).toBeGreaterThan(4000);
    expect([...(got[11] as RtpPacket).payload].every((b) => b === 0xff)).toBe(true);
    expect(events.playDone).toEqual([`a:${playId}:finished`]);
    await plane.stopPlay(s, 'a');
    expect(events.playDone).toEqual([`a:${playId}:finished`, `a:${second}:stopped`]);
  });

  it('plays a WAV file and loops music on hold until stopped', async () => {
    const [pa] = peers as [UdpPeer];
    const path = join(dir, 'moh.wav');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path, writeWav({ sampleRate: 8000, channels: 1, samples: sineWave(300, 240) })),
    );
    const s = await plane.createSession();
    await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    const id = await plane.play(s, 'a', { kind: 'file', path }, { loop: true });
    ticker.tick(10);
    await until(() => pa.received.length >= 10);
    expect(rms(decodePayloads('PCMU', pa.received))).toBeGreaterThan(4000);
    expect(events.playDone).toEqual([]);
    await plane.stopPlay(s, 'a');
    expect(events.playDone).toEqual([`a:${id}:stopped`]);
    await expect(plane.play(s, 'a', { kind: 'file', path: join(dir, 'missing.wav') })).rejects.toMatchObject({
      code: 'bad-prompt',
    });
  });

  it('reports an RFC 4733 digit once and passes the event across the bridge', async () => {
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    await plane.addLeg(s, PCMA_OFFER(pb.port), { legId: 'b' });
    await plane.bridge(s, 'a', 'b');
    const packets = telephoneEventPackets('5');
    for (const p of packets) {
      const payload = new Uint8Array(4);
      writeTelephoneEvent(payload, 0, p);
      pa.send(a.localPort, { payloadType: 101, marker: p.marker, timestamp: 7777 }, payload);
    }
    await until(() => events.dtmf.length > 0 && pb.received.length >= packets.length, 2000, 'digit');
    expect(events.dtmf).toEqual(['a:5:rfc4733']);
    const forwarded = pb.received;
    expect(forwarded.every((p) => p.payloadType === 96)).toBe(true);
    expect(forwarded.map((p) => p.marker)).toEqual(packets.map((p) => p.marker));
    expect(new Set(forwarded.map((p) => p.timestamp)).size).toBe(1);
    expect(forwarded.map((p) => parseTelephoneEvent(p.payload)?.end)).toEqual(packets.map((p) => p.end));
  });

  it('regenerates DTMF in-band towards a leg without telephone-event (bridge and playDtmf)', async () => {
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    const noTe = { remoteAddress: '127.0.0.1', remotePort: pb.port, payloadTypes: [{ payloadType: 8 }] };
    const b = await plane.addLeg(s, noTe, { legId: 'b' });
    expect(b.telephoneEvent).toBeUndefined();
    await plane.bridge(s, 'a', 'b');
    for (const p of telephoneEventPackets('7')) {
      const payload = new Uint8Array(4);
      writeTelephoneEvent(payload, 0, p);
      pa.send(a.localPort, { payloadType: 101, marker: p.marker, timestamp: 4242 }, payload);
    }
    await until(() => events.dtmf.length === 1, 2000, 'digit');
    ticker.tick(12);
    await plane.playDtmf(s, 'b', '3', { durationMs: 80 });
    ticker.tick(12);
    // 100 ms tone + 20 ms gap, then 80 ms + 60 ms; nothing between them (bridged, A is silent).
    await until(() => pb.received.length >= 13, 2000, 'in-band packets');
    expect(pb.received.length).toBe(13);
    expect(pb.received.every((p) => p.payloadType === 8)).toBe(true);
    expectContinuous(pb.received.slice(0, 6));
    expectContinuous(pb.received.slice(6));
    expect(pb.received[6]?.marker).toBe(true);
    const digits: string[] = [];
    const detector = new GoertzelDtmfDetector({ onDigit: (d) => digits.push(d) });
    detector.process(decodePayloads('PCMA', pb.received));
    expect(digits).toEqual(['7', '3']);
  });

  it('honours hold (sendonly/inactive): no RTP to the holding party, no media timeout, resumes after', async () => {
    const [pa] = peers as [UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a', mediaTimeoutMs: 100 });
    expect(a.direction).toBe('sendrecv');
    const held = await plane.updateLeg(s, 'a', { ...PCMU_OFFER(pa.port), direction: 'inactive' });
    expect(held.direction).toBe('inactive');
    ticker.tick(20);
    expect(events.timeouts).toEqual([]);
    const onHold = await plane.updateLeg(s, 'a', { ...PCMU_OFFER(pa.port), direction: 'sendonly' });
    expect(onHold.direction).toBe('recvonly');
    ticker.tick(3);
    expect(events.timeouts).toEqual([]);
    await plane.updateLeg(s, 'a', PCMU_OFFER(pa.port));
    ticker.tick(2);
    await until(() => pa.received.length === 2);
    expect(pa.received[0]?.marker).toBe(true);
    expect(((pa.received[1] as RtpPacket).timestamp - (pa.received[0] as RtpPacket).timestamp) >>> 0).toBe(
      160,
    );
    ticker.tick(5);
    expect(events.timeouts).toEqual(['a']);
  });

  it('removes a leg and releases its port', async () => {
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    await plane.addLeg(s, PCMU_OFFER(pb.port), { legId: 'b' });
    await plane.bridge(s, 'a', 'b');
    expect(plane.ports.allocated).toBe(2);
    await plane.removeLeg(s, 'b');
    expect(plane.ports.allocated).toBe(1);
    expect(plane.session(s).legIds).toEqual(['a']);
    ticker.tick(); // a is no longer bridged: idle silence again
    await until(() => pa.received.length === 1);
    expect([...(pa.received[0] as RtpPacket).payload].every((x) => x === 0xff)).toBe(true);
    await expect(plane.removeLeg(s, 'b')).rejects.toMatchObject({ code: 'no-leg' });
  });

  it('detects in-band DTMF with Goertzel when asked', async () => {
    const [pa] = peers as [UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a', inbandDtmf: true });
    const tone = dtmfTone('9', { durationMs: 100 });
    const padded = new Int16Array(160 * 8);
    padded.set(tone);
    for (let f = 0; f < 8; f++)
      await pump(s, 'a', a.localPort, pa, 0, encode('PCMU', padded.subarray(f * 160, f * 160 + 160)));
    expect(events.dtmf).toEqual(['a:9:inband']);
  });

  it('sends DTMF as RFC 4733 (start marker, updates, 3 end packets) inside the continuous stream', async () => {
    const [pa] = peers as [UdpPeer];
    const s = await plane.createSession();
    await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a' });
    ticker.tick(2); // idle silence first
    await plane.playDtmf(s, 'a', '1', { durationMs: 60 });
    ticker.tick(8);
    await until(() => pa.received.length >= 10);
    const got = pa.received;
    expect(got.map((p) => p.payloadType)).toEqual([0, 0, 101, 101, 101, 101, 101, 0, 0, 0]);
    const evts = got.slice(2, 7);
    expect(evts.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(evts.map((p) => parseTelephoneEvent(p.payload)?.end)).toEqual([false, false, true, true, true]);
    expect(new Set(evts.map((p) => p.timestamp))).toEqual(new Set([(got[2] as RtpPacket).timestamp]));
    for (let i = 1; i < got.length; i++) {
      expect(((got[i] as RtpPacket).sequenceNumber - (got[i - 1] as RtpPacket).sequenceNumber) & 0xffff).toBe(
        1,
      );
    }
    // Audio after the event continues on the media clock (7 ticks after the 2nd packet).
    expect(((got[7] as RtpPacket).timestamp - (got[1] as RtpPacket).timestamp) >>> 0).toBe(6 * 160);
    expect(got[7]?.marker).toBe(true);
  });

  it('records caller left / agent right, with silence while paused, plus a mixed copy', async () => {
    const [pa, pb] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'caller', role: 'caller' });
    const b = await plane.addLeg(s, PCMA_OFFER(pb.port), { legId: 'agent', role: 'agent' });
    await plane.bridge(s, 'caller', 'agent');
    const path = join(dir, 'rec.wav');
    const mixedPath = join(dir, 'rec-mixed.wav');
    await plane.startRecording(s, { path, mixedPath, callerLegId: 'caller', agentLegId: 'agent' });
    const callerTone = sineWave(500, 160);
    const agentTone = sineWave(1500, 160);
    for (let f = 0; f < 25; f++) await pump(s, 'caller', a.localPort, pa, 0, encode('PCMU', callerTone));
    for (let f = 0; f < 25; f++) await pump(s, 'agent', b.localPort, pb, 8, encode('PCMA', agentTone));
    await plane.pauseRecording(s);
    const card = dtmfTone('4', { durationMs: 20 });
    for (let f = 0; f < 10; f++) await pump(s, 'caller', a.localPort, pa, 0, encode('PCMU', card));
    await plane.resumeRecording(s);
    const result = await plane.stopRecording(s);
    expect(result).toEqual({ path, mixedPath, durationMs: 60 * 20, pausedMs: 10 * 20 });
    const wav = readWav(await readFile(path));
    expect(wav.channels).toBe(2);
    const left = channelOf(wav, 0);
    const right = channelOf(wav, 1);
    expect(left.length).toBe(60 * 160);
    const seg = (ch: Int16Array, from: number, to: number) => ch.subarray(from * 160, to * 160);
    expect(rms(seg(left, 0, 25))).toBeGreaterThan(4000);
    expect(rms(seg(right, 0, 25))).toBe(0);
    expect(rms(seg(left, 25, 50))).toBe(0);
    expect(rms(seg(right, 25, 50))).toBeGreaterThan(4000);
    expect(tonePower(seg(left, 0, 25), 500)).toBeGreaterThan(1e6);
    expect(tonePower(seg(right, 25, 50), 1500)).toBeGreaterThan(1e6);
    expect(rms(seg(left, 50, 60))).toBe(0); // paused: the card digits are not in the file
    const mixed = readWav(await readFile(mixedPath));
    expect(mixed.channels).toBe(1);
    expect(rms(mixed.samples.subarray(0, 50 * 160))).toBeGreaterThan(4000);
  });

  it('monitors: listen, whisper (agent only), barge (both), mixing with clipping', async () => {
    const [pc, pg, ps] = peers as [UdpPeer, UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const c = await plane.addLeg(s, PCMU_OFFER(pc.port), { legId: 'c' });
    const g = await plane.addLeg(s, PCMU_OFFER(pg.port), { legId: 'g' });
    const sup = await plane.addLeg(s, PCMU_OFFER(ps.port), { legId: 's' });
    await plane.bridge(s, 'c', 'g');
    const tones = { c: sineWave(600, 160, 6000), g: sineWave(1000, 160, 6000), s: sineWave(1800, 160, 6000) };
    const legs = { c: [c.localPort, pc], g: [g.localPort, pg], s: [sup.localPort, ps] } as const;
    async function round(): Promise<void> {
      for (const id of ['c', 'g', 's'] as const) {
        const leg = plane.session(s).getLeg(id);
        const before = leg.stats.rxPackets;
        legs[id][1].send(legs[id][0], { payloadType: 0 }, encode('PCMU', tones[id]));
        await until(() => leg.stats.rxPackets > before);
      }
      for (const p of peers) p.received.length = 0;
      ticker.tick();
    }
    const heard = async (peer: UdpPeer) => {
      await until(() => peer.received.length >= 1);
      const pcm = new Int16Array(160);
      decodeG711('PCMU', (peer.received[0] as RtpPacket).payload, pcm);
      return { c: tonePower(pcm, 600), g: tonePower(pcm, 1000), s: tonePower(pcm, 1800) };
    };
    const loud = 1e6;
    await plane.monitor(s, { supervisorLegId: 's', callerLegId: 'c', agentLegId: 'g', mode: 'listen' });
    await round();
    let h = await heard(ps);
    expect(h.c > loud && h.g > loud).toBe(true);
    h = await heard(pg);
    expect(h.c > loud && h.s < loud).toBe(true);
    await plane.monitor(s, { supervisorLegId: 's', callerLegId: 'c', agentLegId: 'g', mode: 'whisper' });
    await round();
    h = await heard(pg);
    expect(h.c > loud && h.s > loud).toBe(true);
    h = await heard(pc);
    expect(h.g > loud && h.s < loud).toBe(true);
    await plane.monitor(s, { supervisorLegId: 's', callerLegId: 'c', agentLegId: 'g', mode: 'barge' });
    await round();
    h = await heard(pc);
    expect(h.g > loud && h.s > loud).toBe(true);
    await plane.stopMonitor(s, 's');
    await round();
    h = await heard(pc);
    expect(h.g > loud && h.s < loud).toBe(true);
    // Clipping: two full-scale signals summed stay within int16 (no wrap-around to negative).
    const full = new Int16Array(160).fill(30000);
    await plane.monitor(s, { supervisorLegId: 's', callerLegId: 'c', agentLegId: 'g', mode: 'listen' });
    for (const [id, [port, peer]] of Object.entries(legs)) {
      const leg = plane.session(s).getLeg(id);
      const before = leg.stats.rxPackets;
      peer.send(port, { payloadType: 0 }, encode('PCMU', full));
      await until(() => leg.stats.rxPackets > before);
    }
    ps.received.length = 0;
    ticker.tick();
    await until(() => ps.received.length >= 1);
    expect(ULAW_DECODE[(ps.received[0] as RtpPacket).payload[0] as number]).toBeGreaterThan(30000);
  });

  it('latches to the real source port (symmetric RTP) and reports a media timeout', async () => {
    const [pa, pnat] = peers as [UdpPeer, UdpPeer];
    const s = await plane.createSession();
    const a = await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'a', mediaTimeoutMs: 100 });
    await plane.play(s, 'a', { kind: 'samples', samples: sineWave(400, 160 * 100), sampleRate: 8000 });
    ticker.tick();
    await until(() => pa.received.length === 1);
    // The phone is behind NAT: its packets come from another port than its SDP said.
    await pump(s, 'a', a.localPort, pnat, 0, encode('PCMU', sineWave(400, 160)));
    await until(() => pnat.received.length === 1, 2000, 'packet at the latched address');
    expect(pa.received.length).toBe(1);
    expect(events.timeouts).toEqual([]);
    ticker.tick(4);
    expect(events.timeouts).toEqual(['a']);
    ticker.tick(25);
    expect(events.timeouts).toEqual(['a']); // once per silence
    // After 500 ms of silence from the latched source, another source may take over (NAT rebinding).
    await pump(s, 'a', a.localPort, pa, 0, encode('PCMU', sineWave(400, 160)));
    await until(() => pa.received.length === 2, 2000, 'packet after re-latching');
    expect(pnat.received.length).toBe(1 + 4 + 25);
  });

  it('a leg not watched yet (a carrier not answered: it has no SDP of ours) never times out; once watched, its silence does', async () => {
    const [pa] = peers as [UdpPeer];
    const s = await plane.createSession();
    await plane.addLeg(s, PCMU_OFFER(pa.port), { legId: 'caller', mediaTimeoutMs: 100, watchMedia: false });
    ticker.tick(50); // a second without RTP, ten times the timeout: the caller waits in a queue
    expect(events.timeouts).toEqual([]);
    await plane.watchMedia(s, 'caller'); // answered
    ticker.tick(4);
    expect(events.timeouts).toEqual([]); // counted from the answer, not from the leg's creation
    ticker.tick(1);
    expect(events.timeouts).toEqual(['caller']);
  });

  it('rejects unusable offers with typed errors and leaks no ports over many sessions', async () => {
    const s = await plane.createSession();
    const g729: RemoteMediaDescription = {
      remoteAddress: '127.0.0.1',
      remotePort: 4000,
      payloadTypes: [{ payloadType: 18, encoding: 'G729' }],
    };
    await expect(plane.addLeg(s, g729)).rejects.toMatchObject({ code: 'no-common-codec' });
    await expect(
      plane.addLeg(s, { ...PCMU_OFFER(4000), remoteAddress: 'example.com' }),
    ).rejects.toBeInstanceOf(MediaPlaneError);
    await expect(plane.addLeg(s, { ...PCMU_OFFER(0) })).rejects.toMatchObject({ code: 'bad-address' });
    await expect(
      plane.addLeg(s, { ...PCMU_OFFER(4000), transport: 'UDP/TLS/RTP/SAVPF' }),
    ).rejects.toMatchObject({
      code: 'unsupported-transport',
    });
    expect(plane.ports.allocated).toBe(0);
    for (let i = 0; i < 150; i++) {
      const id = await plane.createSession();
      await plane.addLeg(id, PCMU_OFFER(4000));
      await plane.addLeg(id, PCMA_OFFER(4002));
      await plane.destroySession(id);
    }
    expect(plane.ports.allocated).toBe(0);
    expect(plane.sessionCount).toBe(1);
    expect(ticker.listenerCount).toBe(1);
    await plane.destroySession(s);
    expect(ticker.listenerCount).toBe(0);
  });
});
