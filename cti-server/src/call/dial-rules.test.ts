import { describe, expect, it } from 'vitest';
import { decidingRule, dialPatternError, dialPatternMatches, type DialRule } from './dial-rules.js';

let n = 0;
const rule = (scope: DialRule['scope'], action: DialRule['action'], pattern: string): DialRule => ({
  id: `r${++n}`,
  scope,
  action,
  pattern,
});

describe('dial rule patterns', () => {
  it('accepts one E.164 number, a prefix ending in *, or * alone', () => {
    for (const p of [
      '+861012345678',
      '+8610*',
      '+1900*',
      '+4*',
      '*',
      '+123456789012345',
      '+123456789012345*',
    ])
      expect(dialPatternError(p), p).toBeUndefined();
  });

  it('refuses anything else with a message that shows the syntax', () => {
    for (const p of [
      '',
      '8610*',
      '+',
      '+*',
      '+86 10*',
      '+86*10',
      '+86?',
      '**',
      '+1234567890123456',
      '00861*',
    ])
      expect(dialPatternError(p), p).toMatch(/"\+<digits>\*"/);
  });

  it('matches a number exactly, by prefix, or every number; an invalid pattern matches nothing', () => {
    expect(dialPatternMatches('+861012345678', '+861012345678')).toBe(true);
    expect(dialPatternMatches('+861012345678', '+8610123456789')).toBe(false);
    expect(dialPatternMatches('+8610*', '+861012345678')).toBe(true);
    expect(dialPatternMatches('+8610*', '+862112345678')).toBe(false);
    expect(dialPatternMatches('*', '+442079460000')).toBe(true);
    expect(dialPatternMatches('8610*', '+861012345678')).toBe(false);
  });
});

describe('the deciding rule', () => {
  const beijing = '+861012345678';

  it('is the most specific scope with a matching rule: agent, then team, then trunk', () => {
    const trunkDeny = rule('trunk', 'deny', '+8610*');
    const teamAllow = rule('team', 'allow', '+86*');
    const agentDeny = rule('agent', 'deny', beijing);
    expect(decidingRule([trunkDeny], beijing)).toBe(trunkDeny);
    expect(decidingRule([trunkDeny, teamAllow], beijing)).toBe(teamAllow);
    expect(decidingRule([agentDeny, trunkDeny, teamAllow], beijing)).toBe(agentDeny);
    // A scope whose rules do not match the number does not decide it.
    expect(decidingRule([rule('agent', 'allow', '+44*'), trunkDeny], beijing)).toBe(trunkDeny);
    expect(decidingRule([rule('agent', 'allow', '+44*')], beijing)).toBeUndefined();
  });

  it('within a scope is the most specific pattern: a number, then the longest prefix, then *', () => {
    const all = rule('team', 'deny', '*');
    const country = rule('team', 'allow', '+86*');
    const city = rule('team', 'deny', '+8610*');
    const one = rule('team', 'allow', beijing);
    expect(decidingRule([all, country], beijing)).toBe(country);
    expect(decidingRule([all, country, city], beijing)).toBe(city);
    expect(decidingRule([one, city, country, all], beijing)).toBe(one);
    expect(decidingRule([all, country, city], '+442079460000')).toBe(all);
  });

  it('on the very same pattern in one scope, deny beats allow whatever their order', () => {
    const allow = rule('trunk', 'allow', '+44*');
    const deny = rule('trunk', 'deny', '+44*');
    expect(decidingRule([allow, deny], '+442079460000')).toBe(deny);
    expect(decidingRule([deny, allow], '+442079460000')).toBe(deny);
  });
});
