import { describe, expect, it } from 'vitest';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { StreamFramer } from './stream-framer.js';

const msg = (body: string): string =>
  `MESSAGE sip:b@h SIP/2.0\r\nl: ${Buffer.byteLength(body)}\r\nCall-ID: x\r\n\r\n${body}`;

describe('StreamFramer', () => {
  it('frames messages split across chunks and glued together by Content-Length', () => {
    const framer = new StreamFramer();
    const wire = Buffer.from(msg('héllo') + msg('') + msg('abc'));
    const out = [
      ...framer.push(wire.subarray(0, 10)),
      ...framer.push(wire.subarray(10, 60)),
      ...framer.push(wire.subarray(60)),
    ];
    expect(out.map((i) => (i.kind === 'message' ? i.data.toString() : i.kind))).toEqual([
      msg('héllo'),
      msg(''),
      msg('abc'),
    ]);
  });

  it('reports CRLFCRLF as ping and a lone CRLF as pong (RFC 5626 §3.5.1)', () => {
    const framer = new StreamFramer();
    expect(framer.push(Buffer.from('\r\n\r\n'))).toEqual([{ kind: 'ping' }]);
    expect(framer.push(Buffer.from('\r\n'))).toEqual([]);
    const items = framer.push(Buffer.from(msg('x')));
    expect(items.map((i) => i.kind)).toEqual(['pong', 'message']);
  });

  it('waits for the rest of a body', () => {
    const framer = new StreamFramer();
    const wire = Buffer.from(msg('0123456789'));
    expect(framer.push(wire.subarray(0, wire.length - 3))).toEqual([]);
    expect(framer.push(wire.subarray(wire.length - 3))).toHaveLength(1);
  });

  it('throws on an unterminated header block larger than the limit', () => {
    const framer = new StreamFramer(1024);
    expect(() => framer.push(Buffer.from(`INVITE sip:b@h SIP/2.0\r\nX: ${'a'.repeat(2000)}`))).toThrow(
      SipParseError,
    );
  });

  it('throws on a bad Content-Length', () => {
    expect(() =>
      new StreamFramer().push(Buffer.from('A sip:b@h SIP/2.0\r\nContent-Length: -1\r\n\r\n')),
    ).toThrow(SipParseError);
  });
});
