// WebRTC legs of the embedded media plane against a real browser: Debian's Chromium (fake mic)
// on one side, a plain RTP/AVP G.711 endpoint (the "carrier", a UDP socket in this test) on the
// other, bridged by the plane. Both offer directions, audio both ways, RFC 4733 DTMF, bad SDP.
import { EmbeddedMediaPlane } from '@kefu/cti-server/rtp/embedded-media-plane';
import { decodeG711, encodeG711 } from '@kefu/cti-server/rtp/g711';
import { MediaPlaneError, type RemoteMediaDescription } from '@kefu/cti-server/rtp/media-plane';
import type { RtpPacket } from '@kefu/cti-server/rtp/rtp-packet';
import { rms, sineWave, UdpPeer, until } from '@kefu/cti-server/rtp/testing/udp-peer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrowserPhone } from './browser-phone.js';

const SAVPF = 'UDP/TLS/RTP/SAVPF';
const webrtc = (rawSdp: string): RemoteMediaDescription => ({ payloadTypes: [], transport: SAVPF, rawSdp });
const carrierOffer = (port: number): RemoteMediaDescription => ({
  remoteAddress: '127.0.0.1',
  remotePort: port,
  payloadTypes: [
    { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
    { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
  ],
});

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** RTP timestamps of the PCMU packets where a loud stretch (a beep) starts. */
function beepOnsets(packets: readonly RtpPacket[]): number[] {
  const onsets: number[] = [];
  let loud = false;
  for (const p of packets) {
    if (p.payloadType !== 0) continue;
    const pcm = new Int16Array(p.payload.length);
    decodeG711('PCMU', p.payload, pcm, 0);
    const now = rms(pcm) > 5000;
    if (now && !loud) onsets.push(p.timestamp);
    loud = now;
  }
  return onsets;
}

function activeUdpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
}

describe('WebRTC legs with Chromium', () => {
  let browser: BrowserPhone;
  let plane: EmbeddedMediaPlane;
  let carrier: UdpPeer;
  let dtmf: string[];
  let talk: NodeJS.Timeout | undefined;
  let base: number;

  beforeAll(async () => {
    browser = await BrowserPhone.launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    base = 30000 + Math.floor(Math.random() * 200) * 100;
    plane = new EmbeddedMediaPlane({ bindAddress: '127.0.0.1', portRange: { min: base, max: base + 100 } });
    dtmf = [];
    plane.setDelegate({ onDtmf: (e) => dtmf.push(`${e.legId}:${e.digit}:${e.source}`) });
    carrier = await UdpPeer.open();
  });

  afterEach(async () => {
    clearInterval(talk);
    await browser.hangUp();
    await plane.close();
    await carrier.close();
  });

  /** The carrier talks: a 1 kHz tone, 20 ms PCMU packets, to the plane's carrier leg. */
  function carrierTalks(port: number): void {
    const frame = new Uint8Array(160);
    encodeG711('PCMU', sineWave(1000, 160, 8000), frame, 0, 160);
    talk = setInterval(() => carrier.send(port, { payloadType: 0 }, frame), 20);
  }

  async function expectTwoWayAudio(): Promise<void> {
    // Browser → carrier: Chromium's fake mic beeps every 500 ms; the carrier leg forwards it as
    // PCMU. Three beeps, ~500 ms apart on the RTP clock (± scheduling jitter on a loaded
    // machine), prove a live continuous stream.
    await until(() => beepOnsets(carrier.received).length >= 3, 8000, 'three beeps at the carrier');
    const onsets = beepOnsets(carrier.received);
    for (let i = 1; i < onsets.length; i++) {
      expect(Math.abs(((onsets[i] as number) - (onsets[i - 1] as number)) / 8 - 500)).toBeLessThan(200);
    }
    // One SSRC, seq +1 per packet; the timestamp runs on whole frames (a frame the browser
    // delivered late is a gap on the RTP clock, RFC 3550 §5.1).
    const tail = carrier.received.slice(-50);
    for (let i = 1; i < tail.length; i++) {
      const [a, b] = [tail[i - 1] as RtpPacket, tail[i] as RtpPacket];
      expect(b.ssrc).toBe(a.ssrc);
      expect((b.sequenceNumber - a.sequenceNumber) & 0xffff).toBe(1);
      const step = (b.timestamp - a.timestamp) >>> 0;
      expect(step > 0 && step % 160 === 0 && step <= 160 * 10).toBe(true);
    }
    // Carrier → browser: the tone arrives and is heard (non-zero level).
    const inbound = await poll(
      () => browser.inbound(),
      (s) => s.packetsReceived > 50 && s.totalAudioEnergy > 0,
      'audio in the browser',
    );
    expect(inbound.audioLevel).toBeGreaterThan(0.05);
    expect(inbound.packetsLost).toBe(0);
  }

  it('plane offers, browser answers: audio both ways through a bridge to plain RTP', async () => {
    const s = await plane.createSession();
    const carrierLeg = await plane.addLeg(s, carrierOffer(carrier.port), { legId: 'carrier' });
    const offer = await plane.offerLeg(s, { legId: 'agent', transport: SAVPF });
    expect(offer.transport).toBe(SAVPF);
    const sdp = offer.rawSdp ?? '';
    // Complete SDP for an INVITE: our one host candidate (in the plane's port range) is also
    // the default candidate in m=/c=, G.711 + telephone-event/8000 only, rtcp-mux, no trickle.
    expect(sdp).toContain(`m=audio ${offer.localPort} UDP/TLS/RTP/SAVPF 0 8 101\r\n`);
    expect(sdp).toContain(`c=IN IP4 127.0.0.1\r\n`);
    expect(sdp).toMatch(
      new RegExp(`^a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 ${offer.localPort} typ host`, 'm'),
    );
    expect(offer.localPort).toBeGreaterThanOrEqual(base);
    expect(offer.localPort).toBeLessThanOrEqual(base + 100);
    expect(sdp).toContain('a=rtpmap:101 telephone-event/8000');
    expect(sdp).toContain('a=rtcp-mux');
    expect(sdp).not.toContain('ice-options:trickle');

    const answer = await browser.answer(sdp);
    await plane.updateLeg(s, 'agent', webrtc(answer));
    await plane.bridge(s, 'carrier', 'agent');
    carrierTalks(carrierLeg.localPort);
    await poll(
      () => browser.state(),
      (st) => st === 'connected',
      'browser connected',
    );
    await expectTwoWayAudio();
  }, 20_000);

  it('browser offers, plane answers with telephone-event/8000; DTMF from the browser reaches onDtmf', async () => {
    const s = await plane.createSession();
    const carrierLeg = await plane.addLeg(s, carrierOffer(carrier.port), { legId: 'carrier' });
    const offer = await browser.offer();
    // Chromium offers telephone-event at 48000 and 8000 Hz: the answer must keep only 8000.
    const te8k = /^a=rtpmap:(\d+) telephone-event\/8000/m.exec(offer)?.[1];
    expect(offer).toMatch(/telephone-event\/48000/);
    const answer = await plane.addLeg(s, webrtc(offer), { legId: 'agent' });
    const sdp = answer.rawSdp ?? '';
    expect(answer.transport).toBe(SAVPF);
    expect(sdp).toContain(`a=rtpmap:${te8k} telephone-event/8000`);
    expect(sdp).not.toMatch(/telephone-event\/48000|opus/i);
    expect(answer.telephoneEvent?.payloadType).toBe(Number(te8k));
    expect(['PCMU', 'PCMA']).toContain(answer.codec.encoding);

    await browser.accept(sdp);
    await plane.bridge(s, 'carrier', 'agent');
    carrierTalks(carrierLeg.localPort);
    await poll(
      () => browser.state(),
      (st) => st === 'connected',
      'browser connected',
    );
    await expectTwoWayAudio();

    await browser.dtmf('19#');
    await until(() => dtmf.length >= 3, 5000, 'DTMF from the browser');
    expect(dtmf).toEqual(['agent:1:rfc4733', 'agent:9:rfc4733', 'agent:#:rfc4733']);
    // …and the events went on across the bridge to the carrier (RFC 4733, its PT 101).
    await until(() => carrier.received.some((p) => p.payloadType === 101), 2000, 'events at carrier');
  }, 20_000);

  it('bad SDP is a MediaPlaneError and leaks no port or socket', async () => {
    const s = await plane.createSession();
    const sockets = activeUdpSockets();
    await expect(plane.addLeg(s, webrtc('garbage'), { legId: 'x' })).rejects.toBeInstanceOf(MediaPlaneError);
    const noAudio = (await browser.offer()).replace(/m=audio/g, 'm=video');
    await expect(plane.addLeg(s, webrtc(noAudio))).rejects.toMatchObject({ code: 'unsupported-transport' });
    const opusOnly = (await browser.offer()).replace(/^(m=audio \d+ \S+) .*$/m, '$1 111');
    await expect(plane.addLeg(s, webrtc(opusOnly))).rejects.toMatchObject({ code: 'no-common-codec' });
    await plane.offerLeg(s, { legId: 'agent', transport: SAVPF });
    await expect(plane.updateLeg(s, 'agent', webrtc('v=0\r\n'))).rejects.toBeInstanceOf(MediaPlaneError);
    expect(plane.ports.allocated).toBe(1);
    await plane.destroySession(s);
    expect(plane.ports.allocated).toBe(0);
    await until(() => activeUdpSockets() <= sockets, 2000, 'sockets closed');
  });
});
