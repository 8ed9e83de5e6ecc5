import type { Dialog } from '../dialog/dialog.js';
import { SessionExpiryTimer } from '../dialog/session-expiry-timer.js';
import {
  decideSessionTimer,
  formatSessionExpires,
  parseSessionExpires,
  type SessionExpires,
} from '../dialog/session-timer.js';
import type { SipResponse } from '../message/sip-message.js';
import type { IncomingRequest } from './incoming-request.js';
import type { UserAgentCore } from './user-agent-core.js';

const SDP = 'application/sdp';

/**
 * RFC 4028 session timers for the core's dialogs (on when the core lists `timer` as supported):
 * 422 to intervals below Min-SE, Session-Expires/Require in our 2xx (§9), refreshes when we are the
 * refresher and BYE + `onSessionExpired` when no refresh came in time (§10).
 */
export class SessionTimers {
  private readonly byDialog = new Map<string, SessionExpiryTimer>();
  private readonly accepted = new WeakMap<IncomingRequest, Required<SessionExpires>>();

  constructor(
    private readonly core: UserAgentCore,
    readonly enabled: boolean,
  ) {}

  /** A received INVITE/UPDATE: true when answered 422 (https://www.rfc-editor.org/rfc/rfc4028#section-9). */
  screen(incoming: IncomingRequest): boolean {
    const method = incoming.request.method;
    if (!this.enabled || (method !== 'INVITE' && method !== 'UPDATE')) return false;
    const decision = decideSessionTimer(incoming.request);
    if (decision.kind === 'reject') {
      incoming.respond(422, { headers: [['Min-SE', String(decision.minSE)]] });
      return true;
    }
    if (decision.kind === 'accept') this.accepted.set(incoming, decision.sessionExpires);
    return false;
  }

  /** Before a response to INVITE/UPDATE leaves: the §9 headers on a 2xx. */
  decorate(incoming: IncomingRequest, response: SipResponse): void {
    const se = this.accepted.get(incoming);
    if (!se || response.status < 200 || response.status >= 300) return;
    response.headers.set('Session-Expires', formatSessionExpires(se));
    // §9: MUST when the UAC refreshes, SHOULD when it merely supports timers.
    if (incoming.request.optionTags('Supported').includes('timer'))
      response.headers.append('Require', 'timer');
  }

  /** After a 2xx to INVITE/UPDATE went out on `dialog`: it starts or refreshes the session. */
  answered(incoming: IncomingRequest, response: SipResponse, dialog: Dialog): void {
    if (!this.enabled || response.status < 200 || response.status >= 300) return;
    const se = this.accepted.get(incoming);
    // A refresh without Session-Expires turns the timer off for the dialog (§9: no timer negotiated).
    if (!se) this.stop(dialog);
    else this.track(dialog, se.interval, se.refresher === dialog.role);
  }

  /** A 2xx to an INVITE/UPDATE we sent (UAC side, §7.2): follow what the peer chose. */
  acceptedByPeer(dialog: Dialog, response: SipResponse): void {
    const raw = response.headers.get('Session-Expires');
    const se = raw === undefined ? undefined : parseSessionExpires(raw);
    if (!this.enabled || !se) return;
    this.track(dialog, se.interval, (se.refresher ?? 'uac') === dialog.role);
  }

  stop(dialog: Dialog): void {
    this.byDialog.get(dialog.id)?.stop();
    this.byDialog.delete(dialog.id);
  }

  dispose(): void {
    for (const timer of this.byDialog.values()) timer.stop();
    this.byDialog.clear();
  }

  private track(dialog: Dialog, interval: number, weRefresh: boolean): void {
    let timer = this.byDialog.get(dialog.id);
    if (!timer) {
      timer = new SessionExpiryTimer(this.core.clock, {
        onRefreshDue: () => this.refresh(dialog),
        onExpired: () => this.expire(dialog),
      });
      this.byDialog.set(dialog.id, timer);
    }
    timer.restart(interval, weRefresh);
  }

  /**
   * Refresh with UPDATE and no body when the peer allows it, else a re-INVITE repeating our last
   * description (an unchanged offer, https://www.rfc-editor.org/rfc/rfc4028#section-7.4).
   */
  private refresh(dialog: Dialog): void {
    const timer = this.byDialog.get(dialog.id);
    if (!timer || dialog.state !== 'confirmed') return;
    const headers: Array<[string, string]> = [
      ['Session-Expires', formatSessionExpires({ interval: timer.interval, refresher: dialog.role })],
      ['Supported', 'timer'],
    ];
    const update = dialog.remoteAllow?.includes('UPDATE') ?? false;
    const body = update ? undefined : dialog.localSdp;
    const options = body ? { headers, body, contentType: SDP } : { headers };
    this.core.log(`session refresh (${update ? 'UPDATE' : 're-INVITE'}) on ${dialog.callId}`);
    this.core.sendInDialog(dialog, update ? 'UPDATE' : 'INVITE', options, {
      onAccept: (response) => {
        if (!update) this.core.ack(dialog, response);
        // A 2xx without Session-Expires still refreshed the session; keep our interval.
        if (response.headers.has('Session-Expires')) this.acceptedByPeer(dialog, response);
        else this.track(dialog, timer.interval, true);
      },
      // §10: 408/481 mean the dialog is gone; other failures leave the expiry timer to decide.
      onReject: (response) => {
        if (response.status === 408 || response.status === 481) this.expire(dialog);
      },
      onTimeout: () => this.expire(dialog),
      onTransportError: () => this.expire(dialog),
    });
  }

  private expire(dialog: Dialog): void {
    this.stop(dialog);
    if (dialog.state === 'terminated') return;
    this.core.log(`session expired on ${dialog.callId}: BYE`);
    this.core.bye(dialog);
    this.core.delegate.onSessionExpired?.(dialog);
  }
}
