import { describe, expect, it } from 'vitest';
import type { DialRuleView, OutboundCheckResult } from '@kefu/cti-server/contract';
import {
  DIAL_PATTERN,
  capValue,
  checkLines,
  ruleErrorField,
  sortRules,
  toNewRule,
  toRulePatch,
} from './outbound-view.js';

const rule = (over: Partial<DialRuleView>): DialRuleView => ({
  id: 'r',
  scope: 'team',
  target: 'sales',
  action: 'deny',
  pattern: '*',
  note: null,
  createdAt: '2026-12-04T00:00:00.000Z',
  updatedAt: '2026-12-04T00:00:00.000Z',
  ...over,
});

describe('dial rule form', () => {
  it('accepts the patterns the server accepts', () => {
    for (const ok of ['*', '+86*', '+8613800138000', '+1900*', `+${'1'.repeat(15)}`])
      expect(DIAL_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', '86*', '+', '+*', '+86 138*', '+86*1', `+${'1'.repeat(16)}`, '**'])
      expect(DIAL_PATTERN.test(bad), bad).toBe(false);
  });

  it('sends a new rule trimmed and an empty note as null', () => {
    expect(
      toNewRule({ scope: 'agent', target: ' 1001 ', action: 'allow', pattern: ' +44* ', note: ' ' }),
    ).toEqual({ scope: 'agent', target: '1001', action: 'allow', pattern: '+44*', note: null });
  });

  it('sends only what changed', () => {
    const r = rule({ pattern: '+86139*', note: 'no 139' });
    expect(
      toRulePatch(r, { scope: 'team', target: 'sales', action: 'deny', pattern: '+86139*', note: 'no 139' }),
    ).toEqual({});
    expect(
      toRulePatch(r, { scope: 'team', target: 'sales', action: 'allow', pattern: '+86138*', note: '' }),
    ).toEqual({
      action: 'allow',
      pattern: '+86138*',
      note: null,
    });
  });

  it('puts a refusal under the field it is about', () => {
    expect(ruleErrorField('BAD_PATTERN', 'pattern "x" is not a dial rule pattern')).toBe('pattern');
    expect(ruleErrorField('UNKNOWN_TARGET', 'no agent has extension 9999')).toBe('target');
    expect(ruleErrorField('BAD_REQUEST', 'body/note must NOT have more than 500 characters')).toBe('note');
    expect(ruleErrorField('INTERNAL', 'database down')).toBeNull();
  });

  it('reads an empty or zero cap as no cap', () => {
    expect([capValue(null), capValue(undefined), capValue(0), capValue(12), capValue(3.7)]).toEqual([
      null,
      null,
      null,
      12,
      3,
    ]);
  });
});

describe('rule order', () => {
  it('lists rules as they are consulted: agent, team, trunk, then the most specific pattern', () => {
    const rules = [
      rule({ id: 'trunk', scope: 'trunk', target: 'demo' }),
      rule({ id: 'team-star', pattern: '*' }),
      rule({ id: 'team-exact', pattern: '+8613800138000' }),
      rule({ id: 'team-prefix', pattern: '+86*' }),
      rule({ id: 'agent', scope: 'agent', target: '1001', pattern: '+44*' }),
    ];
    expect(sortRules(rules).map((r) => r.id)).toEqual([
      'agent',
      'team-exact',
      'team-prefix',
      'team-star',
      'trunk',
    ]);
  });
});

describe('pattern tester answer', () => {
  const result = (over: Partial<OutboundCheckResult>): OutboundCheckResult => ({
    allowed: true,
    reason: null,
    decidedBy: 'defaults',
    kind: 'national',
    e164: '+8613800138000',
    numberType: 'MOBILE',
    rule: null,
    trunk: 'demo',
    agent: {
      extension: '1001',
      team: 'sales',
      mayDialOut: true,
      loggedIn: true,
      callsPerHour: null,
      callsThisHour: 0,
    },
    trunkCap: { callsPerHour: null, callsThisHour: 0 },
    ...over,
  });

  it('says allowed by the defaults, with the number and trunk', () => {
    expect(checkLines(result({}))).toEqual([
      { key: 'checkAllowed' },
      { key: 'decided_defaults' },
      { key: 'checkNumber', vars: { e164: '+8613800138000', type: 'MOBILE' } },
      { key: 'checkTrunk', vars: { trunk: 'demo' } },
    ]);
  });

  it('names the rule that refused, and an agent logged out now', () => {
    const lines = checkLines(
      result({
        allowed: false,
        reason: 'denied_by_rule',
        decidedBy: 'rule',
        numberType: null,
        trunk: null,
        rule: { id: 'r', scope: 'team', target: 'sales', action: 'deny', pattern: '+86138*', note: null },
        agent: {
          extension: '1001',
          team: 'sales',
          mayDialOut: true,
          loggedIn: false,
          callsPerHour: null,
          callsThisHour: 0,
        },
      }),
    );
    expect(lines).toEqual([
      { key: 'checkRefused', vars: { reason: 'denied_by_rule' } },
      { key: 'decided_rule', vars: { action: 'deny', pattern: '+86138*', scope: 'team', target: 'sales' } },
      { key: 'checkNumber', vars: { e164: '+8613800138000', type: 'national' } },
      { key: 'checkNoTrunk' },
      { key: 'checkLoggedOut', vars: { extension: '1001' } },
    ]);
  });
});
