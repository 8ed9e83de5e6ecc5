import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedMediaPlane } from '../rtp/embedded-media-plane.js';
import { CallMedia } from './call-media.js';
import { UnacceptableSdpError } from './sdp-media.js';

const offer = (m: string, c = 'c=IN IP4 127.0.0.1', extra = '') =>
  ['v=0', 'o=carrier 1 1 IN IP4 127.0.0.1', 's=-', c, 't=0 0', m, extra].filter(Boolean).join('\r\n') +
  '\r\n';

const GOOD = offer('m=audio 40000 RTP/AVP 8 101', undefined, 'a=rtpmap:101 telephone-event/8000');

/** Real plane, real sockets: what a carrier's SDP turns into, and that nothing leaks. */
describe('CallMedia on the embedded plane', () => {
  const plane = new EmbeddedMediaPlane({ bindAddress: '127.0.0.1', portRange: { min: 41000, max: 41100 } });
  afterAll(() => plane.close());

  it('answers a G.711 offer with the plane address, the chosen codec and telephone-event', async () => {
    const media = await CallMedia.open(plane, 'call-answer');
    const answer = await media.answerOffer('caller', GOOD, 'caller');
    expect(answer).toMatch(/^m=audio 410\d\d RTP\/AVP 8 101\r$/m);
    expect(answer).toContain('c=IN IP4 127.0.0.1');
    expect(answer).toContain('a=rtpmap:8 PCMA/8000');
    expect(answer).toContain('a=fmtp:101 0-16');
    expect(answer).toContain('a=sendrecv');
    await media.close();
  });

  it.each([
    ['no audio stream', offer('m=video 40000 RTP/AVP 96')],
    ['only codecs kefu lacks', offer('m=audio 40000 RTP/AVP 18 9', undefined, 'a=rtpmap:18 G729/8000')],
    ['a host name for an address', offer('m=audio 40000 RTP/AVP 0', 'c=IN IP4 carrier.example.com')],
    ['an unknown transport', offer('m=audio 40000 RTP/SAVP 0')],
    ['garbage', 'this is not SDP'],
  ])('refuses an offer with %s as unacceptable (→ 488)', async (_what, sdp) => {
    const media = await CallMedia.open(plane, `call-bad-${_what}`);
    await expect(media.answerOffer('caller', sdp, 'caller')).rejects.toBeInstanceOf(UnacceptableSdpError);
    await media.close();
  });

  it('answers a hold re-offer recvonly with a higher o= version, and resume sendrecv', async () => {
    const media = await CallMedia.open(plane, 'call-hold');
    const first = await media.answerOffer('caller', GOOD, 'caller');
    const held = await media.answerReoffer(
      'caller',
      GOOD.replace('\r\nm=audio', '\r\na=sendonly\r\nm=audio'),
    );
    expect(held.remoteDirection).toBe('sendonly');
    expect(held.sdp).toContain('a=recvonly');
    const version = (sdp: string) => Number(/^o=\S+ \S+ (\d+)/m.exec(sdp)?.[1]);
    expect(version(held.sdp)).toBe(version(first) + 1);
    const resumed = await media.answerReoffer('caller', GOOD);
    expect(resumed.sdp).toContain('a=sendrecv');
    await media.close();
  });

  it('releases every RTP port over 10,000 calls, good and bad offers alike', async () => {
    for (let i = 0; i < 10_000; i++) {
      const media = await CallMedia.open(plane, `call-${i}`);
      await media
        .answerOffer('caller', i % 2 ? GOOD : offer('m=audio 1 RTP/AVP 18'), 'caller')
        .catch(() => {});
      if (i % 3 === 0) await media.makeOffer('agent-1', 'RTP/AVP', 'agent');
      await media.close();
    }
    expect(plane.sessionCount).toBe(0);
    expect(plane.ports.allocated).toBe(0);
  }, 60_000);
});
