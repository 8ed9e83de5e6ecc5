/**
 * Header-name normalisation. Names are case-insensitive and some have compact forms
 * (https://www.rfc-editor.org/rfc/rfc3261#section-7.3.3, plus o/u/r/b/x/y from RFCs 3265, 3515, 3892, 4028, 4474).
 */
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  y: 'identity',
};

/** Spellings that title-casing would get wrong. */
const SPECIAL_CASE: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  'min-se': 'Min-SE',
  rack: 'RAck',
  rseq: 'RSeq',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
};

/**
 * Headers whose value is a comma-separated list that may be split into one entry per element
 * (https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1). Authorization-style headers and Date are
 * deliberately absent: their values contain commas that are not list separators.
 */
const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'path',
  'service-route',
  'allow',
  'allow-events',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'content-language',
  'in-reply-to',
  'alert-info',
  'call-info',
  'error-info',
  'p-asserted-identity',
  'reason',
]);

const keyCache = new Map<string, string>();

/** Lower-case, compact-expanded key used for lookups. */
export function headerKey(name: string): string {
  const cached = keyCache.get(name);
  if (cached !== undefined) return cached;
  const lower = name.toLowerCase();
  const key = COMPACT_FORMS[lower] ?? lower;
  if (keyCache.size < 1024) keyCache.set(name, key);
  return key;
}

/** The conventional spelling of a header name (`call-id` → `Call-ID`, `v` → `Via`). */
export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  const special = SPECIAL_CASE[key];
  if (special !== undefined) return special;
  let out = '';
  let upper = true;
  for (const ch of key) {
    out += upper ? ch.toUpperCase() : ch;
    upper = ch === '-';
  }
  return out;
}

export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(headerKey(name));
}
