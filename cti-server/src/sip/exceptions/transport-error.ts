import { SipStackError } from './sip-stack-error.js';

/** A message could not be handed to the network (socket closed, connect refused, unresolvable host). */
export class TransportError extends SipStackError {
  readonly code = 'SIP_TRANSPORT_ERROR';
}
