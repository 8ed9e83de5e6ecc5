// SDP text fixes around werift for WebRTC legs. werift matches remote codecs by name only, so a
// browser offering telephone-event at both 48000 and 8000 Hz got the 48 kHz one in the answer;
// and werift's own descriptions carry the placeholder `m=audio 9` / `c=IN IP4 0.0.0.0` and a
// trickle option although this engine never trickles (all candidates travel in the one SDP).
import type { MediaDirection } from './media-plane.js';

/** The codecs a WebRTC leg may use: G.711 and RFC 4733 events at 8 kHz. */
const ACCEPTED = new Set(['PCMU/8000', 'PCMA/8000', 'TELEPHONE-EVENT/8000']);
/** Static payload types that may come without an rtpmap (RFC 3551 §6). */
const STATIC: Readonly<Record<string, string>> = { '0': 'PCMU/8000', '8': 'PCMA/8000' };
const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

interface Sections {
  session: string[];
  media: string[][];
}

function split(sdp: string): Sections {
  const lines = sdp.split(/\r?\n/).filter((l) => l !== '');
  const session: string[] = [];
  const media: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push([line]);
    else (media.at(-1) ?? session).push(line);
  }
  return { session, media };
}

// RFC 4566 §5: lines end with CRLF.
function join({ session, media }: Sections): string {
  return [...session, ...media.flat()].join('\r\n') + '\r\n';
}

const isAudio = (section: readonly string[]) => section[0]?.startsWith('m=audio ') ?? false;

/** "PT ENCODING/RATE" of every format of an audio section, upper-cased, channels dropped. */
function formatsOf(section: readonly string[]): Map<string, string> {
  const formats = new Map<string, string>();
  for (const pt of (section[0] ?? '').split(' ').slice(3)) formats.set(pt, STATIC[pt] ?? '');
  for (const line of section) {
    const m = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/.exec(line);
    if (m && formats.has(m[1] as string)) formats.set(m[1] as string, `${m[2]}/${m[3]}`.toUpperCase());
  }
  return formats;
}

/**
 * Keeps only PCMU/8000, PCMA/8000 and telephone-event/8000 in every audio section (m= format list,
 * rtpmap, fmtp, rtcp-fb), so werift can only pick those and takes the 8 kHz telephone-event
 * (RFC 4733 §7.1.1: the event clock is the audio codec's, https://www.rfc-editor.org/rfc/rfc4733#section-7.1.1).
 */
export function restrictToG711(sdp: string): string {
  const sections = split(sdp);
  sections.media = sections.media.map((section) => {
    if (!isAudio(section)) return section;
    const formats = formatsOf(section);
    const keep = new Set([...formats].filter(([, codec]) => ACCEPTED.has(codec)).map(([pt]) => pt));
    const [m = '', ...attributes] = section;
    const head = m.split(' ').slice(0, 3);
    return [
      [
        ...head,
        ...(section[0] ?? '')
          .split(' ')
          .slice(3)
          .filter((pt) => keep.has(pt)),
      ].join(' '),
      ...attributes.filter((line) => {
        const ref = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+|\*)[ ]/.exec(line);
        return !ref || ref[1] === '*' || keep.has(ref[1] as string);
      }),
    ];
  });
  return join(sections);
}

/** Audio codecs left after `restrictToG711`, by encoding name. */
export function audioCodecNames(sdp: string): string[] {
  const audio = split(sdp).media.find(isAudio);
  return audio ? [...formatsOf(audio).values()].map((c) => c.split('/')[0] as string) : [];
}

/**
 * Puts the first host candidate in the m= port and c= address as the default candidate
 * (RFC 8839 §4.2.1.1, https://www.rfc-editor.org/rfc/rfc8839#section-4.2.1.1) so SIP elements
 * that read only m=/c= see a real address, and drops `a=ice-options:trickle`: every candidate is
 * already in this SDP and there is no channel for trickled ones (RFC 8840 §4.1).
 */
export function withDefaultCandidate(sdp: string): string {
  const sections = split(sdp);
  sections.session = sections.session.filter((l) => l !== 'a=ice-options:trickle');
  sections.media = sections.media.map((section) => {
    const candidate = section
      .map((l) => /^a=candidate:\S+ 1 udp \d+ (\d+\.\d+\.\d+\.\d+) (\d+) typ host/i.exec(l))
      .find((m) => m !== null);
    const kept = section.filter((l) => l !== 'a=ice-options:trickle');
    if (!candidate) return kept;
    const [, address, port] = candidate;
    return kept.map((line, i) => {
      if (i === 0) return line.replace(/^(m=\S+ )\d+/, `$1${port}`);
      if (line.startsWith('c=IN IP4 ')) return `c=IN IP4 ${address}`;
      if (line.startsWith('a=rtcp:')) return `a=rtcp:${port} IN IP4 ${address}`;
      return line;
    });
  });
  return join(sections);
}

export interface WebRtcAudioCheck {
  ok: boolean;
  /** Why the SDP cannot set up a WebRTC audio leg. */
  reason?: string;
  direction: MediaDirection;
}

/**
 * Whether the SDP can set up an ICE + DTLS-SRTP audio leg: an audio section on
 * UDP/TLS/RTP/SAVPF (RFC 8827 §6.5), ICE credentials (RFC 8839 §5.4) and a DTLS fingerprint
 * (RFC 8122 §5), at session or media level. Also reports the audio direction (RFC 3264 §6.1).
 */
export function checkWebRtcAudio(sdp: string): WebRtcAudioCheck {
  const { session, media } = split(sdp);
  const audio = media.find((s) => isAudio(s) && !/^m=audio 0 /.test(s[0] ?? ''));
  const has = (prefix: string) => [...session, ...(audio ?? [])].some((l) => l.startsWith(prefix));
  const directionLine = [...(audio ?? []), ...session].find((l) => DIRECTIONS.has(l.slice(2)));
  const direction = (directionLine?.slice(2) ?? 'sendrecv') as MediaDirection;
  const fail = (reason: string) => ({ ok: false, reason, direction });
  if (!session[0]?.startsWith('v=0')) return fail('not an SDP description');
  if (!audio) return fail('no audio stream');
  if ((audio[0] ?? '').split(' ')[2] !== 'UDP/TLS/RTP/SAVPF') return fail('audio is not UDP/TLS/RTP/SAVPF');
  if (!has('a=ice-ufrag:') || !has('a=ice-pwd:')) return fail('no ICE credentials');
  if (!has('a=fingerprint:')) return fail('no DTLS fingerprint');
  return { ok: true, direction };
}
