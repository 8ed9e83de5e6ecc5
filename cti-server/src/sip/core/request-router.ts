import type { Dialog } from '../dialog/dialog.js';
import type { IncomingRequest } from './incoming-request.js';
import type { UserAgentCore } from './user-agent-core.js';

/** Hand a request outside any dialog to the delegate, or answer the default. */
export function routeOutsideDialog(core: UserAgentCore, incoming: IncomingRequest): void {
  const d = core.delegate;
  switch (incoming.method) {
    case 'INVITE':
      if (d.onInvite) d.onInvite(incoming);
      else incoming.respond(480);
      return;
    case 'REGISTER':
      if (d.onRegister) d.onRegister(incoming);
      else incoming.respond(501);
      return;
    case 'OPTIONS':
      // §11.2: answer with the capabilities we would have in an INVITE.
      if (d.onOptions) d.onOptions(incoming);
      else incoming.respond(200, { headers: capabilityHeaders(core) });
      return;
    case 'BYE':
    case 'UPDATE':
    case 'INFO':
    case 'PRACK':
      // These only exist inside a dialog (§15.1.2, RFC 3311, RFC 6086).
      incoming.respond(481);
      return;
    default:
      if (d.onRequestOutsideDialog) d.onRequestOutsideDialog(incoming);
      else incoming.respond(501);
  }
}

/** Hand an in-dialog request to the delegate (the dialog already checked CSeq). */
export function routeInDialog(core: UserAgentCore, incoming: IncomingRequest, dialog: Dialog): void {
  const d = core.delegate;
  switch (incoming.method) {
    case 'BYE':
      // §15.1.2: the UAS "MUST terminate the session ... and SHOULD generate a 2xx".
      incoming.respond(200);
      core.endDialog(dialog);
      d.onBye?.(incoming, dialog);
      return;
    case 'INVITE':
      if (d.onReinvite) d.onReinvite(incoming, dialog);
      else incoming.respond(488);
      return;
    case 'UPDATE':
      if (d.onUpdate) d.onUpdate(incoming, dialog);
      else incoming.respond(488);
      return;
    case 'INFO':
      if (d.onInfo) d.onInfo(incoming, dialog);
      else incoming.respond(200);
      return;
    case 'REFER':
      if (d.onRefer) d.onRefer(incoming, dialog);
      else incoming.respond(603);
      return;
    case 'NOTIFY':
      if (d.onNotify) d.onNotify(incoming, dialog);
      else incoming.respond(200);
      return;
    default:
      if (d.onInDialogRequest) d.onInDialogRequest(incoming, dialog);
      else incoming.respond(incoming.method === 'OPTIONS' ? 200 : 501);
  }
}

function capabilityHeaders(core: UserAgentCore): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['Allow', core.allow.join(', ')],
    ['Accept', 'application/sdp'],
  ];
  if (core.supported.length > 0) headers.push(['Supported', core.supported.join(', ')]);
  return headers;
}
