import { SipParseError } from '../exceptions/sip-parse-error.js';
import { formatParams, indexOutsideQuotes, parseParams, quote, unquote, type Params } from './text.js';
import { formatUri, parseUri, type Uri } from './uri.js';

/**
 * From / To / Contact / Route / Record-Route value: `name-addr / addr-spec` plus header params
 * (https://www.rfc-editor.org/rfc/rfc3261#section-20.10). With a bare addr-spec every `;param`
 * belongs to the header, not the URI (§20.10: URIs with `;` must be in angle brackets).
 */
export interface NameAddr {
  displayName?: string;
  uri: Uri;
  params: Params;
}

export function parseNameAddr(text: string): NameAddr {
  const value = text.trim();
  const lt = indexOutsideQuotes(value, '<');
  if (lt !== -1) {
    const gt = value.indexOf('>', lt);
    if (gt === -1) throw new SipParseError(`Unterminated "<" in "${value}"`);
    const display = value.slice(0, lt).trim();
    const nameAddr: NameAddr = {
      uri: parseUri(value.slice(lt + 1, gt).trim()),
      params: parseAfter(value, gt + 1),
    };
    if (display) nameAddr.displayName = unquote(display);
    return nameAddr;
  }
  if (value.startsWith('"')) throw new SipParseError(`Display name without <URI> in "${value}"`);
  const semi = value.indexOf(';');
  const uriText = semi === -1 ? value : value.slice(0, semi);
  if (uriText.includes(' ')) throw new SipParseError(`Invalid addr-spec "${value}"`);
  return { uri: parseUri(uriText), params: parseAfter(value, semi === -1 ? value.length : semi) };
}

function parseAfter(value: string, from: number): Params {
  const rest = value.slice(from).trim();
  if (rest && rest[0] !== ';') throw new SipParseError(`Unexpected text after address in "${value}"`);
  return parseParams(rest);
}

export function formatNameAddr(nameAddr: NameAddr): string {
  const display = nameAddr.displayName ? `${quote(nameAddr.displayName)} ` : '';
  return `${display}<${formatUri(nameAddr.uri)}>${formatParams(nameAddr.params)}`;
}

/** The `tag` param of From/To (https://www.rfc-editor.org/rfc/rfc3261#section-19.3). */
export function tagOf(nameAddr: NameAddr): string | undefined {
  return nameAddr.params.get('tag') ?? undefined;
}

/** A Contact value: either `*` (only in REGISTER, §10.2.2) or an address with optional expires. */
export type ContactValue = { readonly star: true } | (NameAddr & { readonly star?: false });

export function parseContact(text: string): ContactValue {
  if (text.trim() === '*') return { star: true };
  return parseNameAddr(text);
}

/** Contact `expires` param in seconds, if present and numeric. */
export function contactExpires(contact: NameAddr): number | undefined {
  const raw = contact.params.get('expires');
  if (raw === undefined || raw === null) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
