import { SipParseError } from '../exceptions/sip-parse-error.js';
import { Headers } from './headers.js';
import { formatNameAddr, parseNameAddr } from './name-addr.js';
import { reasonPhrase } from './reason-phrases.js';
import { SipResponse, type SipRequest } from './sip-message.js';

export interface ResponseOptions {
  reason?: string;
  /** To-tag to add when the request's To has none (required for everything but 100, §8.2.6.2). */
  toTag?: string;
  /** Extra headers appended after the copied ones. */
  headers?: Iterable<readonly [string, string]>;
  body?: string;
  contentType?: string;
}

/**
 * Build a response to `request` as a UAS does (https://www.rfc-editor.org/rfc/rfc3261#section-8.2.6):
 * Via (all, in order), From, Call-ID, CSeq copied; To copied with a tag added when absent;
 * Record-Route copied for 2xx/1xx-with-tag so the dialog's route set can form (§12.1.1);
 * Timestamp echoed on 100 (§8.2.6.1).
 */
export function createResponse(
  request: SipRequest,
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new Headers();
  for (const via of request.headers.getAll('Via')) headers.append('Via', via);
  headers.append('From', request.headers.get('From') ?? '');
  headers.append('To', toWithTag(request, status, options.toTag));
  headers.append('Call-ID', request.headers.get('Call-ID') ?? '');
  headers.append('CSeq', request.headers.get('CSeq') ?? '');
  if (status === 100 && request.headers.has('Timestamp')) {
    headers.append('Timestamp', request.headers.get('Timestamp') as string);
  }
  if (status > 100 && status < 300) {
    for (const rr of request.headers.getAll('Record-Route')) headers.append('Record-Route', rr);
  }
  for (const [name, value] of options.headers ?? []) headers.append(name, value);
  if (options.body !== undefined && options.contentType) headers.set('Content-Type', options.contentType);
  return new SipResponse(status, options.reason ?? reasonPhrase(status), headers, options.body ?? '');
}

function toWithTag(request: SipRequest, status: number, toTag: string | undefined): string {
  const raw = request.headers.get('To') ?? '';
  if (!toTag || status === 100) return raw;
  try {
    const to = parseNameAddr(raw);
    if (to.params.has('tag')) return raw;
    to.params.set('tag', toTag);
    return formatNameAddr(to);
  } catch (error) {
    if (error instanceof SipParseError) return raw;
    throw error;
  }
}

/**
 * The 400 (or 513) a server would send for an unparseable request, or undefined when no reply is
 * possible (a response, or no Via to route it back on: https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1).
 */
export function rejectionFor(error: SipParseError): { status: number; reason: string } | undefined {
  const partial = error.partial;
  if (!partial?.isRequest || partial.method === 'ACK') return undefined;
  if (!partial.headers.some(([name]) => name === 'Via')) return undefined;
  return {
    status: error.status,
    reason: error.status === 513 ? 'Message Too Large' : `Bad Request (${error.reason})`,
  };
}

/** Build the 400/513 response for a parse error from the raw headers that could be lexed. */
export function createRejection(error: SipParseError): SipResponse | undefined {
  const rejection = rejectionFor(error);
  if (!rejection || !error.partial) return undefined;
  const headers = new Headers();
  for (const [name, value] of error.partial.headers) {
    if (name === 'Via' || name === 'From' || name === 'To' || name === 'Call-ID' || name === 'CSeq') {
      headers.append(name, value);
    }
  }
  return new SipResponse(rejection.status, rejection.reason, headers);
}
