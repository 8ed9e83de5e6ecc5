// What the SIP layer gets for a WebRTC leg: the werift-written SDP (`rawSdp`, sent as is) plus the
// same facts as parsed fields, so call control can reason about codec and DTMF like for RTP legs.
import type { LocalMediaDescription } from './media-plane.js';
import { G711_STATIC_PT } from './g711.js';
import { ANSWER_DIRECTION } from './rtp-negotiation.js';
import type { WebRtcLeg } from './webrtc-leg.js';
import { OFFERED_TELEPHONE_EVENT_PT } from './webrtc-peer.js';

export function describeWebRtcLeg(
  legId: string,
  leg: WebRtcLeg,
  localAddress: string,
): LocalMediaDescription {
  const offering = leg.state === 'offered';
  const codecs = (offering ? leg.offeredCodecs : [leg.law]).map((encoding) => ({
    payloadType: encoding === leg.law ? leg.payloadType : G711_STATIC_PT[encoding],
    encoding,
    clockRate: 8000 as const,
  }));
  const local: LocalMediaDescription = {
    legId,
    localAddress,
    localPort: leg.localPort,
    codec: codecs[0] as LocalMediaDescription['codec'],
    ptimeMs: 20,
    transport: 'UDP/TLS/RTP/SAVPF',
    direction: offering ? 'sendrecv' : ANSWER_DIRECTION[leg.remoteDirection],
    rawSdp: leg.localSdp,
  };
  if (offering) {
    local.offeredCodecs = codecs;
    local.telephoneEvent = { payloadType: OFFERED_TELEPHONE_EVENT_PT, clockRate: 8000 };
  } else if (leg.telephoneEventPt !== undefined) {
    local.telephoneEvent = { payloadType: leg.telephoneEventPt, clockRate: 8000 };
  }
  return local;
}
