import { describe, expect, it } from 'vitest';
import { audioCodecNames, checkWebRtcAudio, restrictToG711, withDefaultCandidate } from './webrtc-sdp.js';

// An offer as Chromium 13x writes it (fake mic; trimmed ids).
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 3463937102662090047 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS s1',
  'm=audio 48725 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 192.0.2.2',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:2448820883 1 udp 2122194687 192.0.2.2 48725 typ host generation 0 network-id 1',
  'a=ice-ufrag:I11f',
  'a=ice-pwd:MK9DHMEHZ7KFUeGSF/OiKkf7',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 8D:46:6F:ED:DA:04:EF:BB:EA:1C:7D:F9:34:3E:BE:2B:17:CB:9D:5F:5D:81:1C:F4:3F:92:91:EA:85:37:0B:D1',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:3578703640 cname:KtUElE1QagDEgf/V',
  '',
].join('\r\n');

// werift's offer before the fix-up: placeholder port and address, trickle option.
const WERIFT_OFFER = [
  'v=0',
  'o=- 12634377 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0 8 101',
  'c=IN IP4 0.0.0.0',
  'a=candidate:626da4e5 1 udp 2116026367 10.1.2.3 21000 typ host generation 0 ufrag 05eb',
  'a=end-of-candidates',
  'a=ice-ufrag:05eb',
  'a=ice-pwd:76bc7af62ec79b6a44e3a6',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 9D:D3',
  'a=setup:actpass',
  'a=sendrecv',
  'a=mid:0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=rtcp-mux',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  '',
].join('\r\n');

describe('restrictToG711', () => {
  it('keeps PCMU, PCMA and telephone-event/8000 only, with their attribute lines', () => {
    const sdp = restrictToG711(CHROMIUM_OFFER);
    expect(sdp).toContain('m=audio 48725 UDP/TLS/RTP/SAVPF 0 8 126\r\n');
    expect(sdp).toContain('a=rtpmap:126 telephone-event/8000\r\n');
    expect(sdp).not.toMatch(/telephone-event\/48000|opus|red\/|G722|CN\/|a=fmtp:111|a=rtcp-fb:111|a=fmtp:63/);
    // Everything else stays: ICE, DTLS, ssrc, extmap.
    for (const line of [
      'a=ice-ufrag:I11f',
      'a=setup:actpass',
      'a=ssrc:3578703640 cname:KtUElE1QagDEgf/V',
      'a=extmap:1',
    ])
      expect(sdp).toContain(line);
    expect(sdp.endsWith('\r\n')).toBe(true);
    expect(sdp).not.toMatch(/[^\r]\n/);
    expect(audioCodecNames(sdp)).toEqual(['PCMU', 'PCMA', 'TELEPHONE-EVENT']);
  });

  it('knows the static payload types without rtpmap and leaves other media alone', () => {
    const sdp = restrictToG711(
      'v=0\nm=audio 5000 UDP/TLS/RTP/SAVPF 18 8 0\na=rtpmap:18 G729/8000\nm=video 5002 UDP/TLS/RTP/SAVPF 96\na=rtpmap:96 VP8/90000\n',
    );
    expect(sdp).toBe(
      'v=0\r\nm=audio 5000 UDP/TLS/RTP/SAVPF 8 0\r\nm=video 5002 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n',
    );
  });

  it('leaves no G.711 when none was offered', () => {
    const opusOnly = CHROMIUM_OFFER.replace(/^(m=audio \d+ \S+) .*$/m, '$1 111 110');
    expect(audioCodecNames(restrictToG711(opusOnly))).toEqual([]);
  });
});

describe('withDefaultCandidate', () => {
  it('puts the host candidate into m=, c= and a=rtcp and drops the trickle option', () => {
    const sdp = withDefaultCandidate(WERIFT_OFFER);
    expect(sdp).toContain('m=audio 21000 UDP/TLS/RTP/SAVPF 0 8 101\r\nc=IN IP4 10.1.2.3\r\n');
    expect(sdp).toContain('a=rtcp:21000 IN IP4 10.1.2.3\r\n');
    expect(sdp).not.toContain('ice-options');
    expect(sdp).toContain('a=end-of-candidates');
    expect(sdp.split('\r\n')).toHaveLength(WERIFT_OFFER.split('\r\n').length - 1);
  });

  it('without a candidate only drops the trickle option', () => {
    const noCandidate = WERIFT_OFFER.replace(/^a=candidate:.*\r\n/m, '');
    expect(withDefaultCandidate(noCandidate)).toBe(noCandidate.replace('a=ice-options:trickle\r\n', ''));
  });
});

describe('checkWebRtcAudio', () => {
  it('accepts a browser offer and reads its direction', () => {
    expect(checkWebRtcAudio(CHROMIUM_OFFER)).toEqual({ ok: true, direction: 'sendrecv' });
    expect(checkWebRtcAudio(CHROMIUM_OFFER.replace('a=sendrecv', 'a=sendonly')).direction).toBe('sendonly');
  });

  it.each([
    ['garbage', 'hello', 'not an SDP description'],
    ['no audio', CHROMIUM_OFFER.replace('m=audio', 'm=video'), 'no audio stream'],
    ['rejected audio', CHROMIUM_OFFER.replace('m=audio 48725', 'm=audio 0'), 'no audio stream'],
    ['plain RTP', CHROMIUM_OFFER.replace('UDP/TLS/RTP/SAVPF', 'RTP/AVP'), 'audio is not UDP/TLS/RTP/SAVPF'],
    ['no ICE', CHROMIUM_OFFER.replace(/^a=ice-pwd:.*\r\n/m, ''), 'no ICE credentials'],
    ['no DTLS', CHROMIUM_OFFER.replace(/^a=fingerprint:.*\r\n/m, ''), 'no DTLS fingerprint'],
  ])('rejects %s', (_name, sdp, reason) => {
    expect(checkWebRtcAudio(sdp)).toMatchObject({ ok: false, reason });
  });
});
