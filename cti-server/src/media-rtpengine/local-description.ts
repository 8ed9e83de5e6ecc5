// What rtpengine's SDP means for the engine-neutral interface: G.711 + telephone-event/8000 only.
import { MediaPlaneError, type LocalMediaDescription, type MediaTransport } from '../rtp/media-plane.js';
import type { OfferedPayloadType } from '../rtp/media-plane.js';
import { encodingOf, parseSdpAudio, type SdpCodec } from './sdp-text.js';

export function firstG711(pts: readonly OfferedPayloadType[]): OfferedPayloadType | undefined {
  return pts.find((pt) => {
    const encoding = encodingOf(pt);
    return (encoding === 'PCMU' || encoding === 'PCMA') && (pt.clockRate ?? 8000) === 8000;
  });
}

/** telephone-event at 8 kHz only: browsers also offer it at 48 kHz. */
export function telephoneEvent8k(pts: readonly OfferedPayloadType[]): OfferedPayloadType | undefined {
  return pts.find((pt) => pt.encoding?.toLowerCase() === 'telephone-event' && pt.clockRate === 8000);
}

/** The payload types a party agreed on: the first G.711 codec and telephone-event/8000. */
export function agreedPayloadTypes(sdp: string): number[] {
  const pts = parseSdpAudio(sdp)?.payloadTypes ?? [];
  return [firstG711(pts), telephoneEvent8k(pts)].flatMap((pt) => (pt ? [pt.payloadType] : []));
}

/**
 * Codecs a placeholder party presents: in answer to `offer`, its first G.711 codec and
 * telephone-event/8000; as an offer, both G.711 laws (preferred first) and telephone-event/8000.
 */
export function placeholderCodecs(offer: string | undefined, preferred: 'PCMU' | 'PCMA'): SdpCodec[] {
  const offered = offer ? parseSdpAudio(offer)?.payloadTypes : undefined;
  if (offered)
    return [firstG711(offered), telephoneEvent8k(offered)].flatMap((pt) =>
      pt ? [{ payloadType: pt.payloadType, encoding: pt.encoding ?? encodingOf(pt)!, clockRate: 8000 }] : [],
    );
  const laws = preferred === 'PCMU' ? (['PCMU', 'PCMA'] as const) : (['PCMA', 'PCMU'] as const);
  return [
    ...laws.map((encoding) => ({ payloadType: encoding === 'PCMU' ? 0 : 8, encoding, clockRate: 8000 })),
    { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
  ];
}

/** rtpengine's SDP towards a party as the fields the SIP layer reads (it sends `rawSdp` as is). */
export function describeLocal(legId: string, sdp: string, transport: MediaTransport): LocalMediaDescription {
  const audio = parseSdpAudio(sdp);
  if (!audio) throw new MediaPlaneError('bad-state', 'rtpengine returned SDP without audio');
  const codec = firstG711(audio.payloadTypes);
  if (!codec) throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the negotiated SDP');
  const te = telephoneEvent8k(audio.payloadTypes);
  const local: LocalMediaDescription = {
    legId,
    localAddress: audio.address ?? '0.0.0.0',
    localPort: audio.port,
    codec: {
      payloadType: codec.payloadType,
      encoding: encodingOf(codec) as 'PCMU' | 'PCMA',
      clockRate: 8000,
    },
    ptimeMs: audio.ptimeMs ?? 20,
    transport,
    direction: audio.direction,
    rawSdp: sdp,
  };
  if (te) local.telephoneEvent = { payloadType: te.payloadType, clockRate: 8000 };
  return local;
}
