import { SipParseError } from '../exceptions/sip-parse-error.js';
import { formatParams, parseParams, type Params } from './text.js';

/** sip: / sips: URI, https://www.rfc-editor.org/rfc/rfc3261#section-19.1 */
export interface SipUri {
  readonly kind: 'sip';
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** Host name or IP address; IPv6 addresses are kept without brackets. */
  host: string;
  port?: number;
  params: Params;
  headers: Map<string, string>;
}

/** tel: URI, https://www.rfc-editor.org/rfc/rfc3966 */
export interface TelUri {
  readonly kind: 'tel';
  readonly scheme: 'tel';
  number: string;
  params: Params;
}

/** Any other absoluteURI; kept opaque so a core can answer 416 (RFC 3261 §8.2.2.1). */
export interface OtherUri {
  readonly kind: 'other';
  readonly scheme: string;
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OtherUri;

function isSchemeChar(c: number, first: boolean): boolean {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (first) return alpha;
  return alpha || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

function isHostChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95
  );
}

export function parseUri(text: string): Uri {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new SipParseError(`Invalid URI "${text}": no scheme`);
  for (let i = 0; i < colon; i++) {
    if (!isSchemeChar(text.charCodeAt(i), i === 0))
      throw new SipParseError(`Invalid URI scheme in "${text}"`);
  }
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest, text);
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    const number = semi === -1 ? rest : rest.slice(0, semi);
    if (!number) throw new SipParseError(`Invalid tel URI "${text}"`);
    return { kind: 'tel', scheme: 'tel', number, params: parseParams(semi === -1 ? '' : rest.slice(semi)) };
  }
  if (!rest) throw new SipParseError(`Invalid URI "${text}"`);
  return { kind: 'other', scheme, opaque: rest };
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string, text: string): SipUri {
  const uri: SipUri = { kind: 'sip', scheme, host: '', params: new Map(), headers: new Map() };
  let hostStart = 0;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    const pw = userinfo.indexOf(':');
    uri.user = pw === -1 ? userinfo : userinfo.slice(0, pw);
    if (pw !== -1) uri.password = userinfo.slice(pw + 1);
    if (!uri.user) throw new SipParseError(`Invalid URI "${text}": empty user`);
    hostStart = at + 1;
  }
  let i = hostStart;
  if (rest[i] === '[') {
    const close = rest.indexOf(']', i);
    if (close === -1) throw new SipParseError(`Invalid URI "${text}": unterminated IPv6 reference`);
    uri.host = rest.slice(i + 1, close);
    for (let j = 0; j < uri.host.length; j++) {
      const c = uri.host.charCodeAt(j);
      if (!(isHostChar(c) || c === 58)) throw new SipParseError(`Invalid URI "${text}": bad IPv6 reference`);
    }
    i = close + 1;
  } else {
    while (i < rest.length && isHostChar(rest.charCodeAt(i))) i++;
    uri.host = rest.slice(hostStart, i);
  }
  if (!uri.host) throw new SipParseError(`Invalid URI "${text}": empty host`);
  if (rest[i] === ':') {
    const portStart = ++i;
    while (i < rest.length && rest.charCodeAt(i) >= 48 && rest.charCodeAt(i) <= 57) i++;
    const port = Number(rest.slice(portStart, i));
    if (i === portStart || port > 65535) throw new SipParseError(`Invalid URI "${text}": bad port`);
    uri.port = port;
  }
  const question = rest.indexOf('?', i);
  const paramText = question === -1 ? rest.slice(i) : rest.slice(i, question);
  if (paramText && paramText[0] !== ';')
    throw new SipParseError(`Invalid URI "${text}": unexpected characters`);
  uri.params = parseParams(paramText);
  if (question !== -1) {
    for (const pair of rest.slice(question + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      uri.headers.set(eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? '' : pair.slice(eq + 1));
    }
  }
  return uri;
}

/** Host as it appears on the wire: IPv6 references get their brackets back. */
export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function formatUri(uri: Uri): string {
  if (uri.kind === 'other') return `${uri.scheme}:${uri.opaque}`;
  if (uri.kind === 'tel') return `tel:${uri.number}${formatParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined)
    out += uri.password !== undefined ? `${uri.user}:${uri.password}@` : `${uri.user}@`;
  out += formatHost(uri.host);
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  if (uri.headers.size > 0) {
    out += `?${[...uri.headers].map(([k, v]) => `${k}=${v}`).join('&')}`;
  }
  return out;
}

export function cloneUri<T extends Uri>(uri: T): T {
  if (uri.kind === 'other') return { ...uri };
  if (uri.kind === 'tel') return { ...uri, params: new Map(uri.params) };
  return { ...uri, params: new Map(uri.params), headers: new Map(uri.headers) };
}

export function sipUri(
  init: Omit<SipUri, 'kind' | 'params' | 'headers' | 'scheme'> & Partial<SipUri>,
): SipUri {
  return { scheme: 'sip', params: new Map(), headers: new Map(), ...init, kind: 'sip' };
}
