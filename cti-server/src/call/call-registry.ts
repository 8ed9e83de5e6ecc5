import type { Dialog, IncomingRequest } from '../sip/index.js';
import type { InboundCall } from './inbound-call.js';

/** Which side of the B2BUA a dialog is: the carrier's (the caller) or the agent's phone. */
export type CallSide = 'carrier' | 'agent';

/**
 * The inbound calls in progress, found by id, by the carrier's INVITE, by either leg's dialog,
 * or by the agent on them. A call leaves it, every index, when its machine reaches `ended`.
 */
export class CallRegistry {
  private readonly calls = new Map<string, InboundCall>();
  private readonly byInvite = new WeakMap<IncomingRequest, InboundCall>();
  private readonly byDialog = new Map<string, { call: InboundCall; side: CallSide }>();
  private readonly addedListeners = new Set<(call: InboundCall) => void>();

  add(call: InboundCall): void {
    this.calls.set(call.id, call);
    for (const listener of [...this.addedListeners]) listener(call);
    this.byInvite.set(call.carrier, call);
    call.lifecycle.onChange(({ to }) => {
      if (to !== 'ended') return;
      this.calls.delete(call.id);
      // Not left to the WeakMap: the core keeps the INVITE for its transaction's 32 s after the
      // final response (RFC 6026), and the entry would keep the whole ended call with it.
      this.byInvite.delete(call.carrier);
      for (const d of [call.agent?.dialog, call.carrierDialog]) if (d) this.byDialog.delete(d.id);
    });
  }

  /** A new call was admitted (its lifecycle's onChange follows it from there). */
  onAdded(listener: (call: InboundCall) => void): () => void {
    this.addedListeners.add(listener);
    return () => this.addedListeners.delete(listener);
  }

  get(callId: string): InboundCall | undefined {
    return this.calls.get(callId);
  }

  get size(): number {
    return this.calls.size;
  }

  all(): IterableIterator<InboundCall> {
    return this.calls.values();
  }

  /** The call a carrier's INVITE started (for its CANCEL). */
  ofInvite(invite: IncomingRequest): InboundCall | undefined {
    return this.byInvite.get(invite);
  }

  /** In-dialog requests on `dialog` belong to this call's `side`. */
  bind(call: InboundCall, dialog: Dialog, side: CallSide): void {
    this.byDialog.set(dialog.id, { call, side });
  }

  unbind(dialog: Dialog): void {
    this.byDialog.delete(dialog.id);
  }

  leg(dialog: Dialog): { call: InboundCall; side: CallSide } | undefined {
    return this.byDialog.get(dialog.id);
  }

  /** The customer call an agent is on (or is coming back to after losing their phone). */
  callOfAgent(extension: string): InboundCall | undefined {
    for (const call of this.calls.values())
      if (
        (call.state === 'connected' || call.state === 'reconnecting') &&
        call.agent?.extension === extension
      )
        return call;
    return undefined;
  }

  /** The customer call an agent is talking on now (a new call from them is a consult). */
  connectedCallOf(extension: string): InboundCall | undefined {
    for (const call of this.calls.values())
      if (call.state === 'connected' && call.agent?.extension === extension) return call;
    return undefined;
  }
}
