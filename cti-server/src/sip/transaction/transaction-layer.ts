import { systemClock, type Clock } from '../../clock/index.js';
import { newTag } from '../message/ids.js';
import { createResponse } from '../message/response-builder.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { BRANCH_MAGIC_COOKIE, viaBranch, type Via } from '../message/via.js';
import { responseDestination } from '../transport/inbound.js';
import type { Endpoint, Transport } from '../transport/transport.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import type { ClientTransactionUser } from './transaction-user.js';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

export interface TransactionLayerDelegate {
  /** A new request (not a retransmission, not ACK): its server transaction is already created. */
  onRequest?(
    request: SipRequest,
    transaction: ServerTransaction,
    source: Endpoint,
    transport: Transport,
  ): void;
  /** An ACK that matched no server transaction, i.e. the ACK for a 2xx (§17.2.3, §13.3.1.4). */
  onAck?(ack: SipRequest, source: Endpoint, transport: Transport): void;
  /** A response that matched no client transaction, e.g. a 2xx retransmitted after Timer M (§17.1.3). */
  onStrayResponse?(response: SipResponse, source: Endpoint): void;
}

/**
 * What the application says of a new request before any transaction is spent on it (flood
 * defence): go on, drop it unanswered, or answer it statelessly (e.g. 503 with Retry-After).
 * Retransmissions and ACKs are never screened: their transaction, or the dialog, exists already.
 */
export type RequestScreening =
  | undefined
  | { drop: string }
  | { status: number; reason: string; headers?: ReadonlyArray<readonly [string, string]> };

export type RequestScreen = (request: SipRequest, source: Endpoint) => RequestScreening;

function sentBy(via: Via): string {
  return `${via.host}:${via.port ?? ''}`;
}

/**
 * Server transaction key (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.3): branch + sent-by + method,
 * where ACK maps to INVITE. Without the magic cookie (RFC 2543 peers) the dialog identifiers and CSeq are used.
 */
export function serverTransactionKey(request: SipRequest, method = request.method): string {
  const via = request.topVia;
  const branch = viaBranch(via);
  const m = method === 'ACK' ? 'INVITE' : method;
  if (branch?.startsWith(BRANCH_MAGIC_COOKIE)) return `${branch}|${sentBy(via)}|${m}`;
  return `${request.callId}|${request.fromTag ?? ''}|${request.cseq.seq}|${sentBy(via)}|${m}`;
}

/** Client transaction key (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.3): top Via branch + CSeq method. */
export function clientTransactionKey(message: SipRequest | SipResponse): string {
  return `${viaBranch(message.topVia) ?? ''}|${message.cseq.method}`;
}

/**
 * Routes messages to transactions (or up to the TU) and owns their lifetimes.
 */
export class TransactionLayer {
  delegate: TransactionLayerDelegate = {};
  screen?: RequestScreen;
  /** Requests screened out: dropped, or answered without a transaction. */
  onScreened?: (request: SipRequest, source: Endpoint, screening: NonNullable<RequestScreening>) => void;
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();

  constructor(private readonly clock: Clock = systemClock) {}

  get clientCount(): number {
    return this.clients.size;
  }

  get serverCount(): number {
    return this.servers.size;
  }

  receive(message: SipRequest | SipResponse, source: Endpoint, transport: Transport): void {
    if (message.isRequest) this.receiveRequest(message, source, transport);
    else this.receiveResponse(message, source);
  }

  /** Start a client transaction; the request must already carry its top Via with a fresh branch. */
  sendRequest(
    request: SipRequest,
    transport: Transport,
    destination: Endpoint,
    user: ClientTransactionUser,
  ): ClientTransaction {
    const id = clientTransactionKey(request);
    const context = { transport, clock: this.clock };
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(id, request, context, destination, user)
        : new NonInviteClientTransaction(id, request, context, destination, user);
    if (transaction.state !== 'terminated') {
      this.clients.set(id, transaction);
      transaction.addStateListener((state) => {
        if (state === 'terminated' && this.clients.get(id) === transaction) this.clients.delete(id);
      });
    }
    return transaction;
  }

  /**
   * The INVITE server transaction a CANCEL refers to (https://www.rfc-editor.org/rfc/rfc3261#section-9.2):
   * same branch and sent-by, method INVITE.
   */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | undefined {
    const transaction = this.servers.get(serverTransactionKey(cancel, 'INVITE'));
    return transaction instanceof InviteServerTransaction ? transaction : undefined;
  }

  private receiveRequest(request: SipRequest, source: Endpoint, transport: Transport): void {
    const id = serverTransactionKey(request);
    const existing = this.servers.get(id);
    if (existing) {
      existing.receiveRequest(request);
      return;
    }
    if (request.method === 'ACK') {
      this.delegate.onAck?.(request, source, transport);
      return;
    }
    const destination = responseDestination(request.topVia, source, transport.reliable);
    const screening = this.screen?.(request, source);
    if (screening) {
      this.onScreened?.(request, source, screening);
      if ('status' in screening) {
        const response = createResponse(request, screening.status, {
          toTag: newTag(),
          ...(screening.headers && { headers: screening.headers }),
        });
        transport.send(response, destination).catch(() => undefined);
      }
      return;
    }
    const context = { transport, clock: this.clock };
    const transaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(id, request, context, destination)
        : new NonInviteServerTransaction(id, request, context, destination);
    this.servers.set(id, transaction);
    transaction.addStateListener((state) => {
      if (state === 'terminated' && this.servers.get(id) === transaction) this.servers.delete(id);
    });
    this.delegate.onRequest?.(request, transaction, source, transport);
  }

  private receiveResponse(response: SipResponse, source: Endpoint): void {
    const transaction = this.clients.get(clientTransactionKey(response));
    if (transaction) transaction.receiveResponse(response);
    else this.delegate.onStrayResponse?.(response, source);
  }

  /** Drop every transaction and its timers (shutdown). */
  dispose(): void {
    for (const t of [...this.clients.values(), ...this.servers.values()]) t.dispose();
    this.clients.clear();
    this.servers.clear();
  }
}
