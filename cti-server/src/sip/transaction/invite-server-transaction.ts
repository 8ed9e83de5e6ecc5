import { TransactionStateError } from '../exceptions/transaction-state-error.js';
import { createResponse } from '../message/response-builder.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { Timers } from '../timers.js';
import type { Endpoint } from '../transport/transport.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { InviteServerState } from './transaction-state.js';
import type { ServerTransactionUser } from './transaction-user.js';

/**
 * INVITE server transaction (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1, with the
 * Accepted state of https://www.rfc-editor.org/rfc/rfc6026#section-7.1).
 *
 *    proceeding --1xx--> proceeding
 *    proceeding --2xx--> accepted --Timer L--> terminated
 *    proceeding --300-699--> completed --ACK--> confirmed --Timer I--> terminated
 *                            completed --Timer H--> terminated (TU told: no ACK)
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  readonly kind = 'invite-server' as const;
  protected readonly transitions = {
    proceeding: ['accepted', 'completed', 'terminated'],
    accepted: ['terminated'],
    completed: ['confirmed', 'terminated'],
    confirmed: ['terminated'],
    terminated: [],
  } as const satisfies Record<InviteServerState, readonly InviteServerState[]>;
  private lastResponse?: Buffer;
  user: ServerTransactionUser = {};

  constructor(id: string, request: SipRequest, context: TransactionContext, destination: Endpoint) {
    super(id, request, context, destination, 'proceeding');
    // "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will
    // generate a provisional or final response within 200 ms" (§17.2.1).
    this.startTimer('Trying', Timers.PROVISIONAL_100, () => {
      if (this.state === 'proceeding' && !this.lastResponse) this.respond(createResponse(this.request, 100));
    });
  }

  /** Send a response from the TU. */
  respond(response: SipResponse): void {
    if (this.state !== 'proceeding') {
      throw new TransactionStateError(`cannot send ${response.status} in state ${this.state}`);
    }
    this.clearTimer('Trying');
    const wire = response.toBuffer();
    this.lastResponse = wire;
    this.send(wire);
    if (response.status >= 300) this.stateTransition('completed');
    else if (response.status >= 200) this.stateTransition('accepted');
  }

  /** A request that matched this transaction: a retransmitted INVITE or the ACK for a non-2xx. */
  receiveRequest(request: SipRequest): void {
    if (request.method === 'ACK') {
      // "If an ACK is received while the server transaction is in the Completed state, ... transition to Confirmed" (§17.2.1).
      if (this.state === 'completed') this.stateTransition('confirmed');
      return;
    }
    switch (this.state) {
      case 'proceeding':
      case 'completed':
        // Retransmitted INVITE: resend the most recent provisional or final response (§17.2.1).
        if (this.lastResponse) this.send(this.lastResponse);
        return;
      case 'accepted':
      case 'confirmed':
      case 'terminated':
        // Absorbed (RFC 6026 §8.7; §17.2.1 Confirmed).
        return;
    }
  }

  protected override stateTransition(next: InviteServerState): void {
    super.stateTransition(next);
    if (next === 'accepted') this.startTimer('L', Timers.TIMER_L, () => this.terminateFrom('accepted'));
    if (next === 'completed') {
      if (!this.reliable) this.scheduleG(Timers.TIMER_G);
      this.startTimer('H', Timers.TIMER_H, () => {
        if (this.state !== 'completed') return;
        // "If timer H fires while in the Completed state, ... the server transaction MUST transition to Terminated and inform the TU" (§17.2.1).
        this.user.onTimeout?.();
        this.stateTransition('terminated');
      });
    }
    if (next === 'confirmed') {
      this.clearTimer('G');
      this.clearTimer('H');
      this.startTimer('I', this.reliable ? Timers.TIMER_I_RELIABLE : Timers.TIMER_I, () =>
        this.terminateFrom('confirmed'),
      );
    }
  }

  protected onTransportFailure(error: Error): void {
    this.user.onTransportError?.(error);
    this.stateTransition('terminated');
  }

  protected onTerminate(): void {
    this.user.onTerminated?.();
  }

  private scheduleG(interval: number): void {
    // Timer G: retransmit the final response at min(2^n * T1, T2) until ACK (§17.2.1).
    this.startTimer('G', interval, () => {
      if (this.state !== 'completed' || !this.lastResponse) return;
      this.send(this.lastResponse);
      this.scheduleG(Math.min(interval * 2, Timers.T2));
    });
  }

  private terminateFrom(expected: InviteServerState): void {
    if (this.state === expected) this.stateTransition('terminated');
  }
}
