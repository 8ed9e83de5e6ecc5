// ng offer/answer options per recipient transport, and ng failures as MediaPlaneErrors.
// Option names: https://github.com/sipwise/rtpengine/blob/mr10.5.3.5/README.md#offer-message
import { MediaPlaneError, type MediaTransport } from '../rtp/media-plane.js';
import { NgCommandError, type NgParams } from './ng-client.js';

export interface FlagOptions {
  /** `inject DTMF` (needed by play DTMF) makes all audio go through rtpengine's transcoder. */
  injectDtmf: boolean;
}

/**
 * Options for an offer or answer whose output SDP goes to a party speaking `recipient`. An answer
 * goes back to the offerer in the offerer's own transport (rtpengine keeps it), and DTLS or
 * transport overrides there would refuse the answerer's DTLS: answers only strip ICE for RTP/AVP.
 */
export function ngOptionsTowards(
  recipient: MediaTransport,
  o: FlagOptions,
  kind: 'offer' | 'answer',
): NgParams {
  const flags = [
    // Keep our local ports when a party is replaced (agent transfer, park): the other party
    // keeps sending where our earlier SDP told it to, with no re-INVITE.
    'port latching',
    ...(o.injectDtmf ? ['inject DTMF'] : []),
  ];
  const common: NgParams = { replace: ['origin', 'session-connection'] };
  if (kind === 'answer') return { ...common, flags, ...(recipient === 'RTP/AVP' ? { ICE: 'remove' } : {}) };
  if (recipient === 'RTP/AVP')
    return {
      ...common,
      flags,
      'transport-protocol': 'RTP/AVP',
      ICE: 'remove',
      DTLS: 'off',
      'rtcp-mux': ['demux'],
    };
  // WebRTC (RFC 8829/8834): ICE, DTLS-SRTP only (no SDES keys in SDP), RTCP muxed on the RTP port.
  return {
    ...common,
    flags: [...flags, 'generate mid'],
    'transport-protocol': 'UDP/TLS/RTP/SAVPF',
    ICE: 'force',
    // The browser starts DTLS as soon as it has answered, before its answer reaches us: as the
    // default active side rtpengine would send its own ClientHello into that handshake and both
    // fail. Passive (a=setup:passive, RFC 4145 §4) leaves the handshake to the browser.
    DTLS: 'passive',
    SDES: ['off'],
    'rtcp-mux': ['require'],
  };
}

/** Maps an ng failure to the typed error the SIP layer turns into a SIP status (488 for SDP faults). */
export function toMediaPlaneError(err: unknown): MediaPlaneError {
  if (err instanceof MediaPlaneError) return err;
  if (!(err instanceof NgCommandError)) return new MediaPlaneError('bad-state', String(err));
  const reason = err.reason;
  // "Ran out of ports" (the --port-min/--port-max range is used up): the call is refused 503.
  if (/out of ports|no (free )?ports/i.test(reason)) return new MediaPlaneError('no-ports', err.message);
  if (/codec/i.test(reason)) return new MediaPlaneError('no-common-codec', err.message);
  if (/sdp|address|parse/i.test(reason)) return new MediaPlaneError('bad-address', err.message);
  if (/unknown call/i.test(reason)) return new MediaPlaneError('no-session', err.message);
  if (/tag|participant|monologue/i.test(reason)) return new MediaPlaneError('no-leg', err.message);
  return new MediaPlaneError('bad-state', err.message);
}
