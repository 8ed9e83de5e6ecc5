import type { Dialog } from '../dialog/dialog.js';
import { TransactionStateError } from '../exceptions/transaction-state-error.js';
import { createResponse, type ResponseOptions } from '../message/response-builder.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/transaction-layer.js';
import type { Endpoint, Transport } from '../transport/transport.js';

/** Hook the core installs to see every response before it goes out (dialog creation, 2xx retransmission). */
export type ResponseHook = (incoming: IncomingRequest, response: SipResponse) => void;

/**
 * A request delivered to the application, with the server transaction that answers it.
 * `respond()` may be called for provisionals and then once for the final response.
 */
export class IncomingRequest {
  /** Set by the core when a dialog exists or is created by our response. */
  dialog?: Dialog;
  private finalSent = false;

  constructor(
    readonly request: SipRequest,
    readonly transaction: ServerTransaction,
    readonly source: Endpoint,
    readonly transport: Transport,
    /** To-tag used for every response to this request (§8.2.6.2: same tag on all responses). */
    readonly toTag: string,
    private readonly hook: ResponseHook,
  ) {}

  get method(): string {
    return this.request.method;
  }

  /** True once a final response has been sent. */
  get answered(): boolean {
    return this.finalSent;
  }

  /** True while a final response can still be sent. */
  get pending(): boolean {
    return !this.finalSent && this.transaction.state !== 'terminated';
  }

  /** Throws `TransactionStateError` once a final response was sent (e.g. the INVITE was CANCELled: check `pending`). */
  respond(status: number, options: Omit<ResponseOptions, 'toTag'> = {}): SipResponse {
    if (!this.pending) {
      throw new TransactionStateError(`${this.request.method} ${this.request.callId} already answered`);
    }
    const response = createResponse(this.request, status, { ...options, toTag: this.toTag });
    if (status >= 200) this.finalSent = true;
    this.hook(this, response);
    this.transaction.respond(response);
    return response;
  }
}
