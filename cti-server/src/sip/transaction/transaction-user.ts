import type { SipRequest, SipResponse } from '../message/sip-message.js';

/** What a client transaction tells its transaction user (https://www.rfc-editor.org/rfc/rfc3261#section-17.1). */
export interface ClientTransactionUser {
  /** Every response the TU must see: provisionals, the final one, and (INVITE) 2xx retransmissions. */
  onResponse?(response: SipResponse): void;
  /** Timer B or F fired: treat as 408 (https://www.rfc-editor.org/rfc/rfc3261#section-8.1.3.1). */
  onTimeout?(): void;
  /** The transport could not send: treat as 503 (§8.1.3.1). */
  onTransportError?(error: Error): void;
  onTerminated?(): void;
}

/** What a server transaction tells its transaction user (https://www.rfc-editor.org/rfc/rfc3261#section-17.2). */
export interface ServerTransactionUser {
  /** Timer H fired: no ACK arrived for a non-2xx final response (§17.2.1). */
  onTimeout?(): void;
  onTransportError?(error: Error): void;
  onTerminated?(): void;
}

export type TransactionKind = 'invite-client' | 'non-invite-client' | 'invite-server' | 'non-invite-server';

/** Shape shared by all transactions, for the layer's bookkeeping. */
export interface TransactionLike {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly state: string;
  readonly request: SipRequest;
}
