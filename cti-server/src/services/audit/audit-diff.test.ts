import { describe, expect, it } from 'vitest';
import { REDACTED, changedFields, describeChanges, redact } from './audit-diff.js';

describe('audit redaction', () => {
  it('hides passwords, hashes, HA1 values, secrets and tokens at any depth', () => {
    const value = {
      username: 'li.wei',
      passwordHash: 'scrypt$16384$…',
      agent: { extension: '1050', sipHa1Md5: 'abc', sipHa1Sha256: 'def', sipPassword: '0123' },
      trunks: [{ name: 'demo', password: 'carrier', inboundPassword: 'in', tokenSecret: 's' }],
      apiToken: 't',
    };
    expect(redact(value)).toEqual({
      username: 'li.wei',
      passwordHash: REDACTED,
      agent: { extension: '1050', sipHa1Md5: REDACTED, sipHa1Sha256: REDACTED, sipPassword: REDACTED },
      trunks: [{ name: 'demo', password: REDACTED, inboundPassword: REDACTED, tokenSecret: REDACTED }],
      apiToken: REDACTED,
    });
  });

  it('keeps flags about secrets and absent secrets readable', () => {
    expect(redact({ mustChangePassword: true, hasPassword: false, password: null })).toEqual({
      mustChangePassword: true,
      hasPassword: false,
      password: null,
    });
  });

  it('turns dates into ISO strings and drops undefined fields', () => {
    expect(redact({ at: new Date('2026-01-02T03:04:05Z'), gone: undefined })).toEqual({
      at: '2026-01-02T03:04:05.000Z',
    });
    expect(redact(undefined)).toBeNull();
  });
});

describe('audit diff', () => {
  it('names the top-level fields that changed, ignoring updatedAt', () => {
    const before = {
      displayName: 'A',
      roles: ['agent'],
      agent: { skills: [{ skill: 'sales', proficiency: 5 }] },
      updatedAt: 1,
    };
    const after = {
      displayName: 'A',
      roles: ['agent', 'supervisor'],
      agent: { skills: [{ skill: 'sales', proficiency: 3 }] },
      updatedAt: 2,
    };
    const changes = changedFields(before, after);
    expect(changes.map((c) => c.field)).toEqual(['agent', 'roles']);
    expect(changes[1]).toEqual({ field: 'roles', before: ['agent'], after: ['agent', 'supervisor'] });
    expect(describeChanges(changes)).toBe('agent, roles');
  });

  it('a created entity changes every field; a secret change shows only as redacted', () => {
    expect(changedFields(null, { name: 'sales', kind: 'skill' }).map((c) => c.field)).toEqual([
      'kind',
      'name',
    ]);
    expect(changedFields({ password: 'a' }, { password: 'b' })).toEqual([]);
    expect(describeChanges([])).toBe('no change');
  });
});
