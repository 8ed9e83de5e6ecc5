import { systemClock, type Clock } from '../../clock/index.js';
import { Dialog, dialogKey } from '../dialog/dialog.js';
import { TwoXxRetransmitter } from '../dialog/two-xx-retransmitter.js';
import { Headers } from '../message/headers.js';
import { newBranch, newCallId, newTag } from '../message/ids.js';
import { formatNameAddr, parseNameAddr, type NameAddr } from '../message/name-addr.js';
import { SipRequest, type SipResponse } from '../message/sip-message.js';
import { formatHost, parseUri, type Uri } from '../message/uri.js';
import { formatVia } from '../message/via.js';
import {
  TransactionLayer,
  type RequestScreen,
  type ServerTransaction,
} from '../transaction/transaction-layer.js';
import type { Endpoint, Transport, TransportProtocol } from '../transport/transport.js';
import { IncomingRequest } from './incoming-request.js';
import { OutgoingRequest, type OutgoingRequestDelegate } from './outgoing-request.js';
import { createCancel } from './create-cancel.js';
import { uriToEndpoint } from './next-hop.js';
import { routeInDialog, routeOutsideDialog } from './request-router.js';
import { allowedMethods, isSdp } from './message-facts.js';
import { SessionTimers } from './session-timers.js';
import { validateRequest } from './request-validator.js';
import type { UserAgentCoreDelegate } from './user-agent-core-delegate.js';

export interface UserAgentCoreOptions {
  transports: Transport[];
  /** Time for transactions, dialogs and session timers; `systemClock` by default. */
  clock?: Clock;
  /**
   * Host written into Via and Contact (SIP_PUBLIC_HOST, e.g. behind 1:1 NAT); by default the
   * address of ours each peer reaches us on (`Transport.localFor`).
   */
  host?: string;
  userAgent?: string;
  allow?: string[];
  /** Option tags we support, for the Require check (§8.2.2.3). */
  supported?: string[];
  /** Flood defence: new requests pass here before a transaction is made for them. */
  screen?: RequestScreen;
}

/** Traffic counts since start, for metrics (read when scraped; nothing else keeps them). */
export interface SipTrafficStats {
  /** Requests received by method (retransmissions included); unknown methods count as `other`. */
  requests: Map<string, number>;
  /** Final and provisional responses we sent, by status (stateless ones included). */
  responses: Map<number, number>;
}

export interface NewRequestOptions {
  from: NameAddr | string;
  to?: NameAddr | string;
  callId?: string;
  cseq?: number;
  body?: string;
  contentType?: string;
  headers?: Iterable<readonly [string, string]>;
}

export interface SendOptions {
  /** Overrides next-hop resolution, e.g. a registered WebSocket flow. */
  destination?: Endpoint;
}

/** Requests that carry our Contact (RFC 3261 §8.1.1.8, RFC 3515 §2.4.1 for REFER). */
const NEEDS_CONTACT: ReadonlySet<string> = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'REGISTER']);

/**
 * A UDP peer whose top Via names another address than the packet came from is behind NAT
 * (what Kamailio's nat_uac_test 2 checks): its Contact is private, its flow is the way back.
 */
function behindNat(request: SipRequest, source: Endpoint): boolean {
  return request.topVia.params.has('received') && request.topVia.host !== source.address;
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const DEFAULT_ALLOW = [
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'INFO',
  'UPDATE',
  'REFER',
  'NOTIFY',
  'MESSAGE',
  'REGISTER',
];

/**
 * The transaction user of RFC 3261: owns transports, the transaction layer and dialogs, and
 * presents requests to a delegate. Built for a B2BUA: it is both UAS and UAC at once.
 */
export class UserAgentCore {
  delegate: UserAgentCoreDelegate = {};
  readonly transactions: TransactionLayer;
  readonly dialogs = new Map<string, Dialog>();
  readonly clock: Clock;
  readonly allow: readonly string[];
  readonly supported: readonly string[];
  readonly stats: SipTrafficStats = { requests: new Map(), responses: new Map() };
  private readonly incoming = new WeakMap<ServerTransaction, IncomingRequest>();
  private readonly retransmitters = new Map<string, TwoXxRetransmitter>();
  private readonly sessionTimers: SessionTimers;
  /** Requests whose Contact `createRequest` wrote before their destination was known. */
  private readonly provisionalContact = new WeakMap<SipRequest, string>();

  constructor(private readonly options: UserAgentCoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.allow = options.allow ?? DEFAULT_ALLOW;
    this.supported = options.supported ?? [];
    this.transactions = new TransactionLayer(this.clock);
    this.sessionTimers = new SessionTimers(this, this.supported.includes('timer'));
    this.transactions.delegate = {
      onRequest: (request, transaction, source, transport) =>
        this.receiveRequest(request, transaction, source, transport),
      onAck: (ack) => this.receiveAck(ack),
      onStrayResponse: (response) => this.receiveStrayResponse(response),
    };
    if (options.screen) this.transactions.screen = options.screen;
    // Not logged one by one: under a flood that would be the flood's second victim.
    this.transactions.onScreened = (_request, _source, screening) => {
      if ('status' in screening) increment(this.stats.responses, screening.status);
    };
    for (const transport of options.transports) {
      transport.delegate = {
        onMessage: (message, source) => {
          if (message.isRequest)
            increment(this.stats.requests, this.allow.includes(message.method) ? message.method : 'other');
          this.transactions.receive(message, source, transport);
        },
        onDropped: (reason, source) => this.log(`dropped from ${source.address}:${source.port}: ${reason}`),
        onError: (error) => this.log(`transport error: ${error.message}`),
        onConnectionClosed: (flow) => this.delegate.onConnectionClosed?.(flow),
      };
    }
  }

  async start(): Promise<void> {
    await Promise.all(this.options.transports.map((t) => t.listen()));
  }

  async stop(): Promise<void> {
    for (const r of this.retransmitters.values()) r.stop();
    this.sessionTimers.dispose();
    this.transactions.dispose();
    await Promise.all(this.options.transports.map((t) => t.close()));
  }

  /** Contact value pointing at `transport`, on our address towards `peer`. */
  contact(transport: Transport, peer: Endpoint, user = 'kefu'): string {
    const param = transport.protocol === 'UDP' ? '' : `;transport=${transport.protocol.toLowerCase()}`;
    return `<sip:${user}@${this.hostPort(transport, peer)}${param}>`;
  }

  /** Contact value for requests to `target` (a trunk's REGISTER, an INVITE out of a trunk). */
  contactTowards(target: Uri | string, user = 'kefu'): string {
    const destination = uriToEndpoint(typeof target === 'string' ? parseUri(target) : target);
    return this.contact(this.transportFor(destination.protocol), destination, user);
  }

  /**
   * The address of ours `peer` reaches us on (never SIP_PUBLIC_HOST): media legs for that party
   * bind it and put it in SDP, so signalling and media meet the peer on the same network.
   */
  localAddressFor(peer: Endpoint | Uri | string): string | undefined {
    let destination: Endpoint;
    try {
      destination =
        typeof peer === 'string'
          ? uriToEndpoint(parseUri(peer))
          : 'kind' in peer
            ? uriToEndpoint(peer)
            : peer;
    } catch {
      return undefined; // not a SIP URI: the plane falls back to its default address
    }
    const { address } = this.transportFor(destination.protocol).localFor(destination);
    return address === '0.0.0.0' || address === '::' ? undefined : address;
  }

  /** Build a request outside any dialog (https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1). */
  createRequest(method: string, target: Uri | string, options: NewRequestOptions): SipRequest {
    const uri = typeof target === 'string' ? parseUri(target) : target;
    const from = typeof options.from === 'string' ? parseNameAddr(options.from) : options.from;
    if (!from.params.has('tag')) from.params.set('tag', newTag());
    const to =
      options.to === undefined
        ? { uri, params: new Map() }
        : typeof options.to === 'string'
          ? parseNameAddr(options.to)
          : options.to;
    const headers = new Headers();
    headers.append('Max-Forwards', '70');
    headers.append('From', formatNameAddr(from));
    headers.append('To', formatNameAddr(to));
    headers.append('Call-ID', options.callId ?? newCallId());
    headers.append('CSeq', `${options.cseq ?? 1} ${method}`);
    if (this.options.userAgent) headers.append('User-Agent', this.options.userAgent);
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    if (options.body !== undefined && options.contentType) headers.set('Content-Type', options.contentType);
    const request = new SipRequest(method, uri, headers, options.body ?? '');
    if (NEEDS_CONTACT.has(method) && !headers.has('Contact')) {
      // Provisional: `send` rewrites it for the network the request actually goes to.
      const contact = this.contact(this.defaultTransport(), this.nextHopOrNone(request));
      headers.append('Contact', contact);
      this.provisionalContact.set(request, contact);
    }
    return request;
  }

  /** Send a request in a new client transaction; adds the Via. */
  send(
    request: SipRequest,
    delegate: OutgoingRequestDelegate = {},
    options: SendOptions = {},
  ): OutgoingRequest {
    const destination = options.destination ?? this.resolve(request);
    const transport = this.transportFor(destination.protocol);
    request.headers.prepend('Via', this.via(transport, destination));
    // The Contact is ours on the network the request goes to (known here, not in createRequest).
    const provisional = this.provisionalContact.get(request);
    if (provisional !== undefined && request.headers.get('Contact') === provisional)
      request.headers.set('Contact', this.contact(transport, destination));
    this.provisionalContact.delete(request);
    const pinned = options.destination !== undefined;
    const outgoing = new OutgoingRequest(request, delegate, (o) =>
      this.sendCancel(o, transport, destination),
    );
    outgoing.transaction = this.transactions.sendRequest(request, transport, destination, {
      onResponse: (response) => this.receiveResponse(outgoing, response, transport, destination, pinned),
      onTimeout: () => delegate.onTimeout?.(),
      onTransportError: (error) => delegate.onTransportError?.(error),
    });
    return outgoing;
  }

  /** Send an in-dialog request (BYE, re-INVITE, UPDATE, INFO, REFER, NOTIFY, OPTIONS; §12.2.1.1). */
  sendInDialog(
    dialog: Dialog,
    method: string,
    options: { body?: string; contentType?: string; headers?: Iterable<readonly [string, string]> } = {},
    delegate: OutgoingRequestDelegate = {},
  ): OutgoingRequest {
    const request = dialog.createRequest(method, options);
    if (method === 'BYE') this.endDialog(dialog);
    if ((method === 'INVITE' || method === 'UPDATE') && isSdp(options.contentType))
      dialog.localSdp = options.body;
    return this.send(request, delegate, { destination: this.dialogDestination(dialog) });
  }

  bye(dialog: Dialog, delegate: OutgoingRequestDelegate = {}): OutgoingRequest {
    return this.sendInDialog(dialog, 'BYE', {}, delegate);
  }

  /** ACK a 2xx (https://www.rfc-editor.org/rfc/rfc3261#section-13.2.2.4): sent outside any transaction. */
  ack(dialog: Dialog, response: SipResponse, options: { body?: string; contentType?: string } = {}): void {
    const ack = dialog.createAck(response.cseq.seq, options);
    const destination = this.dialogDestination(dialog);
    const transport = this.transportFor(destination.protocol);
    ack.headers.prepend('Via', this.via(transport, destination));
    dialog.lastAck = ack;
    if (isSdp(options.contentType) && options.body) dialog.localSdp = options.body;
    dialog.ackedSeq = response.cseq.seq;
    transport.send(ack, destination).catch((e: unknown) => this.log(`ACK send failed: ${String(e)}`));
  }

  // ——— UAS side ———

  private receiveRequest(
    request: SipRequest,
    transaction: ServerTransaction,
    source: Endpoint,
    transport: Transport,
  ): void {
    const inDialog = request.toTag !== undefined;
    const incoming = new IncomingRequest(
      request,
      transaction,
      source,
      transport,
      request.toTag ?? newTag(),
      (i, r) => this.beforeResponse(i, r),
    );
    this.incoming.set(transaction, incoming);
    const rejection = validateRequest(request, this.allow, this.supported);
    if (rejection) {
      incoming.respond(rejection.status, {
        ...(rejection.reason !== undefined && { reason: rejection.reason }),
        ...(rejection.headers !== undefined && { headers: rejection.headers }),
      });
      return;
    }
    if (request.method === 'CANCEL') {
      this.receiveCancel(incoming);
      return;
    }
    if (!inDialog) {
      if (this.sessionTimers.screen(incoming)) return;
      routeOutsideDialog(this, incoming);
      return;
    }
    const dialog = this.dialogs.get(dialogKey(request.callId, request.toTag ?? '', request.fromTag ?? ''));
    // §12.2.2: "If the UAS wishes to reject the request because it does not wish to recreate the dialog, it MUST respond ... 481".
    if (!dialog || dialog.state === 'terminated') {
      incoming.respond(481);
      return;
    }
    if (!dialog.receiveRequest(request)) {
      incoming.respond(500, { reason: 'CSeq Out of Order' });
      return;
    }
    incoming.dialog = dialog;
    if (!dialog.flow && (transport.reliable || behindNat(request, source))) dialog.flow = source;
    if (this.sessionTimers.screen(incoming)) return;
    routeInDialog(this, incoming, dialog);
  }

  /** https://www.rfc-editor.org/rfc/rfc3261#section-9.2 */
  private receiveCancel(cancel: IncomingRequest): void {
    const inviteTx = this.transactions.findInviteForCancel(cancel.request);
    const invite = inviteTx ? this.incoming.get(inviteTx) : undefined;
    if (!invite) {
      cancel.respond(481);
      return;
    }
    cancel.respond(200);
    // "the UAS ... SHOULD ... respond to the INVITE with a 487" when no final response was sent.
    if (invite.pending) {
      invite.respond(487);
      this.delegate.onCancel?.(invite, cancel.request);
    }
  }

  /** Dialog and session-timer bookkeeping for every response we send. */
  private beforeResponse(incoming: IncomingRequest, response: SipResponse): void {
    increment(this.stats.responses, response.status);
    const method = incoming.request.method;
    if (method !== 'INVITE' && method !== 'UPDATE') return;
    this.sessionTimers.decorate(incoming, response);
    if (method === 'INVITE' && response.status !== 100) this.inviteResponse(incoming, response);
    if (incoming.dialog && response.status >= 200 && response.status < 300) {
      if (response.body && isSdp(response.headers.get('Content-Type')))
        incoming.dialog.localSdp = response.body;
      this.sessionTimers.answered(incoming, response, incoming.dialog);
    }
  }

  private inviteResponse(incoming: IncomingRequest, response: SipResponse): void {
    const request = incoming.request;
    if (response.status < 300 && !response.headers.has('Contact')) {
      response.headers.append('Contact', this.contact(incoming.transport, incoming.source));
    }
    const initial = request.toTag === undefined;
    if (initial && response.status < 300) {
      let dialog = incoming.dialog;
      if (!dialog) {
        dialog = Dialog.fromUas(
          request,
          response,
          response.headers.get('Contact') ?? this.contact(incoming.transport, incoming.source),
        );
        if (request.headers.has('Allow')) dialog.remoteAllow = allowedMethods(request);
        // A phone behind NAT is reached through the flow it called from, not its private Contact.
        if (incoming.transport.reliable || behindNat(request, incoming.source)) dialog.flow = incoming.source;
        this.dialogs.set(dialog.id, dialog);
        incoming.dialog = dialog;
      }
      if (response.status >= 200) dialog.confirm();
    } else if (initial && incoming.dialog) {
      this.endDialog(incoming.dialog);
    }
    if (response.status >= 200 && response.status < 300 && incoming.dialog) {
      this.retransmitUntilAck(incoming, response, incoming.dialog);
    }
  }

  private retransmitUntilAck(incoming: IncomingRequest, response: SipResponse, dialog: Dialog): void {
    const key = `${dialog.id}|${response.cseq.seq}`;
    const wire = response.toBuffer();
    const destination = incoming.transaction.destination;
    const retransmitter = new TwoXxRetransmitter(
      this.clock,
      () => incoming.transport.send(wire, destination).catch(() => undefined),
      () => {
        this.retransmitters.delete(key);
        // §13.3.1.4: no ACK → "confirm the dialog and then terminate the session" with BYE.
        if (dialog.state !== 'terminated') this.bye(dialog);
        this.delegate.onAckTimeout?.(dialog);
      },
      incoming.transport.reliable,
    );
    this.retransmitters.set(key, retransmitter);
    retransmitter.start();
  }

  private receiveAck(ack: SipRequest): void {
    const dialog = this.dialogs.get(dialogKey(ack.callId, ack.toTag ?? '', ack.fromTag ?? ''));
    if (!dialog) {
      this.log(`ACK for unknown dialog ${ack.callId}`);
      return;
    }
    const key = `${dialog.id}|${ack.cseq.seq}`;
    const retransmitter = this.retransmitters.get(key);
    if (!retransmitter) return; // ACK retransmission: already handled
    retransmitter.stop();
    this.retransmitters.delete(key);
    dialog.ackedSeq = ack.cseq.seq;
    this.delegate.onAck?.(ack, dialog);
  }

  // ——— UAC side ———

  private receiveResponse(
    outgoing: OutgoingRequest,
    response: SipResponse,
    transport: Transport,
    destination: Endpoint,
    /** Sent to a flow of the caller's choosing (a registered phone): the dialog stays on it. */
    pinned = false,
  ): void {
    const first = !outgoing.finalReceived || response.status < 200;
    outgoing.noteResponse(response);
    const delegate = outgoing.delegate;
    const request = outgoing.request;
    if (request.method !== 'INVITE') {
      if (response.status < 200) delegate.onProgress?.(response);
      else if (response.status < 300) delegate.onAccept?.(response);
      else delegate.onReject?.(response);
      return;
    }
    const initial = request.toTag === undefined;
    if (response.status >= 300) {
      if (initial) this.dropEarlyDialogs(request);
      delegate.onReject?.(response);
      return;
    }
    let dialog: Dialog | undefined;
    if (initial && response.toTag) {
      const key = dialogKey(request.callId, request.fromTag ?? '', response.toTag);
      dialog = this.dialogs.get(key);
      if (!dialog) {
        dialog = Dialog.fromUac(
          request,
          response,
          request.headers.get('Contact') ?? this.contact(transport, destination),
        );
        if (response.headers.has('Allow')) dialog.remoteAllow = allowedMethods(response);
        if (request.body && isSdp(request.headers.get('Content-Type'))) dialog.localSdp = request.body;
        if (transport.reliable || pinned) dialog.flow = destination;
        this.dialogs.set(key, dialog);
      }
    } else if (!initial) {
      dialog = this.dialogs.get(dialogKey(request.callId, request.fromTag ?? '', request.toTag ?? ''));
    }
    if (response.status < 200) {
      delegate.onProgress?.(response, dialog);
      return;
    }
    if (dialog?.ackedSeq === response.cseq.seq && dialog.lastAck) {
      // 2xx retransmission: "the UAC core ... MUST ... retransmit the ACK" (§13.2.2.4).
      void transport.send(dialog.lastAck, this.dialogDestination(dialog)).catch(() => undefined);
      return;
    }
    if (dialog) {
      if (outgoing.acceptedDialogs.has(dialog.id)) return;
      outgoing.acceptedDialogs.add(dialog.id);
      dialog.confirm();
      if (!initial) dialog.receiveTargetRefreshResponse(response);
      delegate.onAccept?.(response, dialog);
      this.sessionTimers.acceptedByPeer(dialog, response);
    } else if (first) delegate.onAccept?.(response);
  }

  private receiveStrayResponse(response: SipResponse): void {
    if (response.cseq.method !== 'INVITE' || response.status < 200 || response.status >= 300) return;
    const dialog = this.dialogs.get(dialogKey(response.callId, response.fromTag ?? '', response.toTag ?? ''));
    if (dialog?.lastAck && dialog.ackedSeq === response.cseq.seq) {
      const destination = this.dialogDestination(dialog);
      void this.transportFor(destination.protocol)
        .send(dialog.lastAck, destination)
        .catch(() => undefined);
    }
  }

  private sendCancel(outgoing: OutgoingRequest, transport: Transport, destination: Endpoint): void {
    this.transactions.sendRequest(createCancel(outgoing.request), transport, destination, {});
  }

  private dropEarlyDialogs(request: SipRequest): void {
    const prefix = `${request.callId}|${request.fromTag ?? ''}|`;
    for (const [key, dialog] of this.dialogs)
      if (key.startsWith(prefix) && dialog.state === 'early') this.dialogs.delete(key);
  }

  /** Mark a dialog terminated and forget it (its transactions finish on their own). */
  endDialog(dialog: Dialog): void {
    dialog.terminate();
    this.sessionTimers.stop(dialog);
    this.dialogs.delete(dialog.id);
    for (const [key, r] of this.retransmitters) {
      if (key.startsWith(`${dialog.id}|`)) {
        r.stop();
        this.retransmitters.delete(key);
      }
    }
  }

  // ——— addressing ———

  private resolve(request: SipRequest): Endpoint {
    const route = request.headers.get('Route');
    return uriToEndpoint(route ? parseNameAddr(route).uri : request.uri);
  }

  /** The next hop, or a placeholder when the target cannot be routed yet (`send` will say). */
  private nextHopOrNone(request: SipRequest): Endpoint {
    try {
      return this.resolve(request);
    } catch {
      return { protocol: this.defaultTransport().protocol, address: '', port: 0 };
    }
  }

  private dialogDestination(dialog: Dialog): Endpoint {
    if (dialog.flow && dialog.routeSet.length === 0) return dialog.flow;
    return uriToEndpoint(dialog.nextHop());
  }

  private transportFor(protocol: TransportProtocol): Transport {
    return this.options.transports.find((t) => t.protocol === protocol) ?? this.defaultTransport();
  }

  private defaultTransport(): Transport {
    const transport = this.options.transports[0];
    if (!transport) throw new Error('UserAgentCore needs at least one transport');
    return transport;
  }

  private hostPort(transport: Transport, peer: Endpoint): string {
    const local = transport.localFor(peer);
    return `${formatHost(this.options.host ?? local.address)}:${local.port}`;
  }

  /** https://www.rfc-editor.org/rfc/rfc3261#section-18.1.1: sent-by is where responses come back. */
  private via(transport: Transport, destination: Endpoint): string {
    const local = transport.localFor(destination);
    const params = new Map<string, string | null>([
      ['branch', newBranch()],
      ['rport', null],
    ]);
    return formatVia({
      transport: transport.protocol,
      host: this.options.host ?? local.address,
      port: local.port,
      params,
    });
  }

  log(message: string): void {
    this.delegate.onLog?.(message);
  }
}
