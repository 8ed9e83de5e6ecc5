import { SipParseError } from '../exceptions/sip-parse-error.js';
import { parseCSeq, type CSeq } from './cseq.js';
import { Headers } from './headers.js';
import {
  formatNameAddr,
  parseContact,
  parseNameAddr,
  type ContactValue,
  type NameAddr,
} from './name-addr.js';
import { formatUri, type Uri } from './uri.js';
import { formatVia, parseVia, type Via } from './via.js';

/**
 * Common part of requests and responses: headers plus a body.
 * Typed accessors parse on demand and are memoised by `Headers`; setters write the header back.
 */
export abstract class SipMessage {
  headers: Headers;
  /** Body as text (SDP and most SIP bodies are UTF-8). Content-Length is computed on serialisation. */
  body: string;

  constructor(headers: Headers = new Headers(), body = '') {
    this.headers = headers;
    this.body = body;
  }

  abstract startLine(): string;

  get callId(): string {
    return this.required('Call-ID');
  }

  get cseq(): CSeq {
    return this.headers.parseFirst('CSeq', parseCSeq) ?? this.missing('CSeq');
  }

  get from(): NameAddr {
    return this.headers.parseFirst('From', parseNameAddr) ?? this.missing('From');
  }

  set from(value: NameAddr) {
    this.headers.set('From', formatNameAddr(value));
  }

  get to(): NameAddr {
    return this.headers.parseFirst('To', parseNameAddr) ?? this.missing('To');
  }

  set to(value: NameAddr) {
    this.headers.set('To', formatNameAddr(value));
  }

  get fromTag(): string | undefined {
    return this.from.params.get('tag') ?? undefined;
  }

  get toTag(): string | undefined {
    return this.to.params.get('tag') ?? undefined;
  }

  /** Every Via, topmost first. */
  get vias(): readonly Via[] {
    return this.headers.parseAll('Via', parseVia);
  }

  get topVia(): Via {
    return this.vias[0] ?? this.missing('Via');
  }

  set topVia(via: Via) {
    this.headers.setFirst('Via', formatVia(via));
  }

  get contacts(): readonly ContactValue[] {
    return this.headers.parseAll('Contact', parseContact);
  }

  get recordRoutes(): readonly NameAddr[] {
    return this.headers.parseAll('Record-Route', parseNameAddr);
  }

  get routes(): readonly NameAddr[] {
    return this.headers.parseAll('Route', parseNameAddr);
  }

  get contentType(): string | undefined {
    return this.headers.get('Content-Type');
  }

  /** Values of a comma-list header such as Require or Supported, lower-cased. */
  optionTags(name: 'Require' | 'Supported' | 'Proxy-Require' | 'Unsupported' | 'Allow'): string[] {
    return this.headers.getAll(name).map((v) => v.trim().toLowerCase());
  }

  /** Wire form with a freshly computed Content-Length (https://www.rfc-editor.org/rfc/rfc3261#section-20.14). */
  toString(): string {
    let out = `${this.startLine()}\r\n`;
    for (const [name, value] of this.headers) {
      if (name !== 'Content-Length') out += `${name}: ${value}\r\n`;
    }
    out += `Content-Length: ${Buffer.byteLength(this.body)}\r\n\r\n${this.body}`;
    return out;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.toString());
  }

  private required(name: string): string {
    return this.headers.get(name) ?? this.missing(name);
  }

  private missing(name: string): never {
    throw new SipParseError(`Missing ${name} header`);
  }
}

export class SipRequest extends SipMessage {
  readonly isRequest = true as const;

  constructor(
    public method: string,
    public uri: Uri,
    headers?: Headers,
    body?: string,
  ) {
    super(headers, body);
  }

  get maxForwards(): number | undefined {
    const raw = this.headers.get('Max-Forwards');
    return raw === undefined ? undefined : Number(raw);
  }

  startLine(): string {
    return `${this.method} ${formatUri(this.uri)} SIP/2.0`;
  }
}

export class SipResponse extends SipMessage {
  readonly isRequest = false as const;

  constructor(
    public status: number,
    public reason: string,
    headers?: Headers,
    body?: string,
  ) {
    super(headers, body);
  }

  startLine(): string {
    return `SIP/2.0 ${this.status} ${this.reason}`;
  }
}

export type SipMessageLike = SipRequest | SipResponse;
