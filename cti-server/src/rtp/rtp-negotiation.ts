// RTP/AVP offer/answer on parsed descriptions: which G.711 codec and telephone-event payload
// type a plain RTP leg uses, and where it sends (RFC 3264, https://www.rfc-editor.org/rfc/rfc3264).
import { isIP } from 'node:net';
import { unmapIpv4 } from '../net/local-address.js';
import { G711_STATIC_PT, type G711Law } from './g711.js';
import { MediaPlaneError, type MediaDirection, type RemoteMediaDescription } from './media-plane.js';

export interface Negotiated {
  law: G711Law;
  payloadType: number;
  telephoneEventPt: number | undefined;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  direction: MediaDirection;
}

/** The answer's direction mirrors the offer's (RFC 3264 §6.1). */
export const ANSWER_DIRECTION: Readonly<Record<MediaDirection, MediaDirection>> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

/**
 * Picks the first G.711 codec in the remote's order and telephone-event/8000 if offered
 * (only the 8 kHz clock: browsers also offer telephone-event/48000).
 */
export function negotiate(remote: RemoteMediaDescription): Negotiated {
  if (remote.transport !== undefined && remote.transport !== 'RTP/AVP') {
    throw new MediaPlaneError(
      'unsupported-transport',
      `transport ${remote.transport} not supported by this engine`,
    );
  }
  let law: G711Law | undefined;
  let payloadType = 0;
  let telephoneEventPt: number | undefined;
  for (const pt of remote.payloadTypes) {
    const name = pt.encoding?.toUpperCase();
    const rate = pt.clockRate ?? 8000;
    if (!law && rate === 8000 && (pt.channels ?? 1) === 1) {
      const match =
        name === 'PCMU' || (name === undefined && pt.payloadType === G711_STATIC_PT.PCMU)
          ? 'PCMU'
          : name === 'PCMA' || (name === undefined && pt.payloadType === G711_STATIC_PT.PCMA)
            ? 'PCMA'
            : undefined;
      if (match) {
        law = match;
        payloadType = pt.payloadType;
      }
    }
    if (name === 'TELEPHONE-EVENT' && rate === 8000 && telephoneEventPt === undefined) {
      telephoneEventPt = pt.payloadType;
    }
  }
  if (!law) throw new MediaPlaneError('no-common-codec', 'no PCMU or PCMA in the offer');
  let remoteAddress = remote.remoteAddress;
  let remotePort = remote.remotePort;
  if (remoteAddress !== undefined) remoteAddress = unmapIpv4(remoteAddress);
  if (remoteAddress === '0.0.0.0' || remoteAddress === '::' || remoteAddress === undefined) {
    remoteAddress = undefined;
    remotePort = undefined;
  } else if (isIP(remoteAddress) === 0) {
    throw new MediaPlaneError('bad-address', `unsupported remote address ${remoteAddress}`);
  } else if (
    remotePort === undefined ||
    !Number.isInteger(remotePort) ||
    remotePort < 1 ||
    remotePort > 65535
  ) {
    throw new MediaPlaneError('bad-address', `bad remote port ${remotePort}`);
  }
  return {
    law,
    payloadType,
    telephoneEventPt,
    remoteAddress,
    remotePort,
    direction: remote.direction ?? 'sendrecv',
  };
}
