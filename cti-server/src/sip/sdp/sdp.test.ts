import { describe, expect, it } from 'vitest';
import { SdpParseError, parseSdp } from './sdp-parser.js';
import { serializeSdp } from './sdp-serializer.js';
import {
  bumpSessionVersion,
  getConnectionAddress,
  getDirection,
  getFmtp,
  getPtime,
  getRtpMaps,
  setConnectionAddress,
  setDirection,
} from './sdp-helpers.js';

const OFFER = [
  'v=0',
  'o=- 1234 1 IN IP4 192.0.2.10',
  's=call',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'a=ice-ufrag:F7gI',
  'a=fingerprint:sha-256 4A:AD:B9',
  'm=audio 49170 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendonly',
  'a=candidate:1 1 UDP 2130706431 192.0.2.10 49170 typ host',
  'm=video 0 RTP/AVP 96',
  'c=IN IP6 2001:db8::2',
  'b=AS:512',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('SDP (RFC 4566)', () => {
  it('parses typed fields and keeps ICE/DTLS attributes', () => {
    const sdp = parseSdp(OFFER);
    expect(sdp.origin).toMatchObject({ sessionId: '1234', addrType: 'IP4', address: '192.0.2.10' });
    const [audio, video] = sdp.media;
    expect(audio?.formats).toEqual(['0', '8', '101']);
    expect(getRtpMaps(audio!)).toEqual([
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
      { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
    ]);
    expect(getFmtp(audio!, 101)).toBe('0-16');
    expect(getPtime(audio!)).toBe(20);
    expect(getDirection(sdp, audio!)).toBe('sendonly');
    expect(getDirection(sdp, video!)).toBe('sendrecv');
    expect(getConnectionAddress(sdp, video)).toBe('2001:db8::2');
    expect(sdp.attributes.map((a) => a.name)).toEqual(['ice-ufrag', 'fingerprint']);
  });

  it('round-trips byte for byte', () => {
    expect(serializeSdp(parseSdp(OFFER))).toBe(OFFER);
  });

  it('sets direction, connection address and bumps the version', () => {
    const sdp = parseSdp(OFFER);
    setDirection(sdp, 'inactive');
    setConnectionAddress(sdp, '2001:db8::9');
    bumpSessionVersion(sdp);
    const text = serializeSdp(sdp);
    expect(text).toContain('c=IN IP6 2001:db8::9\r\nt=0 0');
    expect(text).not.toContain('a=sendonly');
    expect(parseSdp(text).media.every((m) => getDirection(sdp, m) === 'inactive')).toBe(true);
    expect(sdp.origin.sessionVersion).toBe('2');
  });

  it('rejects SDP without v=/o=/s= or with broken lines', () => {
    expect(() => parseSdp('o=- 1 1 IN IP4 1.2.3.4\r\ns=x\r\n')).toThrow(SdpParseError);
    expect(() => parseSdp('v=0\r\ns=x\r\n')).toThrow(SdpParseError);
    expect(() => parseSdp('v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=x\r\nm=audio x RTP/AVP 0\r\n')).toThrow(
      SdpParseError,
    );
    expect(() => parseSdp('garbage')).toThrow(SdpParseError);
  });
});
