import { Headers } from '../message/headers.js';
import { SipRequest, type SipResponse } from '../message/sip-message.js';
import { Timers } from '../timers.js';
import type { Endpoint } from '../transport/transport.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { InviteClientState } from './transaction-state.js';
import type { ClientTransactionUser } from './transaction-user.js';

/**
 * INVITE client transaction (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1, with the
 * Accepted state of https://www.rfc-editor.org/rfc/rfc6026#section-7.2).
 *
 *            calling --1xx--> proceeding
 *    calling/proceeding --2xx--> accepted --Timer M--> terminated
 *    calling/proceeding --300-699 (send ACK)--> completed --Timer D--> terminated
 *    calling --Timer B / transport error--> terminated
 */
export class InviteClientTransaction extends Transaction<InviteClientState> {
  readonly kind = 'invite-client' as const;
  protected readonly transitions = {
    calling: ['proceeding', 'accepted', 'completed', 'terminated'],
    proceeding: ['accepted', 'completed', 'terminated'],
    accepted: ['terminated'],
    completed: ['terminated'],
    terminated: [],
  } as const satisfies Record<InviteClientState, readonly InviteClientState[]>;
  private readonly wire: Buffer;
  private ack?: Buffer;

  constructor(
    id: string,
    request: SipRequest,
    context: TransactionContext,
    destination: Endpoint,
    private readonly user: ClientTransactionUser,
  ) {
    super(id, request, context, destination, 'calling');
    this.wire = request.toBuffer();
    this.send(this.wire);
    // Timer A only for unreliable transports (§17.1.1.2).
    if (!this.reliable) this.scheduleA(Timers.TIMER_A);
    this.startTimer('B', Timers.TIMER_B, () => this.timerB());
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          // "the client transaction SHOULD move to the Proceeding state" and pass the response up (§17.1.1.2).
          if (this.state === 'calling') this.stateTransition('proceeding');
          this.clearTimer('A');
          this.user.onResponse?.(response);
        } else if (status < 300) {
          // 2xx: the TU sends the ACK itself; stay around to pass retransmissions up (RFC 6026 §8.4).
          this.stateTransition('accepted');
          this.user.onResponse?.(response);
        } else {
          // 300-699: "MUST generate an ACK request" and move to Completed (§17.1.1.2).
          this.sendAck(response);
          this.stateTransition('completed');
          this.user.onResponse?.(response);
        }
        return;
      case 'accepted':
        // "any 2xx responses that match this client transaction ... MUST be passed up to the TU" (RFC 6026 §8.4).
        if (status >= 200 && status < 300) this.user.onResponse?.(response);
        return;
      case 'completed':
        // "Any retransmissions of the final response ... MUST cause the ACK to be re-passed to the transport layer" (§17.1.1.2).
        if (status >= 300 && this.ack) this.send(this.ack);
        return;
      case 'terminated':
        return;
    }
  }

  /** ACK for a non-2xx final response (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.3). */
  static buildAck(request: SipRequest, response: SipResponse): SipRequest {
    const headers = new Headers();
    headers.append('Via', request.headers.getAll('Via')[0] ?? '');
    for (const route of request.headers.getAll('Route')) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', request.headers.get('From') ?? '');
    headers.append('To', response.headers.get('To') ?? '');
    headers.append('Call-ID', request.callId);
    headers.append('CSeq', `${request.cseq.seq} ACK`);
    return new SipRequest('ACK', request.uri, headers);
  }

  protected override stateTransition(next: InviteClientState): void {
    super.stateTransition(next);
    if (next === 'proceeding' || next === 'accepted' || next === 'completed') {
      this.clearTimer('A');
      this.clearTimer('B');
    }
    if (next === 'accepted') this.startTimer('M', Timers.TIMER_M, () => this.timeoutTo('accepted'));
    if (next === 'completed') {
      this.startTimer('D', this.reliable ? Timers.TIMER_D_RELIABLE : Timers.TIMER_D, () =>
        this.timeoutTo('completed'),
      );
    }
  }

  protected onTransportFailure(error: Error): void {
    // "the client transaction SHOULD inform the TU ... and move to Terminated" (§17.1.4).
    this.user.onTransportError?.(error);
    this.stateTransition('terminated');
  }

  protected onTerminate(): void {
    this.user.onTerminated?.();
  }

  private sendAck(response: SipResponse): void {
    this.ack = InviteClientTransaction.buildAck(this.request, response).toBuffer();
    this.send(this.ack);
  }

  private scheduleA(interval: number): void {
    // Timer A: retransmit at T1, 2T1, 4T1 … while Calling (§17.1.1.2).
    this.startTimer('A', interval, () => {
      if (this.state !== 'calling') return;
      this.send(this.wire);
      this.scheduleA(interval * 2);
    });
  }

  private timerB(): void {
    // "If the client transaction is still in the Calling state when timer B fires, ... inform the TU that a timeout occurred" (§17.1.1.2).
    if (this.state !== 'calling') return;
    this.user.onTimeout?.();
    this.stateTransition('terminated');
  }

  private timeoutTo(expected: InviteClientState): void {
    if (this.state === expected) this.stateTransition('terminated');
  }
}
