import { describe, expect, it } from 'vitest';
import { answerChallenge, formatAuthHeader, parseAuthHeader } from '../sip/message/digest.js';
import { TrunkGuard, type TrunkDecision, type TrunkRecord } from './trunk-guard.js';

const CARRIER: TrunkRecord = {
  id: 't1',
  name: 'carrier',
  allowedCidrs: '203.0.113.0/28',
  enabled: true,
  direction: 'both',
};
const AUTHED: TrunkRecord = {
  id: 't2',
  name: 'pbx',
  allowedCidrs: '198.51.100.0/24',
  inboundUsername: 'pbx',
  inboundPassword: 's3cret',
  enabled: true,
  direction: 'inbound',
};
const ANYWHERE: TrunkRecord = {
  id: 't3',
  name: 'roaming',
  allowedCidrs: '',
  inboundUsername: 'roam',
  inboundPassword: 'r0am',
  enabled: true,
};

function answer(decision: TrunkDecision, username: string, password: string): string {
  if (decision.kind !== 'challenge') throw new Error(`expected a challenge, got ${decision.kind}`);
  const value = decision.headers[0]?.[1] ?? '';
  return formatAuthHeader(
    answerChallenge(parseAuthHeader(value), { username, password, method: 'INVITE', uri: 'sip:100@kefu' }),
  );
}

function guard(trunks: TrunkRecord[]): TrunkGuard {
  const g = new TrunkGuard({ nonceSecret: 'k' });
  g.setTrunks(trunks);
  return g;
}

describe('TrunkGuard', () => {
  it('accepts an IP-authenticated trunk from its allowlist and forbids other sources', () => {
    const g = guard([CARRIER, AUTHED]);
    expect(g.check({ address: '203.0.113.3', method: 'INVITE' })).toEqual({ kind: 'trunk', trunk: CARRIER });
    const other = g.check({ address: '192.0.2.1', method: 'INVITE' });
    expect(other).toMatchObject({ kind: 'forbidden', reason: expect.stringContaining('192.0.2.1') });
  });

  it('never matches disabled or outbound-only trunks', () => {
    const g = guard([
      { ...CARRIER, enabled: false },
      { ...CARRIER, id: 't9', direction: 'outbound' },
    ]);
    expect(g.check({ address: '203.0.113.3', method: 'INVITE' }).kind).toBe('forbidden');
  });

  it('challenges with 407 Proxy-Authenticate and accepts the right digest', () => {
    const g = guard([AUTHED]);
    const challenge = g.check({ address: '198.51.100.20', method: 'INVITE' });
    expect(challenge).toMatchObject({ kind: 'challenge', status: 407 });
    if (challenge.kind !== 'challenge') return;
    expect(challenge.headers.map(([name]) => name)).toEqual(['Proxy-Authenticate', 'Proxy-Authenticate']);
    expect(challenge.headers[0]?.[1]).toContain('algorithm=SHA-256');
    const ok = g.check({
      address: '198.51.100.20',
      method: 'INVITE',
      authorization: [answer(challenge, 'pbx', 's3cret')],
    });
    expect(ok).toEqual({ kind: 'trunk', trunk: AUTHED });
    // Right credentials from outside the allowlist do not help.
    const outside = g.check({
      address: '192.0.2.1',
      method: 'INVITE',
      authorization: [answer(challenge, 'pbx', 's3cret')],
    });
    expect(outside.kind).toBe('forbidden');
  });

  it('re-challenges wrong credentials and blocks the source after repeated failures', () => {
    const g = guard([AUTHED]);
    const address = '198.51.100.30';
    for (let i = 0; i < 5; i++) {
      const challenge = g.check({ address, method: 'INVITE' });
      const wrong = g.check({
        address,
        method: 'INVITE',
        authorization: [answer(challenge, i % 2 ? 'pbx' : 'nobody', 'guess')],
      });
      expect(wrong.kind).toBe('challenge');
    }
    expect(g.check({ address, method: 'INVITE' })).toMatchObject({
      kind: 'forbidden',
      reason: expect.stringContaining('blocked'),
    });
  });

  it('lets a credentials-only trunk in from anywhere once authenticated', () => {
    const g = guard([ANYWHERE]);
    const challenge = g.check({ address: '192.0.2.77', method: 'INVITE' });
    expect(challenge.kind).toBe('challenge');
    expect(
      g.check({
        address: '192.0.2.77',
        method: 'INVITE',
        authorization: [answer(challenge, 'roam', 'r0am')],
      }),
    ).toEqual({
      kind: 'trunk',
      trunk: ANYWHERE,
    });
  });

  it('skips a trunk with a bad CIDR, reports it, and keeps the others working', () => {
    const g = new TrunkGuard();
    const invalid: string[] = [];
    g.delegate = { onInvalidTrunk: (trunk, error) => invalid.push(`${trunk.name}: ${error.message}`) };
    g.setTrunks([
      { ...CARRIER, id: 'bad', name: 'typo', allowedCidrs: '203.0.113.0/40' },
      { ...AUTHED, allowedCidrs: '203.0.113.0/28' },
    ]);
    expect(invalid).toEqual(['typo: Invalid CIDR "203.0.113.0/40": prefix /40 is longer than /32']);
    expect(g.check({ address: '203.0.113.1', method: 'INVITE' }).kind).toBe('challenge');
  });

  it('ignores a trunk with neither allowlist nor credentials', () => {
    const g = guard([{ ...CARRIER, allowedCidrs: ' ' }]);
    expect(g.check({ address: '203.0.113.3', method: 'INVITE' }).kind).toBe('forbidden');
  });
});
