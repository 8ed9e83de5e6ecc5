import { SipParseError } from '../exceptions/sip-parse-error.js';
import { formatParams, parseParams, type Params } from './text.js';
import { formatHost } from './uri.js';

/** RFC 3261 branch magic cookie, https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.7 */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';

/** One Via value, https://www.rfc-editor.org/rfc/rfc3261#section-20.42 */
export interface Via {
  /** Upper-case transport token: UDP, TCP, TLS, WS, WSS, SCTP… */
  transport: string;
  /** sent-by host (IPv6 without brackets). */
  host: string;
  port?: number;
  params: Params;
}

export function parseVia(text: string): Via {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, with optional LWS around slashes.
  let i = 0;
  const parts: string[] = [];
  for (let n = 0; n < 3; n++) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const start = i;
    while (i < text.length && text[i] !== '/' && text[i] !== ' ' && text[i] !== '\t') i++;
    parts.push(text.slice(start, i));
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (n < 2) {
      if (text[i] !== '/') throw new SipParseError(`Invalid Via "${text}": bad sent-protocol`);
      i++;
    }
  }
  const [name, version, transport] = parts as [string, string, string];
  if (name.toUpperCase() !== 'SIP' || version !== '2.0' || !transport) {
    throw new SipParseError(`Invalid Via "${text}": bad sent-protocol`);
  }
  const rest = text.slice(i);
  const semi = rest.indexOf(';');
  const sentBy = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  const via: Via = {
    transport: transport.toUpperCase(),
    host: '',
    params: parseParams(semi === -1 ? '' : rest.slice(semi)),
  };
  let portText: string | undefined;
  if (sentBy.startsWith('[')) {
    const close = sentBy.indexOf(']');
    if (close === -1) throw new SipParseError(`Invalid Via "${text}": bad IPv6 sent-by`);
    via.host = sentBy.slice(1, close);
    if (sentBy[close + 1] === ':') portText = sentBy.slice(close + 2);
    else if (close + 1 !== sentBy.length) throw new SipParseError(`Invalid Via "${text}": bad sent-by`);
  } else {
    const colon = sentBy.indexOf(':');
    via.host = colon === -1 ? sentBy : sentBy.slice(0, colon);
    if (colon !== -1) portText = sentBy.slice(colon + 1);
  }
  if (!via.host || via.host.includes(' ')) throw new SipParseError(`Invalid Via "${text}": bad sent-by`);
  if (portText !== undefined) {
    const port = Number(portText.trim());
    if (!portText.trim() || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new SipParseError(`Invalid Via "${text}": bad port`);
    }
    via.port = port;
  }
  return via;
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `SIP/2.0/${via.transport} ${formatHost(via.host)}${port}${formatParams(via.params)}`;
}

export function viaBranch(via: Via): string | undefined {
  return via.params.get('branch') ?? undefined;
}

export function viaReceived(via: Via): string | undefined {
  return via.params.get('received') ?? undefined;
}

/** `rport` value: a number when filled in, `true` when requested but empty, undefined when absent (RFC 3581). */
export function viaRport(via: Via): number | true | undefined {
  if (!via.params.has('rport')) return undefined;
  const raw = via.params.get('rport');
  return raw ? Number(raw) : true;
}

export function viaMaddr(via: Via): string | undefined {
  return via.params.get('maddr') ?? undefined;
}
