import { Headers } from '../message/headers.js';
import { formatNameAddr, parseNameAddr, type NameAddr } from '../message/name-addr.js';
import { SipRequest, type SipResponse } from '../message/sip-message.js';
import { cloneUri, formatUri, type Uri } from '../message/uri.js';
import type { Endpoint } from '../transport/transport.js';

export type DialogState = 'early' | 'confirmed' | 'terminated';

export interface RequestOptions {
  body?: string;
  contentType?: string;
  headers?: Iterable<readonly [string, string]>;
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/**
 * A dialog (https://www.rfc-editor.org/rfc/rfc3261#section-12): the peer-to-peer state that in-dialog
 * requests are built from. Knows nothing of transactions; the core sends what it builds.
 */
export class Dialog {
  state: DialogState;
  /** Where the remote side asked to be reached (Contact), refreshed by target-refresh requests (§12.2). */
  remoteTarget: Uri;
  /** Route header values, already in the order they go into requests. */
  readonly routeSet: readonly string[];
  localSeq: number;
  remoteSeq?: number;
  /** For connection-oriented transports: the flow the dialog was formed on (RFC 5626 style reuse). */
  flow?: Endpoint;
  /** Last ACK sent for a 2xx, resent when the 2xx is retransmitted (§13.2.2.4). */
  lastAck?: SipRequest;
  /** The INVITE CSeq whose 2xx has been ACKed by us or to us. */
  ackedSeq?: number;
  /** Methods the peer listed in Allow (upper case), when it said; decides UPDATE vs re-INVITE refreshes. */
  remoteAllow?: readonly string[];
  /** The last session description we sent on this dialog (offer or answer), for re-INVITE refreshes. */
  localSdp?: string;

  private constructor(
    readonly role: 'uac' | 'uas',
    readonly callId: string,
    readonly localTag: string,
    readonly remoteTag: string,
    readonly localUri: NameAddr,
    readonly remoteUri: NameAddr,
    readonly localContact: string,
    init: { state: DialogState; remoteTarget: Uri; routeSet: string[]; localSeq: number; remoteSeq?: number },
  ) {
    this.state = init.state;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.localSeq = init.localSeq;
    if (init.remoteSeq !== undefined) this.remoteSeq = init.remoteSeq;
  }

  get id(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * UAC side (https://www.rfc-editor.org/rfc/rfc3261#section-12.1.2): route set is the response's
   * Record-Route reversed, remote target its Contact, local CSeq the request's; remote CSeq empty.
   */
  static fromUac(request: SipRequest, response: SipResponse, localContact: string): Dialog {
    const remoteTag = response.toTag ?? '';
    const contact = response.contacts.find((c) => !c.star);
    return new Dialog(
      'uac',
      request.callId,
      request.fromTag ?? '',
      remoteTag,
      request.from,
      response.to,
      localContact,
      {
        state: response.status < 200 ? 'early' : 'confirmed',
        remoteTarget: contact && !contact.star ? cloneUri(contact.uri) : cloneUri(request.uri),
        routeSet: [...response.headers.getAll('Record-Route')].reverse(),
        localSeq: request.cseq.seq,
      },
    );
  }

  /**
   * UAS side (https://www.rfc-editor.org/rfc/rfc3261#section-12.1.1): route set is the request's
   * Record-Route in order, remote target its Contact, remote CSeq the request's.
   */
  static fromUas(request: SipRequest, response: SipResponse, localContact: string): Dialog {
    const contact = request.contacts.find((c) => !c.star);
    return new Dialog(
      'uas',
      request.callId,
      response.toTag ?? '',
      request.fromTag ?? '',
      response.to,
      request.from,
      localContact,
      {
        state: response.status < 200 ? 'early' : 'confirmed',
        remoteTarget: contact && !contact.star ? cloneUri(contact.uri) : cloneUri(request.uri),
        routeSet: [...request.headers.getAll('Record-Route')],
        localSeq: 0,
        remoteSeq: request.cseq.seq,
      },
    );
  }

  confirm(): void {
    if (this.state === 'early') this.state = 'confirmed';
  }

  terminate(): void {
    this.state = 'terminated';
  }

  /**
   * Check and record an incoming in-dialog request (https://www.rfc-editor.org/rfc/rfc3261#section-12.2.2).
   * Returns false when its CSeq is lower than the last seen: the UAS "MUST reject the request with a 500".
   */
  receiveRequest(request: SipRequest): boolean {
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    const seq = request.cseq.seq;
    if (this.remoteSeq !== undefined && seq <= this.remoteSeq) return false;
    this.remoteSeq = seq;
    // Target-refresh requests update the remote target (§12.2, RFC 3311 for UPDATE).
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      const contact = request.contacts.find((c) => !c.star);
      if (contact && !contact.star) this.remoteTarget = cloneUri(contact.uri);
    }
    return true;
  }

  /** Refresh the remote target from a 2xx to our re-INVITE/UPDATE. */
  receiveTargetRefreshResponse(response: SipResponse): void {
    const contact = response.contacts.find((c) => !c.star);
    if (contact && !contact.star && response.status < 300) this.remoteTarget = cloneUri(contact.uri);
  }

  /**
   * Build an in-dialog request (https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1). Assumes loose
   * routing (`;lr`) as every RFC 3261 element does. The core adds the Via. CSeq is incremented except
   * for ACK and CANCEL, which reuse the INVITE's.
   */
  createRequest(method: string, options: RequestOptions & { cseq?: number } = {}): SipRequest {
    const headers = new Headers();
    for (const route of this.routeSet) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', formatNameAddr(withTag(this.localUri, this.localTag)));
    headers.append('To', formatNameAddr(withTag(this.remoteUri, this.remoteTag)));
    headers.append('Call-ID', this.callId);
    const seq = options.cseq ?? (method === 'ACK' || method === 'CANCEL' ? this.localSeq : ++this.localSeq);
    headers.append('CSeq', `${seq} ${method}`);
    if (method !== 'BYE' && method !== 'CANCEL') headers.append('Contact', this.localContact);
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    if (options.body !== undefined && options.contentType) headers.set('Content-Type', options.contentType);
    return new SipRequest(method, cloneUri(this.remoteTarget), headers, options.body ?? '');
  }

  /** ACK for a 2xx to the INVITE with CSeq `inviteSeq` (https://www.rfc-editor.org/rfc/rfc3261#section-13.2.2.4). */
  createAck(inviteSeq: number, options: RequestOptions = {}): SipRequest {
    return this.createRequest('ACK', { ...options, cseq: inviteSeq });
  }

  /** Where in-dialog requests go first: the top Route if any, else the remote target. */
  nextHop(): Uri {
    const first = this.routeSet[0];
    return first ? parseNameAddr(first).uri : this.remoteTarget;
  }

  toString(): string {
    return `Dialog(${this.role} ${this.id} ${this.state} → ${formatUri(this.remoteTarget)})`;
  }
}

function withTag(nameAddr: NameAddr, tag: string): NameAddr {
  const params = new Map(nameAddr.params);
  params.set('tag', tag);
  return { ...nameAddr, params };
}
