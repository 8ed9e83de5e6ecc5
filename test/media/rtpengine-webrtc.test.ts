// Headless Chromium (fake microphone) ↔ rtpengine (ICE + DTLS-SRTP) ↔ plain RTP/AVP G.711 peer,
// driven through RtpengineMediaPlane: the server offers to the browser agent, audio both ways.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from '@kefu/cti-server/rtp/g711';
import type { RtpengineMediaPlane } from '@kefu/cti-server/media-rtpengine/rtpengine-media-plane';
import { rms, sineWave, UdpPeer, until } from '@kefu/cti-server/rtp/testing/udp-peer';
import { BrowserPhone } from './browser-phone.js';
import { startTestRtpengine, type TestRtpengine } from './rtpengine-daemon.js';

const SAVPF = 'UDP/TLS/RTP/SAVPF';

describe('RtpengineMediaPlane with a WebRTC agent (Chromium)', () => {
  let daemon: TestRtpengine;
  let plane: RtpengineMediaPlane;
  let browser: BrowserPhone;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-rtpengine-webrtc-'));
    daemon = await startTestRtpengine(join(dir, 'spool'));
    plane = daemon.plane;
    browser = await BrowserPhone.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await daemon?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('offers ICE + DTLS-SRTP to the browser and relays audio both ways to plain RTP', async () => {
    const carrier = await UdpPeer.open();
    const frame = new Uint8Array(160);
    encodeG711('PCMU', sineWave(1000, 160), frame);
    let talking: NodeJS.Timeout | undefined;
    try {
      const sessionId = await plane.createSession();
      const callerSide = await plane.addLeg(
        sessionId,
        {
          remoteAddress: '127.0.0.1',
          remotePort: carrier.port,
          payloadTypes: [
            { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
            { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
          ],
        },
        { legId: 'caller', role: 'caller' },
      );
      const offer = await plane.offerLeg(sessionId, { legId: 'agent', role: 'agent', transport: SAVPF });
      const sdp = offer.rawSdp ?? '';
      expect(sdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 101/);
      expect(sdp).toMatch(/a=fingerprint:sha-256 /);
      expect(sdp).toMatch(/a=candidate:/);
      expect(sdp).toContain('a=rtcp-mux');

      const answer = await browser.answer(sdp);
      await plane.updateLeg(sessionId, 'agent', { payloadTypes: [], transport: SAVPF, rawSdp: answer });
      await plane.bridge(sessionId, 'caller', 'agent');
      talking = setInterval(() => carrier.send(callerSide.localPort, { payloadType: 0 }, frame), 20);

      // Browser → carrier: the fake microphone's beeps arrive as PCMU.
      await until(
        () =>
          carrier.received.some((p) => {
            const pcm = new Int16Array(p.payload.length);
            decodeG711('PCMU', p.payload, pcm);
            return p.payloadType === 0 && rms(pcm) > 3000;
          }),
        10_000,
        'browser audio at the carrier',
      );
      // Carrier → browser: decrypted and played (non-zero level).
      const deadline = Date.now() + 8000;
      let inbound = await browser.inbound();
      while (!(inbound.packetsReceived > 25 && inbound.totalAudioEnergy > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        inbound = await browser.inbound();
      }
      expect(inbound.packetsReceived).toBeGreaterThan(25);
      expect(inbound.totalAudioEnergy).toBeGreaterThan(0);
      await plane.destroySession(sessionId);
    } finally {
      clearInterval(talking);
      await browser.hangUp();
      await carrier.close();
    }
  }, 20_000);

  it('answers a browser offer at once, then offers plain RTP to the carrier; browser DTMF reaches onDtmf', async () => {
    const carrier = await UdpPeer.open();
    const digits: string[] = [];
    plane.setDelegate({ onDtmf: (e) => digits.push(`${e.legId}:${e.digit}`) });
    try {
      const sessionId = await plane.createSession();
      const offer = await browser.offer();
      const answer = await plane.addLeg(
        sessionId,
        { payloadTypes: [], transport: SAVPF, rawSdp: offer },
        { legId: 'agent' },
      );
      expect(answer.rawSdp).toMatch(/m=audio \d+ UDP\/TLS\/RTP\/SAVPF /);
      expect(answer.rawSdp).not.toMatch(/opus|telephone-event\/48000/i);
      await browser.accept(answer.rawSdp ?? '');
      const toCarrier = await plane.offerLeg(sessionId, { legId: 'carrier', transport: 'RTP/AVP' });
      expect(toCarrier.rawSdp).toMatch(/m=audio \d+ RTP\/AVP /);
      expect(toCarrier.rawSdp).not.toMatch(/a=candidate|a=fingerprint/);
      await plane.updateLeg(sessionId, 'carrier', {
        remoteAddress: '127.0.0.1',
        remotePort: carrier.port,
        payloadTypes: [
          { payloadType: toCarrier.codec.payloadType, encoding: toCarrier.codec.encoding, clockRate: 8000 },
          {
            payloadType: toCarrier.telephoneEvent?.payloadType ?? 101,
            encoding: 'telephone-event',
            clockRate: 8000,
          },
        ],
      });
      await plane.bridge(sessionId, 'agent', 'carrier');
      await until(
        () => carrier.received.filter((p) => p.payloadType === toCarrier.codec.payloadType).length > 25,
        10_000,
        'browser audio at the carrier',
      );
      await browser.dtmf('7');
      await until(() => digits.length > 0, 5000, 'DTMF from the browser');
      expect(digits).toEqual(['agent:7']);
      await plane.destroySession(sessionId);
    } finally {
      plane.setDelegate({});
      await browser.hangUp();
      await carrier.close();
    }
  }, 20_000);
});
