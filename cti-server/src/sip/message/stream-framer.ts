import { SipParseError } from '../exceptions/sip-parse-error.js';
import { DEFAULT_PARSE_LIMITS, findHeaderEnd, isContentLengthName } from './parser.js';

/** What a stream connection yields: a whole message's bytes, or an RFC 5626 keep-alive. */
export type FramedItem =
  | { readonly kind: 'message'; readonly data: Buffer }
  /** CRLFCRLF: the peer expects a single CRLF back (https://www.rfc-editor.org/rfc/rfc5626#section-3.5.1). */
  | { readonly kind: 'ping' }
  /** A lone CRLF: the answer to our ping. */
  | { readonly kind: 'pong' };

const EMPTY = Buffer.alloc(0);

/**
 * Cuts a TCP/TLS byte stream into SIP messages using Content-Length
 * (https://www.rfc-editor.org/rfc/rfc3261#section-18.3). Throws `SipParseError` when the stream
 * cannot be resynchronised (oversized or bad Content-Length); the connection should then be closed.
 */
export class StreamFramer {
  private buffer: Buffer = EMPTY;

  constructor(private readonly maxMessageBytes = DEFAULT_PARSE_LIMITS.maxMessageBytes) {}

  /** Bytes of a message begun but not complete yet. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FramedItem[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: FramedItem[] = [];
    for (;;) {
      const item = this.next();
      if (!item) break;
      items.push(item);
    }
    return items;
  }

  private next(): FramedItem | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    if (buf[0] === 0x0d || buf[0] === 0x0a) return this.keepAlive();
    const bounds = findHeaderEnd(buf);
    if (!bounds) {
      if (buf.length > this.maxMessageBytes) throw new SipParseError('Message Too Large', 513);
      return undefined;
    }
    const length = contentLength(buf.toString('latin1', 0, bounds.headerEnd));
    const total = bounds.bodyStart + length;
    if (total > this.maxMessageBytes) throw new SipParseError('Message Too Large', 513);
    if (buf.length < total) return undefined;
    this.buffer = buf.length === total ? EMPTY : buf.subarray(total);
    return { kind: 'message', data: buf.subarray(0, total) };
  }

  private keepAlive(): FramedItem | undefined {
    const buf = this.buffer;
    if (buf.length >= 4 && buf.toString('latin1', 0, 4) === '\r\n\r\n') {
      this.buffer = buf.subarray(4);
      return { kind: 'ping' };
    }
    if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
      // "\r\n" alone could still become a ping; wait for the next byte to decide.
      if (buf.length === 2 || (buf.length === 3 && buf[2] === 0x0d)) return undefined;
      this.buffer = buf.subarray(2);
      return { kind: 'pong' };
    }
    if (buf[0] === 0x0a) {
      this.buffer = buf.subarray(1);
      return { kind: 'pong' };
    }
    if (buf.length === 1) return undefined;
    throw new SipParseError('Stray carriage return in stream');
  }
}

/** Content-Length from a raw header block; a missing header means an empty body. */
function contentLength(head: string): number {
  let start = head.indexOf('\n') + 1;
  while (start > 0 && start < head.length) {
    let end = head.indexOf('\n', start);
    if (end === -1) end = head.length;
    const colon = head.indexOf(':', start);
    if (colon !== -1 && colon < end && isContentLengthName(head.slice(start, colon).trim())) {
      const raw = head.slice(colon + 1, end).trim();
      if (!/^\d{1,10}$/.test(raw)) throw new SipParseError('Invalid Content-Length header');
      return Number(raw);
    }
    start = end + 1;
  }
  return 0;
}
