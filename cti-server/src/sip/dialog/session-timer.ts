import type { SipRequest } from '../message/sip-message.js';
import { parseParams } from '../message/text.js';

/** RFC 4028 session timers: header parsing and the UAS-side choice of interval and refresher. */

export interface SessionExpires {
  /** Seconds. */
  interval: number;
  refresher?: 'uac' | 'uas';
}

/** Lowest interval allowed by https://www.rfc-editor.org/rfc/rfc4028#section-4 */
export const MIN_SESSION_EXPIRES = 90;

export function parseSessionExpires(value: string): SessionExpires | undefined {
  const semi = value.indexOf(';');
  const interval = Number((semi === -1 ? value : value.slice(0, semi)).trim());
  if (!Number.isInteger(interval) || interval < 1) return undefined;
  const refresher = parseParams(semi === -1 ? '' : value.slice(semi))
    .get('refresher')
    ?.toLowerCase();
  return refresher === 'uac' || refresher === 'uas' ? { interval, refresher } : { interval };
}

export function formatSessionExpires(se: SessionExpires): string {
  return se.refresher ? `${se.interval};refresher=${se.refresher}` : String(se.interval);
}

export function parseMinSE(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.split(';')[0]?.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export type SessionTimerDecision =
  | { kind: 'none' }
  | { kind: 'reject'; status: 422; minSE: number }
  | { kind: 'accept'; sessionExpires: Required<SessionExpires> };

/**
 * What a UAS answers to an INVITE (https://www.rfc-editor.org/rfc/rfc4028#section-9):
 * reject with 422 + Min-SE when the offered interval is below our minimum; otherwise echo it with a
 * refresher, choosing `uac` when the peer supports `timer` and left it open.
 */
export function decideSessionTimer(
  request: SipRequest,
  localMinSE = MIN_SESSION_EXPIRES,
): SessionTimerDecision {
  const raw = request.headers.get('Session-Expires');
  const se = raw === undefined ? undefined : parseSessionExpires(raw);
  if (!se) return { kind: 'none' };
  const minSE = Math.max(localMinSE, parseMinSE(request.headers.get('Min-SE')) ?? MIN_SESSION_EXPIRES);
  if (se.interval < minSE) return { kind: 'reject', status: 422, minSE };
  const peerSupportsTimer = request.optionTags('Supported').includes('timer');
  // A UAC without `timer` cannot refresh (a proxy added Session-Expires for it): the UAS must.
  const refresher = peerSupportsTimer ? (se.refresher ?? 'uac') : 'uas';
  return { kind: 'accept', sessionExpires: { interval: se.interval, refresher } };
}

/** When the refresher should send its refresh: half the interval (§10). */
export function refreshDelayMs(se: SessionExpires): number {
  return (se.interval * 1000) / 2;
}
