import { SipParseError } from '../exceptions/sip-parse-error.js';
import { isToken } from './text.js';

/** https://www.rfc-editor.org/rfc/rfc3261#section-20.16 — sequence number is < 2**31. */
export interface CSeq {
  seq: number;
  method: string;
}

export function parseCSeq(text: string): CSeq {
  const value = text.trim();
  const space = value.search(/[ \t]/);
  if (space === -1) throw new SipParseError(`Invalid CSeq "${value}"`);
  const seqText = value.slice(0, space);
  const method = value.slice(space).trim();
  const seq = Number(seqText);
  if (!/^\d{1,10}$/.test(seqText) || seq >= 2 ** 31 || !isToken(method)) {
    throw new SipParseError(`Invalid CSeq "${value}"`);
  }
  return { seq, method };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
