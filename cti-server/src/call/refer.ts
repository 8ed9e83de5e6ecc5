import { parseNameAddr, type Dialog, type UserAgentCore } from '../sip/index.js';

/** The target of a REFER's Refer-To (https://www.rfc-editor.org/rfc/rfc3515#section-2.1). */
export function referTarget(value: string | undefined): { user: string; replaces?: Replaces } | null {
  if (!value) return null;
  try {
    const { uri } = parseNameAddr(value);
    if (uri.kind !== 'sip' || !uri.user) return null;
    const replaces = uri.headers.get('Replaces');
    return replaces === undefined
      ? { user: uri.user }
      : { user: uri.user, replaces: parseReplaces(replaces) };
  } catch {
    return null;
  }
}

export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
}

/** `call-id;to-tag=…;from-tag=…` (https://www.rfc-editor.org/rfc/rfc3891#section-6.1), URI-escaped in Refer-To. */
function parseReplaces(raw: string): Replaces {
  const [callId = '', ...params] = decodeURIComponent(raw).split(';');
  const param = (name: string) =>
    params.map((p) => p.trim().split('=')).find(([k]) => k?.toLowerCase() === name)?.[1] ?? '';
  return { callId: callId.trim(), toTag: param('to-tag'), fromTag: param('from-tag') };
}

/**
 * Progress of a REFER back to the transferor: NOTIFY with a sipfrag of the new leg's status
 * (https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5); `final` ends the implicit subscription.
 */
export function referNotifier(
  core: UserAgentCore,
  dialog: Dialog,
): (sipfrag: string, final: boolean) => void {
  return (sipfrag, final) =>
    core.sendInDialog(dialog, 'NOTIFY', {
      body: `SIP/2.0 ${sipfrag}\r\n`,
      contentType: 'message/sipfrag;version=2.0',
      headers: [
        ['Event', 'refer'],
        ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60'],
      ],
    });
}
