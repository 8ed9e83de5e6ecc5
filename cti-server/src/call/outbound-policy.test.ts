import { describe, expect, it } from 'vitest';
import type { DialRule } from './dial-rules.js';
import {
  DEFAULT_OUTBOUND_POLICY,
  decideOutbound,
  emergencyNumbers,
  type OutboundAgent,
} from './outbound-policy.js';

const CN = { ...DEFAULT_OUTBOUND_POLICY, region: 'CN' };
const inAcd = { loggedIn: true };
const reason = (number: string, settings = CN, agent = inAcd) => {
  const d = decideOutbound(number, settings, agent);
  return d.allow ? `allow ${d.kind}` : `deny ${d.reason}`;
};

describe('outbound dial policy, home region CN, defaults', () => {
  it('allows national mobile, fixed (with trunk prefix), toll-free and 400 numbers', () => {
    expect(decideOutbound('13800138000', CN, inAcd)).toEqual({
      allow: true,
      kind: 'national',
      e164: '+8613800138000',
      type: 'MOBILE',
    });
    expect(decideOutbound('01088880000', CN, inAcd)).toMatchObject({ allow: true, e164: '+861088880000' });
    expect(reason('8008001234')).toBe('allow national');
    // 400: shared cost in the numbering plan, the caller pays at most a national rate.
    expect(decideOutbound('4008003000', CN, inAcd)).toMatchObject({ allow: true, type: 'SHARED_COST' });
    // The home country code dialled in full is still national.
    expect(reason('+8613800138000')).toBe('allow national');
    expect(reason('008613800138000')).toBe('allow national');
  });

  it('denies other country codes, dialled with 00 or +', () => {
    expect(reason('00442079460000')).toBe('deny international');
    expect(reason('+442079460000')).toBe('deny international');
    // Satellite and international networks (no country): never home.
    expect(reason('+881612345678')).toBe('deny international');
  });

  it('denies premium rate even where international calls are allowed', () => {
    const open = { ...CN, allowInternational: true };
    expect(reason('+19002345678', open)).toBe('deny premium_rate');
    expect(reason('+449098790000', open)).toBe('deny premium_rate');
    expect(reason('+442079460000', open)).toBe('allow international');
    expect(reason('+19002345678', { ...open, allowPremium: true })).toBe('allow international');
    // Shared cost is only allowed at home.
    expect(reason('+448448790000', open)).toBe('deny premium_rate');
  });

  it('denies shared cost when switched off', () => {
    expect(reason('4008003000', { ...CN, allowSharedCost: false })).toBe('deny shared_cost');
  });

  it('allows emergency numbers, even for a logged-out agent', () => {
    for (const n of ['110', '119', '120', '122']) {
      expect(decideOutbound(n, CN, inAcd)).toEqual({
        allow: true,
        kind: 'emergency',
        e164: null,
        type: undefined,
      });
      expect(reason(n, CN, { loggedIn: false })).toBe('allow emergency');
    }
    expect(emergencyNumbers('us')).toEqual(['911']);
    expect(reason('911', { ...CN, region: 'US' })).toBe('allow emergency');
    expect(reason('999', { ...CN, region: 'GB' })).toBe('allow emergency');
    expect(reason('112', { ...CN, region: 'DE' })).toBe('allow emergency');
    // Another region's emergency code is just a short code here.
    expect(reason('911')).toBe('deny invalid_number');
  });

  it('denies garbage, short codes and numbers that are not valid', () => {
    for (const n of [
      '',
      'abc',
      '12',
      '123',
      '95555',
      '10086',
      '1900123456',
      '+',
      '00882123456',
      '1'.repeat(21),
    ])
      expect(reason(n)).toBe('deny invalid_number');
  });

  it('a logged-out agent cannot dial outside numbers', () => {
    expect(reason('13800138000', CN, { loggedIn: false })).toBe('deny logged_out');
    expect(reason('+442079460000', CN, { loggedIn: false })).toBe('deny logged_out');
  });
});

describe('outbound dial policy with dial rules (agent > team > trunk > defaults)', () => {
  const r = (
    id: string,
    scope: DialRule['scope'],
    action: DialRule['action'],
    pattern: string,
  ): DialRule => ({
    id,
    scope,
    action,
    pattern,
  });
  const decide = (number: string, rules: DialRule[], agent: OutboundAgent = inAcd) => {
    const d = decideOutbound(number, CN, agent, rules);
    return d.allow ? `allow ${d.kind}` : `deny ${d.reason}`;
  };

  it('a team deny refuses a national number the defaults allow, naming the rule and the E.164 number', () => {
    const rules = [r('t1', 'team', 'deny', '+86139*')];
    expect(decideOutbound('13912345678', CN, inAcd, rules)).toEqual({
      allow: false,
      reason: 'denied_by_rule',
      e164: '+8613912345678',
      rule: { id: 't1', scope: 'team', pattern: '+86139*' },
    });
    // Read as E.164: dialled with the country code, or with 00, it is the same number.
    expect(decide('+8613912345678', rules)).toBe('deny denied_by_rule');
    expect(decide('008613912345678', rules)).toBe('deny denied_by_rule');
    expect(decide('13800138000', rules)).toBe('allow national');
  });

  it("an agent's allow lets out an international (or premium) number the defaults refuse", () => {
    const rules = [r('a1', 'agent', 'allow', '+44*'), r('a2', 'agent', 'allow', '+1900*')];
    expect(decideOutbound('00442079460000', CN, inAcd, rules)).toMatchObject({
      allow: true,
      kind: 'international',
      e164: '+442079460000',
      rule: { id: 'a1', scope: 'agent', pattern: '+44*' },
    });
    expect(decide('+19002345678', rules)).toBe('allow international');
    expect(decide('+33142685300', rules)).toBe('deny international');
  });

  it("the agent's rule beats the team's, the team's the trunk's", () => {
    const trunk = r('k', 'trunk', 'deny', '*');
    const team = r('t', 'team', 'allow', '+8610*');
    const agent = r('a', 'agent', 'deny', '+861088880000');
    expect(decide('01088880000', [trunk])).toBe('deny denied_by_rule');
    expect(decide('01088880000', [trunk, team])).toBe('allow national');
    expect(decide('01088880001', [trunk, team, agent])).toBe('allow national');
    expect(decide('01088880000', [trunk, team, agent])).toBe('deny denied_by_rule');
    expect(decide('13800138000', [trunk, team, agent])).toBe('deny denied_by_rule');
  });

  it('no rule opens an invalid number, a logged-out agent or one not allowed to dial out', () => {
    const all = [r('a', 'agent', 'allow', '*')];
    expect(decide('00882123456', all)).toBe('deny invalid_number');
    expect(decide('13800138000', all, { loggedIn: false })).toBe('deny logged_out');
    expect(decide('13800138000', all, { loggedIn: true, mayDialOut: false })).toBe('deny not_permitted');
  });

  it('emergency numbers go out whatever the rules and whoever dials', () => {
    const none = [r('a', 'agent', 'deny', '*'), r('t', 'team', 'deny', '*'), r('k', 'trunk', 'deny', '*')];
    for (const n of emergencyNumbers('CN')) {
      expect(decide(n, none)).toBe('allow emergency');
      expect(decide(n, none, { loggedIn: false, mayDialOut: false })).toBe('allow emergency');
    }
  });
});
