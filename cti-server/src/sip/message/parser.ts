import { SipParseError, type PartialMessage } from '../exceptions/sip-parse-error.js';
import { parseCSeq } from './cseq.js';
import { headerKey, isListHeader } from './header-names.js';
import { Headers } from './headers.js';
import { parseNameAddr } from './name-addr.js';
import { SipRequest, SipResponse } from './sip-message.js';
import { isToken, splitOutsideQuotes } from './text.js';
import { parseUri } from './uri.js';
import { parseVia } from './via.js';

export interface ParseLimits {
  /** Whole message, headers + body. */
  maxMessageBytes: number;
  /** One header field after unfolding. */
  maxHeaderBytes: number;
  maxHeaderCount: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxMessageBytes: 64 * 1024,
  maxHeaderBytes: 8 * 1024,
  maxHeaderCount: 256,
};

export interface ParseOptions {
  limits?: Partial<ParseLimits>;
  /**
   * Stream transports must carry Content-Length (https://www.rfc-editor.org/rfc/rfc3261#section-18.3);
   * for datagrams a missing Content-Length means "the rest of the packet".
   */
  stream?: boolean;
}

const REQUEST_MANDATORY = ['To', 'From', 'Call-ID', 'CSeq', 'Via', 'Max-Forwards'] as const;
const RESPONSE_MANDATORY = ['To', 'From', 'Call-ID', 'CSeq', 'Via'] as const;

/** Offset just past the blank line ending the header section, tolerating bare LF; -1 when absent. */
export function findHeaderEnd(data: Buffer, from = 0): { headerEnd: number; bodyStart: number } | undefined {
  const crlf = data.indexOf('\r\n\r\n', from);
  const lf = data.indexOf('\n\n', from);
  if (crlf === -1 && lf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf + 1 <= lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  return { headerEnd: lf, bodyStart: lf + 2 };
}

/**
 * Parse one complete SIP message (RFC 3261 §7 and §25). Throws `SipParseError` on anything malformed;
 * never throws anything else for bad input.
 */
export function parseMessage(input: Buffer | string, options: ParseOptions = {}): SipRequest | SipResponse {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
  const data = typeof input === 'string' ? Buffer.from(input) : input;
  const tooLarge = data.length > limits.maxMessageBytes;
  // Leading CRLFs before the start line are ignored (https://www.rfc-editor.org/rfc/rfc3261#section-7.5).
  let offset = 0;
  while (offset < data.length && (data[offset] === 0x0d || data[offset] === 0x0a)) offset++;
  if (offset === data.length) throw new SipParseError('Empty message');
  const bounds = findHeaderEnd(data, offset);
  if (tooLarge && (!bounds || bounds.headerEnd > limits.maxMessageBytes)) {
    throw new SipParseError('Message Too Large', 513);
  }
  if (!bounds) throw new SipParseError('Truncated message: no end of headers');
  for (let i = offset; i < bounds.headerEnd; i++) {
    const c = data[i] as number;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      throw new SipParseError('Invalid control character in headers');
    }
  }
  const lines = unfold(data.toString('utf8', offset, bounds.headerEnd));
  const startLine = lines[0] as string;
  const partial: { isRequest: boolean; method?: string; headers: Array<[string, string]> } = {
    isRequest: !startLine.startsWith('SIP/'),
    headers: [],
  };
  let message: SipRequest | SipResponse;
  try {
    message = parseStartLine(startLine);
  } catch (error) {
    // A request with a bad Request-URI can still be answered 400 when its Via is readable
    // (https://www.rfc-editor.org/rfc/rfc3261#section-8.2.2.1), so lex the headers first.
    if (!(error instanceof SipParseError) || !partial.isRequest) throw error;
    partial.method = startLine.slice(0, startLine.indexOf(' ')) || undefined;
    for (const line of lines.slice(1, limits.maxHeaderCount + 1)) {
      const colon = line.indexOf(':');
      if (colon > 0) partial.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    throw new SipParseError(error.reason, 400, partial);
  }
  if (message instanceof SipRequest) partial.method = message.method;
  if (lines.length - 1 > limits.maxHeaderCount) throw new SipParseError('Too many headers', 400, partial);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trimEnd();
    if (!isToken(name)) throw new SipParseError(`Malformed header line "${line.slice(0, 40)}"`, 400, partial);
    if (line.length > limits.maxHeaderBytes) throw new SipParseError(`Header ${name} too long`, 400, partial);
    const value = line.slice(colon + 1).trim();
    if (isListHeader(name) && value.includes(',')) {
      for (const piece of splitOutsideQuotes(value, ',')) {
        message.headers.append(name, piece);
        partial.headers.push([name, piece]);
      }
    } else {
      message.headers.append(name, value);
      partial.headers.push([name, value]);
    }
  }
  // Oversized: still lexed the headers so a 513 can be routed back (https://www.rfc-editor.org/rfc/rfc3261#section-21.5.14).
  if (tooLarge) throw new SipParseError('Message Too Large', 513, partial);
  validate(message, partial);
  message.body = readBody(data, bounds.bodyStart, message.headers, options.stream === true, partial);
  return message;
}

/** Split into lines and join continuation lines (LWS folding, https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1). */
function unfold(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    const first = line.charCodeAt(0);
    if ((first === 32 || first === 9) && lines.length > 1) {
      lines[lines.length - 1] += ` ${line.trim()}`;
    } else lines.push(line);
    start = end + 1;
  }
  return lines;
}

function parseStartLine(line: string): SipRequest | SipResponse {
  const first = line.indexOf(' ');
  const second = line.indexOf(' ', first + 1);
  if (first <= 0 || second === -1) throw new SipParseError('Malformed start line');
  if (line.startsWith('SIP/')) {
    const version = line.slice(0, first);
    const code = line.slice(first + 1, second);
    if (version.toUpperCase() !== 'SIP/2.0') throw new SipParseError('Unsupported SIP version');
    const status = Number(code);
    if (code.length !== 3 || !Number.isInteger(status) || status < 100 || status > 699) {
      throw new SipParseError('Invalid status code');
    }
    return new SipResponse(status, line.slice(second + 1));
  }
  const method = line.slice(0, first);
  const version = line.slice(second + 1);
  if (!isToken(method)) throw new SipParseError('Invalid method');
  if (version.toUpperCase() !== 'SIP/2.0') {
    throw new SipParseError(version.startsWith('SIP/') ? 'Unsupported SIP version' : 'Malformed start line');
  }
  return new SipRequest(method, parseUri(line.slice(first + 1, second)));
}

function validate(message: SipRequest | SipResponse, partial: PartialMessage): void {
  const mandatory = message instanceof SipRequest ? REQUEST_MANDATORY : RESPONSE_MANDATORY;
  for (const name of mandatory) {
    if (!message.headers.has(name)) throw new SipParseError(`Missing ${name} header`, 400, partial);
  }
  for (const name of ['Call-ID', 'Max-Forwards', 'Content-Length'] as const) {
    if (message.headers.getAll(name).length > 1)
      throw new SipParseError(`Duplicate ${name} header`, 400, partial);
  }
  try {
    for (const name of ['From', 'To'] as const) message.headers.parseFirst(name, parseNameAddr);
    message.headers.parseAll('Via', parseVia);
    const cseq = message.headers.parseFirst('CSeq', parseCSeq);
    if (message instanceof SipRequest && cseq?.method !== message.method) {
      throw new SipParseError('CSeq method does not match request method');
    }
  } catch (error) {
    if (error instanceof SipParseError) throw new SipParseError(error.reason, 400, partial);
    throw error;
  }
  if (!message.callId) throw new SipParseError('Empty Call-ID header', 400, partial);
  const maxForwards = message.headers.get('Max-Forwards');
  if (maxForwards !== undefined && !/^\d{1,3}$/.test(maxForwards)) {
    throw new SipParseError('Invalid Max-Forwards header', 400, partial);
  }
}

function readBody(
  data: Buffer,
  start: number,
  headers: Headers,
  stream: boolean,
  partial: PartialMessage,
): string {
  const raw = headers.get('Content-Length');
  const available = data.length - start;
  if (raw === undefined) {
    if (stream && available > 0) throw new SipParseError('Missing Content-Length header', 400, partial);
    return data.toString('utf8', start);
  }
  if (!/^\d{1,10}$/.test(raw)) throw new SipParseError('Invalid Content-Length header', 400, partial);
  const length = Number(raw);
  if (length > available)
    throw new SipParseError('Truncated body: Content-Length exceeds message', 400, partial);
  // Extra bytes after Content-Length in a datagram are discarded (https://www.rfc-editor.org/rfc/rfc3261#section-18.3).
  return data.toString('utf8', start, start + length);
}

/** Key used by the framer: true for `Content-Length` / `l`. */
export function isContentLengthName(name: string): boolean {
  return headerKey(name) === 'content-length';
}
