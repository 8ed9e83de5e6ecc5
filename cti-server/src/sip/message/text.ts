/** Small lexical helpers shared by the header parsers (RFC 3261 §25.1 basic rules). */

const TOKEN_CHARS = new Uint8Array(128);
for (const ch of "-.!%*_+`'~") TOKEN_CHARS[ch.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN_CHARS[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN_CHARS[c] = 1;
for (let c = 97; c <= 122; c++) TOKEN_CHARS[c] = 1;

/** `token` from https://www.rfc-editor.org/rfc/rfc3261#section-25.1 */
export function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] !== 1) return false;
  }
  return true;
}

/**
 * Split `value` on `separator`, ignoring separators inside quoted strings and `<...>`.
 * Pieces are trimmed; empty pieces are dropped. One pass, no regexes.
 */
export function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let inQuotes = false;
  let inAngle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuotes) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') inQuotes = true;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    else if (ch === separator && !inAngle) {
      const piece = value.slice(start, i).trim();
      if (piece) parts.push(piece);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

/** Index of `ch` outside quoted strings, or -1. */
export function indexOutsideQuotes(value: string, ch: string, from = 0): number {
  let inQuotes = false;
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (inQuotes) {
      if (c === '\\') i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === ch) return i;
  }
  return -1;
}

export function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    let out = '';
    for (let i = 1; i < value.length - 1; i++) {
      const c = value[i];
      if (c === '\\' && i + 1 < value.length - 1) out += value[++i];
      else out += c;
    }
    return out;
  }
  return value;
}

export function quote(value: string): string {
  let out = '"';
  for (const c of value) out += c === '"' || c === '\\' ? `\\${c}` : c;
  return `${out}"`;
}

/** Parameters keyed by lower-cased name; a flag parameter (`;lr`) has value `null`. */
export type Params = Map<string, string | null>;

/** Parse `;a=1;b;c="x;y"` (leading `;` optional). Values keep their quotes. */
export function parseParams(text: string): Params {
  const params: Params = new Map();
  for (const piece of splitOutsideQuotes(text, ';')) {
    const eq = piece.indexOf('=');
    if (eq === -1) params.set(piece.toLowerCase(), null);
    else params.set(piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim());
  }
  return params;
}

export function formatParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}
