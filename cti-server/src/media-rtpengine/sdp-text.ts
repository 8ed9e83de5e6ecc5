// The little SDP (RFC 8866) text handling this engine needs around rtpengine: read its answers
// and offers into LocalMediaDescription fields, write placeholder ("park") descriptions, and trim
// an offer to the codec already negotiated. Only the first m=audio section is considered.
import type {
  MediaDirection,
  MediaTransport,
  OfferedPayloadType,
  RemoteMediaDescription,
} from '../rtp/media-plane.js';

export interface SdpAudio {
  address: string | undefined;
  port: number;
  protocol: string;
  payloadTypes: OfferedPayloadType[];
  direction: MediaDirection;
  ptimeMs: number | undefined;
}

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

function lines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((l) => l.length > 0);
}

export function parseSdpAudio(sdp: string): SdpAudio | null {
  let sessionAddress: string | undefined;
  let audio: SdpAudio | null = null;
  let inAudio = false;
  const rtpmaps = new Map<number, Omit<OfferedPayloadType, 'payloadType'>>();
  for (const line of lines(sdp)) {
    if (line.startsWith('m=')) {
      if (audio) break; // only the first audio section
      const [media, port, protocol, ...fmts] = line.slice(2).split(' ');
      inAudio = media === 'audio';
      if (inAudio)
        audio = {
          address: sessionAddress,
          port: Number(port),
          protocol: protocol ?? '',
          payloadTypes: fmts.map((f) => ({ payloadType: Number(f) })),
          direction: 'sendrecv',
          ptimeMs: undefined,
        };
      continue;
    }
    if (line.startsWith('c=')) {
      const address = line.split(' ')[2];
      if (audio && inAudio) audio.address = address;
      else if (!audio) sessionAddress = address;
      continue;
    }
    if (!line.startsWith('a=') || (audio && !inAudio)) continue;
    const attr = line.slice(2);
    if (DIRECTIONS.includes(attr as MediaDirection) && audio) audio.direction = attr as MediaDirection;
    const rtpmap = /^rtpmap:(\d+) ([^/]+)\/(\d+)(?:\/(\d+))?/.exec(attr);
    if (rtpmap)
      rtpmaps.set(Number(rtpmap[1]), {
        encoding: rtpmap[2],
        clockRate: Number(rtpmap[3]),
        ...(rtpmap[4] ? { channels: Number(rtpmap[4]) } : {}),
      });
    const ptime = /^ptime:(\d+)/.exec(attr);
    if (ptime && audio) audio.ptimeMs = Number(ptime[1]);
  }
  if (!audio) return null;
  audio.payloadTypes = audio.payloadTypes.map((pt) => ({ ...pt, ...rtpmaps.get(pt.payloadType) }));
  return audio;
}

/** Encoding name, with the static assignments of RFC 3551 §6 for PTs without an rtpmap. */
export function encodingOf(pt: OfferedPayloadType): string | undefined {
  if (pt.encoding) return pt.encoding.toUpperCase();
  return pt.payloadType === 0 ? 'PCMU' : pt.payloadType === 8 ? 'PCMA' : undefined;
}

export interface SdpCodec {
  payloadType: number;
  encoding: string;
  clockRate: number;
}

/** An SDP body for a party that is not there yet (or any more): sendrecv, discard port 9. */
export function parkSdp(address: string, codecs: readonly SdpCodec[], sessionVersion: number): string {
  const fmt = codecs.map((c) => c.payloadType).join(' ');
  return [
    'v=0',
    `o=kefu ${sessionVersion} ${sessionVersion} IN IP4 ${address}`,
    's=kefu',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio 9 RTP/AVP ${fmt}`,
    ...codecs.map((c) => `a=rtpmap:${c.payloadType} ${c.encoding}/${c.clockRate}`),
    ...codecs.filter((c) => c.encoding === 'telephone-event').map((c) => `a=fmtp:${c.payloadType} 0-16`),
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** SDP text for a parsed description (RTP/AVP only; WebRTC descriptions need their raw SDP). */
export function renderRemoteSdp(remote: RemoteMediaDescription, sessionVersion: number): string {
  const address = remote.remoteAddress ?? '0.0.0.0';
  const fmt = remote.payloadTypes.map((p) => p.payloadType).join(' ');
  return [
    'v=0',
    `o=- ${sessionVersion} ${sessionVersion} IN IP4 ${address}`,
    's=-',
    `c=IN IP4 ${address}`,
    't=0 0',
    `m=audio ${remote.remotePort ?? 9} ${remote.transport ?? 'RTP/AVP'} ${fmt}`,
    ...remote.payloadTypes.flatMap((p) => [
      ...(p.encoding
        ? [
            `a=rtpmap:${p.payloadType} ${p.encoding}/${p.clockRate ?? 8000}${p.channels ? `/${p.channels}` : ''}`,
          ]
        : []),
      ...(p.fmtp ? [`a=fmtp:${p.payloadType} ${p.fmtp}`] : []),
    ]),
    ...(remote.ptimeMs ? [`a=ptime:${remote.ptimeMs}`] : []),
    `a=${remote.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

/** The SDP with the first m=audio section trimmed to `keep` payload types (and their attributes). */
export function restrictPayloadTypes(sdp: string, keep: readonly number[]): string {
  const out: string[] = [];
  let inAudio = false;
  for (const line of sdp.split('\r\n')) {
    if (line.startsWith('m=')) {
      const [media, port, protocol, ...fmts] = line.slice(2).split(' ');
      inAudio = media === 'audio';
      if (inAudio) {
        const kept = fmts.filter((f) => keep.includes(Number(f)));
        out.push(`m=${media} ${port} ${protocol} ${kept.join(' ')}`);
        continue;
      }
    }
    const pt = inAudio ? /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line) : null;
    if (pt && !keep.includes(Number(pt[1]))) continue;
    out.push(line);
  }
  return out.join('\r\n');
}

export function transportOf(protocol: string): MediaTransport | undefined {
  return protocol === 'RTP/AVP' || protocol === 'UDP/TLS/RTP/SAVPF' ? protocol : undefined;
}

const MIRROR: Readonly<Record<MediaDirection, MediaDirection>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

/**
 * `answer` with the direction an answer to `offer` must have (RFC 3264 §6.1): sendonly is
 * answered recvonly, recvonly sendonly, inactive inactive; only the first audio section changes.
 */
export function answerDirection(answer: string, offer: string): string {
  const wanted = MIRROR[parseSdpAudio(offer)?.direction ?? 'sendrecv'];
  const lines = answer.split('\r\n');
  const audio = lines.findIndex((l) => l.startsWith('m=audio'));
  if (audio < 0) return answer;
  const next = lines.findIndex((l, i) => i > audio && l.startsWith('m='));
  const end = next < 0 ? (lines.at(-1) === '' ? lines.length - 1 : lines.length) : next;
  const isDirection = (l: string) => DIRECTIONS.includes(l.slice(2) as MediaDirection);
  // A session-level direction would apply to the audio section too: drop it with the section's own.
  const before = lines.slice(0, audio).filter((l) => !isDirection(l));
  const section = lines.slice(audio, end).filter((l) => !isDirection(l));
  return [...before, ...section, `a=${wanted}`, ...lines.slice(end)].join('\r\n');
}
