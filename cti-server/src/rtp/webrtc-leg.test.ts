// WebRTC legs end to end in-process: one plane offers, a second plane answers (werift on both
// sides, ICE on 127.0.0.1), each bridging its WebRTC leg to a plain RTP leg with a UDP peer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedMediaPlane } from './embedded-media-plane.js';
import { decodeG711, encodeG711 } from './g711.js';
import type { RemoteMediaDescription } from './media-plane.js';
import { ManualTicker } from './media-ticker.js';
import { parseTelephoneEvent } from './telephone-event.js';
import { sineWave, tonePower, UdpPeer, until } from './testing/udp-peer.js';
import { WebRtcLeg } from './webrtc-leg.js';

const SAVPF = 'UDP/TLS/RTP/SAVPF';
const webrtc = (rawSdp = ''): RemoteMediaDescription => ({ payloadTypes: [], transport: SAVPF, rawSdp });
const pcmu = (port: number): RemoteMediaDescription => ({
  remoteAddress: '127.0.0.1',
  remotePort: port,
  payloadTypes: [
    { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
    { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
  ],
});

function plane(ticker?: ManualTicker): EmbeddedMediaPlane {
  const base = 20000 + Math.floor(Math.random() * 400) * 100;
  return new EmbeddedMediaPlane({
    bindAddress: '127.0.0.1',
    portRange: { min: base, max: base + 100 },
    ...(ticker ? { ticker } : {}),
  });
}

describe('WebRtcLeg between two planes', () => {
  let offerer: EmbeddedMediaPlane;
  let answerer: EmbeddedMediaPlane;
  let peers: UdpPeer[];
  let talk: NodeJS.Timeout | undefined;

  beforeEach(async () => {
    peers = [await UdpPeer.open(), await UdpPeer.open()];
  });

  afterEach(async () => {
    clearInterval(talk);
    await offerer.close();
    await answerer.close();
    await Promise.all(peers.map((p) => p.close()));
  });

  it('carries a tone and RFC 4733 digits: RTP → WebRTC → WebRTC → RTP', async () => {
    const [p1, p2] = peers as [UdpPeer, UdpPeer];
    offerer = plane();
    answerer = plane();
    const digits: string[] = [];
    answerer.setDelegate({ onDtmf: (e) => digits.push(`${e.legId}:${e.digit}:${e.source}`) });
    const a = await offerer.createSession();
    const b = await answerer.createSession();
    const inA = await offerer.addLeg(a, pcmu(p1.port), { legId: 'rtp' });
    await answerer.addLeg(b, pcmu(p2.port), { legId: 'rtp' });
    const offer = await offerer.offerLeg(a, { legId: 'web', transport: SAVPF, preferredCodec: 'PCMA' });
    expect(offer.offeredCodecs?.map((c) => c.encoding)).toEqual(['PCMA', 'PCMU']);
    expect(offer.rawSdp).toContain(' UDP/TLS/RTP/SAVPF 8 0 101\r\n');
    const answer = await answerer.addLeg(b, webrtc(offer.rawSdp), { legId: 'web' });
    expect(answer.codec).toEqual({ payloadType: 8, encoding: 'PCMA', clockRate: 8000 });
    const done = await offerer.updateLeg(a, 'web', webrtc(answer.rawSdp));
    expect(done.codec.encoding).toBe('PCMA');
    expect(done.telephoneEvent).toEqual({ payloadType: 101, clockRate: 8000 });
    await offerer.bridge(a, 'rtp', 'web');
    await answerer.bridge(b, 'rtp', 'web');

    const frame = new Uint8Array(160);
    encodeG711('PCMU', sineWave(700, 160, 8000), frame, 0, 160);
    talk = setInterval(() => p1.send(inA.localPort, { payloadType: 0 }, frame), 20);
    await until(() => p2.received.filter((p) => p.payloadType === 0).length >= 100, 8000, 'tone at p2');
    const last = p2.received.filter((p) => p.payloadType === 0).at(-1);
    const pcm = new Int16Array(160);
    decodeG711('PCMU', last?.payload ?? new Uint8Array(160), pcm, 0);
    expect(tonePower(pcm, 700)).toBeGreaterThan(1e6);

    await offerer.playDtmf(a, 'web', '7#');
    await until(() => digits.length >= 2, 3000, 'digits at the answerer');
    expect(digits).toEqual(['web:7:rfc4733', 'web:#:rfc4733']);
    // Forwarded over the answerer's bridge as events (its RTP leg's PT 101), not as audio.
    const codes = p2.received
      .filter((p) => p.payloadType === 101)
      .map((p) => parseTelephoneEvent(p.payload)?.event);
    expect(new Set(codes)).toEqual(new Set([7, 11]));
  }, 15_000);

  it('reports a media timeout when the negotiated remote sends nothing', async () => {
    const ticker = new ManualTicker();
    offerer = plane(ticker);
    answerer = plane(new ManualTicker()); // never ticked: sends no RTP
    const timeouts: string[] = [];
    offerer.setDelegate({ onMediaTimeout: (e) => timeouts.push(e.legId) });
    const a = await offerer.createSession();
    const b = await answerer.createSession();
    const offer = await offerer.offerLeg(a, { legId: 'web', transport: SAVPF, mediaTimeoutMs: 200 });
    for (let i = 0; i < 20; i++) ticker.tick();
    expect(timeouts).toEqual([]); // no answer yet: nothing is expected
    const answer = await answerer.addLeg(b, webrtc(offer.rawSdp), { legId: 'web' });
    await offerer.updateLeg(a, 'web', webrtc(answer.rawSdp));
    for (let i = 0; i < 9; i++) ticker.tick();
    expect(timeouts).toEqual([]);
    ticker.tick();
    expect(timeouts).toEqual(['web']);
  });

  it('an answer for a leg with no pending offer only updates the direction', async () => {
    offerer = plane(new ManualTicker());
    answerer = plane(new ManualTicker());
    const a = await offerer.createSession();
    const b = await answerer.createSession();
    const offer = await offerer.offerLeg(a, { legId: 'web', transport: SAVPF });
    const answer = await answerer.addLeg(b, webrtc(offer.rawSdp), { legId: 'web' });
    await offerer.updateLeg(a, 'web', webrtc(answer.rawSdp));
    const hold = await offerer.updateLeg(
      a,
      'web',
      webrtc(answer.rawSdp?.replace('a=sendrecv', 'a=sendonly')),
    );
    expect(hold.direction).toBe('recvonly');
    expect((offerer.session(a).getLeg('web') as WebRtcLeg).remoteDirection).toBe('sendonly');
    await expect(offerer.updateLeg(a, 'web', webrtc('v=0'))).rejects.toMatchObject({
      code: 'unsupported-transport',
    });
  });

  it('puts the advertised address in the candidate and m=/c= lines', async () => {
    offerer = new EmbeddedMediaPlane({
      bindAddress: '127.0.0.1',
      advertisedAddress: '203.0.113.7',
      portRange: { min: 26000, max: 26100 },
      ticker: new ManualTicker(),
    });
    answerer = plane(new ManualTicker());
    const a = await offerer.createSession();
    const offer = await offerer.offerLeg(a, { legId: 'web', transport: SAVPF });
    expect(offer.localAddress).toBe('203.0.113.7');
    expect(offer.rawSdp).toContain('c=IN IP4 203.0.113.7\r\n');
    expect(offer.rawSdp).toMatch(
      new RegExp(`^a=candidate:\\S+ 1 udp \\d+ 203\\.0\\.113\\.7 ${offer.localPort} typ host`, 'm'),
    );
    expect(offer.rawSdp?.match(/^a=candidate:/gm)).toHaveLength(1);
  });
});
