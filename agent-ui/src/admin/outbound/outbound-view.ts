// The Outbound page's pure parts: the dial rule form (rules as the server has them), the order
// rules are listed in, which field a refusal of the server belongs to, and how the pattern
// tester's answer reads. Unit-tested.
import type {
  DialRuleAction,
  DialRulePatch,
  DialRuleScope,
  DialRuleView,
  NewDialRule,
  OutboundCheckResult,
} from '@kefu/cti-server/contract';

/** "+<digits>" one E.164 number, "+<digits>*" a prefix, "*" every number; 1–15 digits. */
export const DIAL_PATTERN = /^(?:\*|\+[0-9]{1,15}\*?)$/;
export const SCOPES: readonly DialRuleScope[] = ['agent', 'team', 'trunk'];

export interface RuleFormValues {
  scope: DialRuleScope;
  target: string;
  action: DialRuleAction;
  pattern: string;
  note?: string | undefined;
}

export const NEW_RULE: RuleFormValues = { scope: 'team', target: '', action: 'deny', pattern: '', note: '' };

export function ruleFormValues(rule: DialRuleView): RuleFormValues {
  return {
    scope: rule.scope,
    target: rule.target,
    action: rule.action,
    pattern: rule.pattern,
    note: rule.note ?? '',
  };
}

const note = (v: string | undefined) => v?.trim() || null;

export function toNewRule(values: RuleFormValues): NewDialRule {
  return {
    scope: values.scope,
    target: values.target.trim(),
    action: values.action,
    pattern: values.pattern.trim(),
    note: note(values.note),
  };
}

/** Only what changed (a rule keeps its scope and target); {} when nothing did. */
export function toRulePatch(rule: DialRuleView, values: RuleFormValues): DialRulePatch {
  const patch: DialRulePatch = {};
  if (values.action !== rule.action) patch.action = values.action;
  const pattern = values.pattern.trim();
  if (pattern !== rule.pattern) patch.pattern = pattern;
  const text = note(values.note);
  if (text !== rule.note) patch.note = text;
  return patch;
}

/** How specific a pattern is, as the server ranks it: exact numbers, then longer prefixes, then "*". */
export function patternSpecificity(pattern: string): number {
  if (pattern === '*') return 0;
  const digits = pattern.replace(/[^0-9]/g, '').length;
  return pattern.endsWith('*') ? digits : 100 + digits;
}

/** Rules in the order they are consulted: agent, team, trunk; per target, most specific first. */
export function sortRules(rules: readonly DialRuleView[]): DialRuleView[] {
  return [...rules].sort(
    (a, b) =>
      SCOPES.indexOf(a.scope) - SCOPES.indexOf(b.scope) ||
      a.target.localeCompare(b.target) ||
      patternSpecificity(b.pattern) - patternSpecificity(a.pattern) ||
      a.pattern.localeCompare(b.pattern),
  );
}

/** The rule form's field a refused write is about, or null for the form's own alert. */
export function ruleErrorField(
  code: string | undefined,
  message: string,
): 'pattern' | 'target' | 'note' | null {
  if (code === 'BAD_PATTERN' || /\bpattern\b/i.test(message)) return 'pattern';
  if (code === 'UNKNOWN_TARGET' || /\btarget\b/i.test(message)) return 'target';
  if (/\bnote\b/i.test(message)) return 'note';
  return null;
}

/** An hourly cap from its input: empty or 0 is no cap. */
export function capValue(value: number | null | undefined): number | null {
  return value === null || value === undefined || value <= 0 ? null : Math.floor(value);
}

/** The tester's answer as message keys of the Outbound catalog and their values. */
export interface CheckLine {
  key:
    | 'checkAllowed'
    | 'checkRefused'
    | 'decided_emergency'
    | 'decided_agent'
    | 'decided_number'
    | 'decided_rule'
    | 'decided_defaults'
    | 'decided_cap'
    | 'checkNumber'
    | 'checkTrunk'
    | 'checkNoTrunk'
    | 'checkLoggedOut';
  vars?: Record<string, string | number>;
}

export function checkLines(result: OutboundCheckResult): CheckLine[] {
  const lines: CheckLine[] = [
    result.allowed ? { key: 'checkAllowed' } : { key: 'checkRefused', vars: { reason: result.reason ?? '' } },
  ];
  const rule = result.rule;
  lines.push(
    result.decidedBy === 'rule' && rule
      ? {
          key: 'decided_rule',
          vars: { action: rule.action, pattern: rule.pattern, scope: rule.scope, target: rule.target },
        }
      : { key: `decided_${result.decidedBy}` },
  );
  if (result.e164)
    lines.push({
      key: 'checkNumber',
      vars: { e164: result.e164, type: result.numberType ?? result.kind ?? '—' },
    });
  lines.push(result.trunk ? { key: 'checkTrunk', vars: { trunk: result.trunk } } : { key: 'checkNoTrunk' });
  if (!result.agent.loggedIn)
    lines.push({ key: 'checkLoggedOut', vars: { extension: result.agent.extension } });
  return lines;
}
