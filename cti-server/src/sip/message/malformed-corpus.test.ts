import { describe, expect, it } from 'vitest';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { parseMessage } from './parser.js';
import { createRejection, rejectionFor } from './response-builder.js';

const VALID_HEADERS = [
  'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc',
  'To: <sip:bob@example.com>',
  'From: <sip:alice@example.com>;tag=123',
  'Call-ID: call-1',
  'CSeq: 1 INVITE',
  'Max-Forwards: 70',
];

const request = (
  headers: string[],
  startLine = 'INVITE sip:bob@example.com SIP/2.0',
  tail = '\r\n',
): string => `${startLine}\r\n${headers.join('\r\n')}\r\n${tail}`;
const without = (name: string): string[] => VALID_HEADERS.filter((h) => !h.startsWith(`${name}:`));

/** [name, input, expected reason fragment, expected 400 reason phrase or null when no reply is possible] */
const CORPUS: Array<[string, string | Buffer, string, string | null]> = [
  ['empty', '', 'Empty message', null],
  ['only CRLFs', '\r\n\r\n\r\n', 'Empty message', null],
  ['garbage text', 'hello world this is not sip\r\n\r\n', 'Malformed start line', null],
  [
    'binary bytes',
    Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
    'control character',
    null,
  ],
  [
    'no blank line (truncated headers)',
    'INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h',
    'no end of headers',
    null,
  ],
  [
    'bad version',
    request(VALID_HEADERS, 'INVITE sip:bob@example.com SIP/3.0'),
    'Unsupported SIP version',
    'Bad Request (Unsupported SIP version)',
  ],
  // A bad start line with a readable Via is still answered (RFC 3261 §8.2.2.1).
  [
    'bad method token',
    request(VALID_HEADERS, 'INV(ITE sip:bob@example.com SIP/2.0'),
    'Invalid method',
    'Bad Request (Invalid method)',
  ],
  [
    'bad request URI',
    request(VALID_HEADERS, 'INVITE nocolon SIP/2.0'),
    'no scheme',
    'Bad Request (Invalid URI "nocolon": no scheme)',
  ],
  ['bad status code', 'SIP/2.0 99 Odd\r\n\r\n', 'Invalid status code', null],
  ['missing To', request(without('To')), 'Missing To', 'Bad Request (Missing To header)'],
  ['missing From', request(without('From')), 'Missing From', 'Bad Request (Missing From header)'],
  ['missing Call-ID', request(without('Call-ID')), 'Missing Call-ID', 'Bad Request (Missing Call-ID header)'],
  ['missing CSeq', request(without('CSeq')), 'Missing CSeq', 'Bad Request (Missing CSeq header)'],
  ['missing Via', request(without('Via')), 'Missing Via', null],
  [
    'missing Max-Forwards',
    request(without('Max-Forwards')),
    'Missing Max-Forwards',
    'Bad Request (Missing Max-Forwards header)',
  ],
  [
    'CSeq method mismatch',
    request([...without('CSeq'), 'CSeq: 1 BYE']),
    'CSeq method',
    'Bad Request (CSeq method does not match request method)',
  ],
  [
    'non-numeric CSeq',
    request([...without('CSeq'), 'CSeq: one INVITE']),
    'Invalid CSeq',
    'Bad Request (Invalid CSeq "one INVITE")',
  ],
  [
    'bad Via',
    request(['Via: SIP/2.0 host', ...without('Via')]),
    'Invalid Via',
    'Bad Request (Invalid Via "SIP/2.0 host": bad sent-protocol)',
  ],
  [
    'bad Content-Length',
    request([...VALID_HEADERS, 'Content-Length: abc']),
    'Invalid Content-Length',
    'Bad Request (Invalid Content-Length header)',
  ],
  [
    'Content-Length beyond body',
    request([...VALID_HEADERS, 'Content-Length: 50'], undefined, '\r\nv=0'),
    'Truncated body',
    'Bad Request (Truncated body: Content-Length exceeds message)',
  ],
  [
    'duplicate Call-ID',
    request([...VALID_HEADERS, 'Call-ID: other']),
    'Duplicate Call-ID',
    'Bad Request (Duplicate Call-ID header)',
  ],
  [
    'header without colon',
    request([...VALID_HEADERS, 'NoColonHere']),
    'Malformed header line',
    'Bad Request (Malformed header line "NoColonHere")',
  ],
  [
    'unterminated name-addr',
    request([...without('To'), 'To: <sip:bob@example.com']),
    'Unterminated',
    'Bad Request (Unterminated "<" in "<sip:bob@example.com")',
  ],
  [
    'huge header',
    request([...VALID_HEADERS, `X-Big: ${'a'.repeat(9000)}`]),
    'too long',
    'Bad Request (Header X-Big too long)',
  ],
  [
    'huge message',
    request([...VALID_HEADERS], undefined, `\r\n${'x'.repeat(70_000)}`),
    'Too Large',
    'Message Too Large',
  ],
];

describe('malformed message corpus', () => {
  it.each(CORPUS)('%s → SipParseError', (_name, input, reason, phrase) => {
    let error: unknown;
    try {
      parseMessage(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SipParseError);
    const parseError = error as SipParseError;
    expect(parseError.reason).toContain(reason);
    expect(rejectionFor(parseError)?.reason ?? null).toBe(phrase);
  });

  it('builds a 400 that routes back on the readable Via', () => {
    try {
      parseMessage(request(without('Call-ID')));
      expect.unreachable();
    } catch (e) {
      const response = createRejection(e as SipParseError);
      expect(response?.status).toBe(400);
      expect(response?.headers.get('Via')).toBe('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc');
      expect(response?.toString()).toContain('SIP/2.0 400 Bad Request (Missing Call-ID header)\r\n');
    }
  });

  it('never throws anything but SipParseError on random bytes', () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const base = Buffer.from(request(VALID_HEADERS));
    for (let n = 0; n < 300; n++) {
      const mutated = Buffer.from(base);
      for (let k = 0; k < 5; k++) mutated[Math.floor(rand() * mutated.length)] = Math.floor(rand() * 256);
      try {
        parseMessage(mutated.subarray(0, Math.floor(rand() * mutated.length) + 1));
      } catch (e) {
        expect(e).toBeInstanceOf(SipParseError);
      }
    }
  });
});
