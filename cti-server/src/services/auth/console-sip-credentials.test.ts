import { describe, expect, it } from 'vitest';
import { ConsoleSipCredentials } from './console-sip-credentials.js';

describe('console SIP credentials', () => {
  const secret = Buffer.from('test-secret');
  const at = (iso: string) => () => Date.parse(iso);

  it('are stable within a day, differ per extension and per secret', () => {
    const a = new ConsoleSipCredentials(secret, at('2026-12-03T08:00:00Z'));
    const b = new ConsoleSipCredentials(secret, at('2026-12-03T23:59:00Z'));
    expect(a.issue('1002').password).toBe(b.issue('1002').password);
    expect(a.issue('1002').password).not.toBe(a.issue('1003').password);
    expect(
      new ConsoleSipCredentials(Buffer.from('other'), at('2026-12-03T08:00:00Z')).issue('1002').password,
    ).not.toBe(a.issue('1002').password);
    expect(a.issue('1002').expiresAt.toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });

  it('stay valid the next day, not the day after', () => {
    const issued = new ConsoleSipCredentials(secret, at('2026-12-03T22:00:00Z')).issue('1002').password;
    expect(new ConsoleSipCredentials(secret, at('2026-12-04T10:00:00Z')).current('1002')).toContain(issued);
    expect(new ConsoleSipCredentials(secret, at('2026-12-05T00:00:01Z')).current('1002')).not.toContain(
      issued,
    );
  });
});
