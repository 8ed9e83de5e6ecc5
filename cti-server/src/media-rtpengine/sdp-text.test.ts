import { describe, expect, it } from 'vitest';
import { MediaPlaneError } from '../rtp/media-plane.js';
import { parseDtmfLog } from './dtmf-log-listener.js';
import { agreedPayloadTypes, describeLocal, placeholderCodecs } from './local-description.js';
import { NgCommandError } from './ng-client.js';
import { toMediaPlaneError } from './ng-flags.js';
import {
  answerDirection,
  parkSdp,
  parseSdpAudio,
  renderRemoteSdp,
  restrictPayloadTypes,
} from './sdp-text.js';

const CHROME_LIKE = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110 126',
  'c=IN IP4 192.0.2.2',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10',
  'a=rtcp-fb:111 transport-cc',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendonly',
  'a=ptime:20',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('rtpengine SDP handling', () => {
  it('reads the first audio section: media-level address, rtpmaps, direction, ptime', () => {
    const audio = parseSdpAudio(CHROME_LIKE);
    expect(audio).toMatchObject({ address: '192.0.2.2', port: 9, protocol: 'UDP/TLS/RTP/SAVPF' });
    expect(audio?.direction).toBe('sendonly');
    expect(audio?.ptimeMs).toBe(20);
    expect(audio?.payloadTypes.map((p) => p.payloadType)).toEqual([111, 0, 8, 110, 126]);
    expect(audio?.payloadTypes[0]).toMatchObject({ encoding: 'opus', clockRate: 48000, channels: 2 });
    expect(parseSdpAudio('v=0\r\nm=video 9 RTP/AVP 96\r\n')).toBeNull();
  });

  it('agrees on the first G.711 codec and telephone-event/8000 (never /48000)', () => {
    expect(agreedPayloadTypes(CHROME_LIKE)).toEqual([0, 126]);
    expect(placeholderCodecs(CHROME_LIKE, 'PCMA')).toEqual([
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 126, encoding: 'telephone-event', clockRate: 8000 },
    ]);
    expect(placeholderCodecs(undefined, 'PCMA').map((c) => c.payloadType)).toEqual([8, 0, 101]);
  });

  it('trims an audio section to the agreed payload types and their attributes only', () => {
    const trimmed = restrictPayloadTypes(CHROME_LIKE, [0, 126]);
    expect(trimmed).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 0 126\r\n');
    expect(trimmed).not.toMatch(/opus|transport-cc|telephone-event\/48000|a=rtpmap:8 /);
    expect(trimmed).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000');
  });

  it('writes a parsable placeholder and renders a parsed remote description', () => {
    const park = parseSdpAudio(parkSdp('10.0.0.1', placeholderCodecs(undefined, 'PCMU'), 3));
    expect(park).toMatchObject({ address: '10.0.0.1', port: 9, direction: 'sendrecv' });
    const rendered = renderRemoteSdp(
      {
        remoteAddress: '127.0.0.1',
        remotePort: 4000,
        payloadTypes: [{ payloadType: 8, encoding: 'PCMA', clockRate: 8000 }, { payloadType: 0 }],
        direction: 'recvonly',
      },
      1,
    );
    expect(parseSdpAudio(rendered)).toMatchObject({
      address: '127.0.0.1',
      port: 4000,
      direction: 'recvonly',
    });
    expect(describeLocal('leg', rendered, 'RTP/AVP')).toMatchObject({
      legId: 'leg',
      localPort: 4000,
      codec: { payloadType: 8, encoding: 'PCMA' },
      ptimeMs: 20,
      rawSdp: rendered,
    });
  });

  it('maps ng failures to the error codes the SIP layer turns into 488', () => {
    const code = (reason: string) => toMediaPlaneError(new NgCommandError('offer', reason)).code;
    expect(code('Failed to parse SDP')).toBe('bad-address');
    expect(code('No usable codec')).toBe('no-common-codec');
    expect(code('Unknown call-ID')).toBe('no-session');
    // What rtpengine (10.5, Debian 12) answers an offer when --port-min/--port-max are used up (seen live).
    expect(code('Ran out of ports')).toBe('no-ports');
    expect(toMediaPlaneError(new MediaPlaneError('no-ports', 'x')).code).toBe('no-ports');
  });

  it('parses rtpengine DTMF log datagrams and ignores anything else', () => {
    const log = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(parseDtmfLog(log({ callid: 'c', source_tag: 'a1', event: 11, duration: 80 }))).toEqual({
      callId: 'c',
      sourceTag: 'a1',
      digit: '#',
    });
    expect(parseDtmfLog(log({ callid: 'c', source_tag: 'a1', event: 40 }))).toBeNull();
    expect(parseDtmfLog(Buffer.from('not json'))).toBeNull();
  });

  it('gives an answer the direction RFC 3264 §6.1 requires for the offer', () => {
    const answer = parkSdp('10.0.0.1', placeholderCodecs(undefined, 'PCMU'), 1);
    const offer = (dir: string) => `v=0\r\nm=audio 4000 RTP/AVP 0\r\na=${dir}\r\n`;
    expect(parseSdpAudio(answerDirection(answer, offer('sendonly')))?.direction).toBe('recvonly');
    expect(parseSdpAudio(answerDirection(answer, offer('inactive')))?.direction).toBe('inactive');
    const held = answerDirection(CHROME_LIKE, offer('recvonly'));
    expect(parseSdpAudio(held)?.direction).toBe('sendonly');
    expect(held.match(/a=(sendrecv|sendonly|recvonly|inactive)/g)).toEqual(['a=sendonly']);
    expect(held).toContain('a=sendonly\r\nm=video');
  });
});
