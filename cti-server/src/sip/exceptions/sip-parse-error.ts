import { SipStackError } from './sip-stack-error.js';

/**
 * Thrown when bytes on the wire are not a valid SIP message.
 * `status` is the response a server would send (400, or 513 for oversized messages) and `reason`
 * the human-readable cause that goes into the reason phrase.
 * `headers` holds the raw header lines that could be lexed, so a 400 can still be built
 * when the Via of a broken request is readable (RFC 3261 §8.2.6 needs Via/From/To/Call-ID/CSeq).
 */
export class SipParseError extends SipStackError {
  readonly code = 'SIP_PARSE_ERROR';

  constructor(
    readonly reason: string,
    readonly status: 400 | 513 = 400,
    readonly partial?: PartialMessage,
  ) {
    super(reason);
  }
}

/** What the parser had lexed before it gave up. */
export interface PartialMessage {
  readonly isRequest: boolean;
  readonly method?: string;
  /** Header lines as [name, value], compact names already expanded, in wire order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}
