import { Headers } from '../message/headers.js';
import { SipRequest } from '../message/sip-message.js';

/**
 * CANCEL for a pending INVITE (https://www.rfc-editor.org/rfc/rfc3261#section-9.1): same Request-URI,
 * Call-ID, From, To, CSeq number and Route as the INVITE, and a single Via equal to its top Via
 * so the server matches it to the INVITE's transaction.
 */
export function createCancel(invite: SipRequest): SipRequest {
  const headers = new Headers();
  headers.append('Via', invite.headers.getAll('Via')[0] ?? '');
  for (const route of invite.headers.getAll('Route')) headers.append('Route', route);
  headers.append('Max-Forwards', '70');
  headers.append('From', invite.headers.get('From') ?? '');
  headers.append('To', invite.headers.get('To') ?? '');
  headers.append('Call-ID', invite.callId);
  headers.append('CSeq', `${invite.cseq.seq} CANCEL`);
  return new SipRequest('CANCEL', invite.uri, headers);
}
