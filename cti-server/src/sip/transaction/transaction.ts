import type { Clock, TimerHandle } from '../../clock/index.js';
import { TransactionStateError } from '../exceptions/transaction-state-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Endpoint, Transport } from '../transport/transport.js';
import type { TransactionKind } from './transaction-user.js';

/** Collaborators every transaction needs; the clock is injected so tests can drive time. */
export interface TransactionContext {
  transport: Transport;
  clock: Clock;
}

/**
 * Base of the four transactions: a guarded `stateTransition()`, named timers that are all cleared on
 * termination, and a send path that reports transport failures instead of throwing.
 */
export abstract class Transaction<State extends string> {
  abstract readonly kind: TransactionKind;
  private current: State;
  private readonly handles = new Map<string, TimerHandle>();
  private readonly stateListeners: Array<(state: State) => void> = [];

  protected constructor(
    readonly id: string,
    readonly request: SipRequest,
    protected readonly context: TransactionContext,
    readonly destination: Endpoint,
    initial: State,
  ) {
    this.current = initial;
  }

  get state(): State {
    return this.current;
  }

  get reliable(): boolean {
    return this.context.transport.reliable;
  }

  /** Allowed moves per state; anything else throws `TransactionStateError`. */
  protected abstract readonly transitions: Readonly<Record<State, readonly State[]>>;

  protected abstract onTransportFailure(error: Error): void;

  protected abstract onTerminate(): void;

  addStateListener(listener: (state: State) => void): void {
    this.stateListeners.push(listener);
  }

  protected stateTransition(next: State): void {
    if (!this.transitions[this.current].includes(next)) {
      throw new TransactionStateError(
        `${this.kind} ${this.id}: illegal transition ${this.current} → ${next}`,
      );
    }
    this.current = next;
    if (next === 'terminated') this.dispose();
    for (const listener of this.stateListeners) listener(next);
    if (next === 'terminated') this.onTerminate();
  }

  protected startTimer(name: string, ms: number, fire: () => void): void {
    this.clearTimer(name);
    this.handles.set(
      name,
      this.context.clock.setTimeout(() => {
        this.handles.delete(name);
        fire();
      }, ms),
    );
  }

  protected clearTimer(name: string): void {
    const handle = this.handles.get(name);
    if (handle !== undefined) {
      this.context.clock.clearTimeout(handle);
      this.handles.delete(name);
    }
  }

  protected send(message: SipRequest | SipResponse | Buffer): void {
    this.context.transport.send(message, this.destination).catch((error: unknown) => {
      if (this.current !== 'terminated')
        this.onTransportFailure(error instanceof Error ? error : new Error(String(error)));
    });
  }

  /** Clear every timer; called on entering `terminated`. */
  dispose(): void {
    for (const handle of this.handles.values()) this.context.clock.clearTimeout(handle);
    this.handles.clear();
  }
}
