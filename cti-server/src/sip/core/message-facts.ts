import type { SipRequest, SipResponse } from '../message/sip-message.js';

/** Whether a Content-Type names SDP (parameters ignored). */
export function isSdp(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/sdp';
}

/** Methods listed in Allow, upper case (https://www.rfc-editor.org/rfc/rfc3261#section-20.5). */
export function allowedMethods(message: SipRequest | SipResponse): string[] {
  return message.headers.getAll('Allow').map((m) => m.trim().toUpperCase());
}
