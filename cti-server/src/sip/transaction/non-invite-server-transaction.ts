import { TransactionStateError } from '../exceptions/transaction-state-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { Timers } from '../timers.js';
import type { Endpoint } from '../transport/transport.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { NonInviteServerState } from './transaction-state.js';
import type { ServerTransactionUser } from './transaction-user.js';

/**
 * Non-INVITE server transaction (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2).
 *
 *    trying --1xx--> proceeding --1xx--> proceeding
 *    trying/proceeding --200-699--> completed --Timer J--> terminated
 */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  readonly kind = 'non-invite-server' as const;
  protected readonly transitions = {
    trying: ['proceeding', 'completed', 'terminated'],
    proceeding: ['completed', 'terminated'],
    completed: ['terminated'],
    terminated: [],
  } as const satisfies Record<NonInviteServerState, readonly NonInviteServerState[]>;
  private lastResponse?: Buffer;
  user: ServerTransactionUser = {};

  constructor(id: string, request: SipRequest, context: TransactionContext, destination: Endpoint) {
    super(id, request, context, destination, 'trying');
  }

  respond(response: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') {
      throw new TransactionStateError(`cannot send ${response.status} in state ${this.state}`);
    }
    const wire = response.toBuffer();
    this.lastResponse = wire;
    this.send(wire);
    if (response.status >= 200) this.stateTransition('completed');
    else if (this.state === 'trying') this.stateTransition('proceeding');
  }

  /** A retransmission of the request. */
  receiveRequest(_request: SipRequest): void {
    // Trying: discard; Proceeding/Completed: resend the last response (§17.2.2).
    if ((this.state === 'proceeding' || this.state === 'completed') && this.lastResponse)
      this.send(this.lastResponse);
  }

  protected override stateTransition(next: NonInviteServerState): void {
    super.stateTransition(next);
    if (next === 'completed') {
      // Timer J: 64*T1 for unreliable transports, zero for reliable (§17.2.2).
      this.startTimer('J', this.reliable ? Timers.TIMER_J_RELIABLE : Timers.TIMER_J, () => {
        if (this.state === 'completed') this.stateTransition('terminated');
      });
    }
  }

  protected onTransportFailure(error: Error): void {
    this.user.onTransportError?.(error);
    this.stateTransition('terminated');
  }

  protected onTerminate(): void {
    this.user.onTerminated?.();
  }
}
