import { SipStackError } from './sip-stack-error.js';

/** A transaction was asked to move between states the RFC 3261 §17 state machine does not connect. */
export class TransactionStateError extends SipStackError {
  readonly code = 'SIP_TRANSACTION_STATE_ERROR';
}
