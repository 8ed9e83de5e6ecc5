import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { Timers } from '../timers.js';
import type { Endpoint } from '../transport/transport.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { NonInviteClientState } from './transaction-state.js';
import type { ClientTransactionUser } from './transaction-user.js';

/**
 * Non-INVITE client transaction (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2).
 *
 *    trying --1xx--> proceeding
 *    trying/proceeding --200-699--> completed --Timer K--> terminated
 *    trying/proceeding --Timer F / transport error--> terminated
 */
export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  readonly kind = 'non-invite-client' as const;
  protected readonly transitions = {
    trying: ['proceeding', 'completed', 'terminated'],
    proceeding: ['completed', 'terminated'],
    completed: ['terminated'],
    terminated: [],
  } as const satisfies Record<NonInviteClientState, readonly NonInviteClientState[]>;
  private readonly wire: Buffer;

  constructor(
    id: string,
    request: SipRequest,
    context: TransactionContext,
    destination: Endpoint,
    private readonly user: ClientTransactionUser,
  ) {
    super(id, request, context, destination, 'trying');
    this.wire = request.toBuffer();
    this.send(this.wire);
    if (!this.reliable) this.scheduleE(Timers.TIMER_E);
    this.startTimer('F', Timers.TIMER_F, () => this.timerF());
  }

  receiveResponse(response: SipResponse): void {
    switch (this.state) {
      case 'trying':
      case 'proceeding':
        if (response.status < 200) {
          if (this.state === 'trying') this.stateTransition('proceeding');
        } else {
          this.stateTransition('completed');
        }
        this.user.onResponse?.(response);
        return;
      case 'completed':
      case 'terminated':
        // Retransmitted finals are absorbed in Completed (§17.1.2.2).
        return;
    }
  }

  protected override stateTransition(next: NonInviteClientState): void {
    super.stateTransition(next);
    if (next === 'completed') {
      this.clearTimer('E');
      this.clearTimer('F');
      // Timer K: T4 for unreliable, zero for reliable transports (§17.1.2.2).
      this.startTimer('K', this.reliable ? Timers.TIMER_K_RELIABLE : Timers.TIMER_K, () => {
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

  private scheduleE(interval: number): void {
    // Timer E: doubles up to T2 in Trying; fixed at T2 once Proceeding (§17.1.2.2).
    this.startTimer('E', interval, () => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.send(this.wire);
      this.scheduleE(this.state === 'proceeding' ? Timers.T2 : Math.min(interval * 2, Timers.T2));
    });
  }

  private timerF(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.user.onTimeout?.();
    this.stateTransition('terminated');
  }
}
