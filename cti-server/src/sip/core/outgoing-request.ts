import type { Dialog } from '../dialog/dialog.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { ClientTransaction } from '../transaction/transaction-layer.js';

export interface OutgoingRequestDelegate {
  /** 1xx; for INVITE a provisional with a To-tag also yields the early dialog. */
  onProgress?(response: SipResponse, dialog?: Dialog): void;
  /** 2xx; for INVITE the confirmed dialog (call `core.ack(dialog, response)`). Once per dialog. */
  onAccept?(response: SipResponse, dialog?: Dialog): void;
  /** 300-699 final response. */
  onReject?(response: SipResponse): void;
  /** Timer B/F: no final response (treat as 408, §8.1.3.1). */
  onTimeout?(): void;
  /** The request could not be sent (treat as 503, §8.1.3.1). */
  onTransportError?(error: Error): void;
}

/** A request we sent, with a handle to CANCEL it (INVITE only). */
export class OutgoingRequest {
  transaction?: ClientTransaction;
  /** Highest response class seen: used by `cancel()` (§9.1). */
  provisionalReceived = false;
  finalReceived = false;
  cancelRequested = false;
  /** Dialogs already reported through `onAccept` (forked or retransmitted 2xx are reported once). */
  readonly acceptedDialogs = new Set<string>();

  constructor(
    readonly request: SipRequest,
    readonly delegate: OutgoingRequestDelegate,
    private readonly sendCancel: (outgoing: OutgoingRequest) => void,
  ) {}

  /**
   * CANCEL a pending INVITE (https://www.rfc-editor.org/rfc/rfc3261#section-9.1): not before a provisional
   * response has arrived ("SHOULD NOT be sent"), so it is deferred until then; no-op after a final response.
   */
  cancel(): void {
    if (this.request.method !== 'INVITE' || this.finalReceived || this.cancelRequested) return;
    this.cancelRequested = true;
    if (this.provisionalReceived) this.sendCancel(this);
  }

  /** Called by the core on each response. */
  noteResponse(response: SipResponse): void {
    if (response.status < 200) {
      const first = !this.provisionalReceived;
      this.provisionalReceived = true;
      if (first && this.cancelRequested && !this.finalReceived) this.sendCancel(this);
    } else this.finalReceived = true;
  }
}
