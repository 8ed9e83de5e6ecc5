import { isIP } from 'node:net';
import type {
  LocalMediaDescription,
  MediaTransport,
  OfferedPayloadType,
  RemoteMediaDescription,
} from '../rtp/media-plane.js';
import {
  getConnectionAddress,
  getDirection,
  getFmtp,
  getPtime,
  getRtpMaps,
  parseSdp,
  type MediaDescription,
  type SessionDescription,
} from '../sip/index.js';

/** The SDP cannot be used for this call (→ 488 Not Acceptable Here, RFC 3261 §21.4.26). */
export class UnacceptableSdpError extends Error {
  override name = 'UnacceptableSdpError';
}

const TRANSPORTS: Readonly<Record<string, MediaTransport>> = {
  'RTP/AVP': 'RTP/AVP',
  'UDP/TLS/RTP/SAVPF': 'UDP/TLS/RTP/SAVPF',
};

/** A peer's SDP (offer or answer) as the media plane wants it: the first live audio stream. */
export function remoteFromSdp(text: string): RemoteMediaDescription {
  let sdp: SessionDescription;
  try {
    sdp = parseSdp(text);
  } catch (err) {
    throw new UnacceptableSdpError(`malformed SDP: ${(err as Error).message}`);
  }
  const audio = sdp.media.find((m) => m.media === 'audio' && m.port > 0);
  if (!audio) throw new UnacceptableSdpError('SDP offers no audio stream');
  const transport = TRANSPORTS[audio.protocol];
  if (!transport) throw new UnacceptableSdpError(`unsupported media transport ${audio.protocol}`);
  const address = getConnectionAddress(sdp, audio);
  if (!address) throw new UnacceptableSdpError('SDP has no connection address');
  const remote: RemoteMediaDescription = {
    remoteAddress: address,
    remotePort: audio.port,
    payloadTypes: payloadTypes(audio),
    transport,
    direction: getDirection(sdp, audio),
    rawSdp: text,
  };
  const ptime = getPtime(audio);
  if (ptime !== undefined) remote.ptimeMs = ptime;
  return remote;
}

function payloadTypes(media: MediaDescription): OfferedPayloadType[] {
  const maps = new Map(getRtpMaps(media).map((m) => [m.payloadType, m]));
  const list: OfferedPayloadType[] = [];
  for (const format of media.formats) {
    const payloadType = Number(format);
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) continue;
    const map = maps.get(payloadType);
    const pt: OfferedPayloadType = { payloadType };
    if (map) {
      pt.encoding = map.encoding;
      pt.clockRate = map.clockRate;
      if (map.channels !== undefined) pt.channels = map.channels;
    }
    const fmtp = getFmtp(media, payloadType);
    if (fmtp !== undefined) pt.fmtp = fmtp;
    list.push(pt);
  }
  return list;
}

/**
 * Our SDP for one leg. Engines that write their own (WebRTC legs carry ICE and DTLS attributes)
 * hand back `rawSdp`; plain RTP legs are rendered here. `version` is the o= line's
 * sess-version, which must grow with every new description on the leg (RFC 3264 §8).
 */
export function renderLocalSdp(
  local: LocalMediaDescription,
  origin: { id: string; version: number },
): string {
  if (local.rawSdp) return withOriginVersion(local.rawSdp, origin.version);
  const codecs = local.offeredCodecs ?? [local.codec];
  const formats = codecs.map((c) => c.payloadType);
  if (local.telephoneEvent) formats.push(local.telephoneEvent.payloadType);
  // RFC 4566 §5.7: the address type follows the address (a carrier on IPv6 gets IN IP6).
  const addrType = isIP(local.localAddress) === 6 ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=kefu ${origin.id} ${origin.version} IN ${addrType} ${local.localAddress}`,
    's=kefu',
    `c=IN ${addrType} ${local.localAddress}`,
    't=0 0',
    `m=audio ${local.localPort} ${local.transport} ${formats.join(' ')}`,
    ...codecs.map((c) => `a=rtpmap:${c.payloadType} ${c.encoding}/${c.clockRate}`),
  ];
  if (local.telephoneEvent) {
    const te = local.telephoneEvent.payloadType;
    lines.push(`a=rtpmap:${te} telephone-event/8000`, `a=fmtp:${te} 0-16`);
  }
  lines.push(`a=ptime:${local.ptimeMs}`, `a=${local.direction}`);
  return lines.join('\r\n') + '\r\n';
}

/** Replaces the o= sess-version of an engine-written SDP (RFC 4566 §5.2). */
function withOriginVersion(sdp: string, version: number): string {
  return sdp.replace(/^(o=\S+ \S+ )\d+/m, `$1${version}`);
}

/** The same SDP with its audio direction replaced (answering a hold re-offer, RFC 3264 §8.4). */
export function withDirection(sdp: string, direction: string): string {
  const lines = sdp
    .split(/\r?\n/)
    .filter((l) => l !== '' && !/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l));
  const mIndex = lines.findIndex((l) => l.startsWith('m=audio'));
  if (mIndex < 0) return sdp;
  // Attributes close a media section (RFC 4566 §5 order): append at the end of the audio one.
  const next = lines.findIndex((l, i) => i > mIndex && l.startsWith('m='));
  lines.splice(next < 0 ? lines.length : next, 0, `a=${direction}`);
  return lines.join('\r\n') + '\r\n';
}
