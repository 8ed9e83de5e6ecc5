import { describe, expect, it } from 'vitest';
import { CidrError, CidrSet, formatCidr, parseCidr, parseCidrList } from './cidr.js';

describe('CIDR parsing', () => {
  it('parses IPv4, IPv6, bare hosts and bracketed addresses', () => {
    expect(parseCidr(' 10.0.0.0/8 ')).toEqual({ family: 'ipv4', address: '10.0.0.0', prefix: 8 });
    expect(parseCidr('2001:db8::/32')).toEqual({ family: 'ipv6', address: '2001:db8::', prefix: 32 });
    expect(parseCidr('192.0.2.7')).toMatchObject({ prefix: 32 });
    expect(parseCidr('[2001:db8::1]')).toEqual({ family: 'ipv6', address: '2001:db8::1', prefix: 128 });
    expect(formatCidr(parseCidr('10.1.0.0 / 16'))).toBe('10.1.0.0/16');
  });

  it.each([
    ['', 'empty'],
    ['10.0.0.0/33', 'longer than /32'],
    ['2001:db8::/129', 'longer than /128'],
    ['10.0.0/8', 'not an IPv4 or IPv6 address'],
    ['example.com/24', 'not an IPv4 or IPv6 address'],
    ['10.0.0.0/abc', 'not a number'],
    ['10.0.0.0/-1', 'not a number'],
    ['10.0.0.0/', 'not a number'],
  ])('rejects %j with a clear error', (input, detail) => {
    expect(() => parseCidr(input)).toThrow(CidrError);
    expect(() => parseCidr(input)).toThrow(detail);
  });

  it('splits lists on commas and ignores blanks', () => {
    expect(parseCidrList(' 10.0.0.0/8 ,, 2001:db8::/32 ,').map(formatCidr)).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
    expect(parseCidrList('  ')).toEqual([]);
    expect(() => parseCidrList('10.0.0.0/8, nonsense')).toThrow('Invalid CIDR "nonsense"');
  });
});

describe('CidrSet', () => {
  const set = new CidrSet('203.0.113.0/28, 2001:db8:1::/48, 198.51.100.9');

  it.each([
    ['203.0.113.0', true],
    ['203.0.113.15', true],
    ['203.0.113.16', false],
    ['198.51.100.9', true],
    ['198.51.100.10', false],
    ['::ffff:203.0.113.5', true],
    ['2001:db8:1:ffff::1', true],
    ['[2001:db8:1::5]', true],
    ['2001:db8:2::1', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(set.has(address)).toBe(expected);
  });

  it('is empty for an empty list and matches everything for 0.0.0.0/0', () => {
    expect(new CidrSet('').has('203.0.113.1')).toBe(false);
    expect(new CidrSet('0.0.0.0/0').has('8.8.8.8')).toBe(true);
    expect(new CidrSet('0.0.0.0/0').has('2001:db8::1')).toBe(false);
  });
});
