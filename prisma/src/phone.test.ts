import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '+8613800138000', 'mobile'],
    ['+8613800138000', '+8613800138000', 'mobile'],
    ['008613800138000', '+8613800138000', 'mobile'],
    ['8613800138000', '+8613800138000', 'mobile'],
    ['sip:13800138000@carrier.example', '+8613800138000', 'mobile'],
    ['010-8888 0000', '+861088880000', 'fixed_line'],
    ['(010)88880000', '+861088880000', 'fixed_line'],
    ['0086-10-88880000', '+861088880000', 'fixed_line'],
    ['+44 20 7946 0018', '+442079460018', 'fixed_line'],
  ])('normalises %s to %s', (raw, e164, type) => {
    expect(normalizePhone(raw, 'CN')).toEqual({ e164, type, valid: true });
  });

  it('uses the configured default region for national numbers', () => {
    expect(normalizePhone('(415) 555-2671', 'US')?.e164).toBe('+14155552671');
  });

  it('keeps an unusual but number-like ANI, flagged invalid', () => {
    expect(normalizePhone('12345', 'CN')).toMatchObject({ valid: false });
  });

  it.each(['', 'anonymous', "'; DROP TABLE Customer; --", 'x'.repeat(100)])('rejects %j', (raw) => {
    expect(normalizePhone(raw, 'CN')).toBeNull();
  });
});
