import type { Dialog } from '../dialog/dialog.js';
import type { SipRequest } from '../message/sip-message.js';
import type { Endpoint } from '../transport/transport.js';
import type { IncomingRequest } from './incoming-request.js';

/**
 * What the core hands up to the application (a B2BUA, a registrar). Every callback is optional; when a
 * request handler is missing the core answers with a sensible default (200 for OPTIONS/INFO/NOTIFY,
 * 501 otherwise). Handlers must eventually call `respond()` on what they are given.
 */
export interface UserAgentCoreDelegate {
  /** A new INVITE outside any dialog. */
  onInvite?(request: IncomingRequest): void;
  onRegister?(request: IncomingRequest): void;
  /** OPTIONS outside a dialog; without a handler the core answers 200 with Allow/Supported. */
  onOptions?(request: IncomingRequest): void;
  /** Any other allowed method outside a dialog (MESSAGE, SUBSCRIBE, NOTIFY…). */
  onRequestOutsideDialog?(request: IncomingRequest): void;

  /** BYE in a dialog; the core has already answered 200 and terminated the dialog. */
  onBye?(request: IncomingRequest, dialog: Dialog): void;
  /** re-INVITE in a confirmed dialog; without a handler the core answers 488. */
  onReinvite?(request: IncomingRequest, dialog: Dialog): void;
  onUpdate?(request: IncomingRequest, dialog: Dialog): void;
  onInfo?(request: IncomingRequest, dialog: Dialog): void;
  onRefer?(request: IncomingRequest, dialog: Dialog): void;
  onNotify?(request: IncomingRequest, dialog: Dialog): void;
  /** Any other in-dialog method (MESSAGE, OPTIONS…). */
  onInDialogRequest?(request: IncomingRequest, dialog: Dialog): void;

  /** A CANCEL matched a pending INVITE; the core has sent 200 to the CANCEL and 487 to the INVITE. */
  onCancel?(invite: IncomingRequest, cancel: SipRequest): void;
  /** The ACK for a 2xx we sent arrived (carries the answer when the 2xx held the offer). */
  onAck?(ack: SipRequest, dialog: Dialog): void;
  /**
   * RFC 4028 §10: the session timer ran out (no refresh from the peer, or our refresh failed with
   * 408/481/timeout). The core has sent BYE and terminated the dialog; hang up the rest of the call.
   */
  onSessionExpired?(dialog: Dialog): void;
  /** No ACK for our 2xx within 64*T1: the core sent BYE and terminated the dialog (§13.3.1.4). */
  onAckTimeout?(dialog: Dialog): void;
  /**
   * A TCP/TLS/WebSocket connection closed; `flow.connectionId` matches `source.connectionId` of what
   * arrived on it (a registrar drops the bindings registered over it, RFC 5626 §4.4).
   */
  onConnectionClosed?(flow: Endpoint): void;
  /** Diagnostics: dropped or unroutable messages. */
  onLog?(message: string): void;
}
