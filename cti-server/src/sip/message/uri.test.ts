import { describe, expect, it } from 'vitest';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { Headers } from './headers.js';
import { formatNameAddr, parseContact, parseNameAddr } from './name-addr.js';
import { formatUri, parseUri } from './uri.js';
import { formatVia, parseVia } from './via.js';

describe('URIs (RFC 3261 §19.1, RFC 3966)', () => {
  it.each([
    'sip:alice@atlanta.com',
    'sips:alice:secret@atlanta.com:5061;transport=tcp;lr',
    'sip:+1-212-555-1212:1234@gateway.com;user=phone',
    'sip:[2001:db8::10]:5070;maddr=[::1]',
    'sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com',
    'tel:+358-555-1234567;postd=pp22',
  ])('round-trips %s', (text) => {
    expect(formatUri(parseUri(text))).toBe(text);
  });

  it('classifies schemes and rejects broken URIs', () => {
    expect(parseUri('SIP:bob@h').kind).toBe('sip');
    expect(parseUri('mailto:bob@h')).toEqual({ kind: 'other', scheme: 'mailto', opaque: 'bob@h' });
    for (const bad of ['sip:', 'sip:bob@', 'sip:h:99999', 'sip:[::1', '1sip:h', 'sip:h x']) {
      expect(() => parseUri(bad), bad).toThrow(SipParseError);
    }
  });
});

describe('name-addr and Contact (§20.10, §20.10 Contact "*")', () => {
  it('parses display names with quotes and escapes', () => {
    const na = parseNameAddr('"Bob \\"B\\" Smith" <sip:bob@h;transport=tcp>;tag=9');
    expect(na.displayName).toBe('Bob "B" Smith');
    expect(na.params.get('tag')).toBe('9');
    expect(formatNameAddr(na)).toBe('"Bob \\"B\\" Smith" <sip:bob@h;transport=tcp>;tag=9');
    expect(parseNameAddr('Bob <sip:bob@h>').displayName).toBe('Bob');
  });

  it('recognises Contact: *', () => {
    expect(parseContact(' * ')).toEqual({ star: true });
  });
});

describe('Via (§20.42)', () => {
  it('parses sent-protocol with LWS, IPv6 sent-by and flag params', () => {
    const via = parseVia('SIP / 2.0 / tcp [2001:db8::1]:5061;branch=z9hG4bKx;rport;maddr=224.2.0.1');
    expect(via).toMatchObject({ transport: 'TCP', host: '2001:db8::1', port: 5061 });
    expect(via.params.get('rport')).toBeNull();
    expect(formatVia(via)).toBe('SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKx;rport;maddr=224.2.0.1');
  });
});

describe('Headers', () => {
  it('is case-insensitive, expands compact forms and keeps order', () => {
    const h = new Headers().append('v', 'a').append('To', 't').append('VIA', 'b').prepend('Via', 'top');
    expect(h.getAll('via')).toEqual(['top', 'a', 'b']);
    expect([...h].map(([n]) => n)).toEqual(['Via', 'Via', 'To', 'Via']);
    h.set('Via', 'only');
    expect([...h]).toEqual([
      ['Via', 'only'],
      ['To', 't'],
    ]);
    h.removeFirst('to');
    expect(h.has('t')).toBe(false);
  });

  it('invalidates memoised parses on mutation', () => {
    const h = new Headers().append('Via', 'SIP/2.0/UDP a;branch=z9hG4bK1');
    expect(h.parseFirst('Via', parseVia)?.host).toBe('a');
    h.setFirst('Via', 'SIP/2.0/UDP b;branch=z9hG4bK1');
    expect(h.parseFirst('Via', parseVia)?.host).toBe('b');
  });
});
