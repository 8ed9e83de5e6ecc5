/**
 * Outbound dial rules (toll-fraud guard): which E.164 numbers a trunk, a team or an agent may
 * or may not dial, on top of the centre's defaults (OUTBOUND_ALLOW_*). Pure.
 *
 * Pattern syntax, matched against the number as E.164 (`+` and country code, as libphonenumber
 * reads the dialled digits in the home region, so `010…`, `+8610…` and `008610…` are one number):
 * - `+<digits>`: that number exactly, e.g. `+861012345678`;
 * - `+<digits>*`: every number that starts with those digits, e.g. `+8610*` (Beijing), `+44*`;
 * - `*`: every number.
 * 1 to 15 digits (E.164's longest number); nothing else (no spaces, no `?`, no `*` in between).
 *
 * Which rule decides: the most specific scope that has a rule matching the number — agent, then
 * the agent's team, then the trunk the call would leave through — and within that scope the
 * most specific pattern (an exact number, then the longest prefix, then `*`); on the very same
 * pattern deny beats allow. No matching rule: the centre's defaults decide.
 */
export type DialRuleScope = 'agent' | 'team' | 'trunk';
export type DialRuleAction = 'allow' | 'deny';

export interface DialRule {
  id: string;
  scope: DialRuleScope;
  action: DialRuleAction;
  pattern: string;
}

/** The rule that decided a number, as logs, refusals and supervisors are told it. */
export type DialRuleRef = Pick<DialRule, 'id' | 'scope' | 'pattern'>;

export const DIAL_RULE_SCOPES: readonly DialRuleScope[] = ['agent', 'team', 'trunk'];

const PATTERN = /^(?:\*|\+[0-9]{1,15}\*?)$/;

/** Why `pattern` is not a dial rule pattern, or undefined when it is one. */
export function dialPatternError(pattern: string): string | undefined {
  if (PATTERN.test(pattern)) return undefined;
  return (
    `pattern "${pattern}" is not a dial rule pattern: use "+<digits>" for one E.164 number ` +
    '(e.g. "+861012345678"), "+<digits>*" for every number starting with them (e.g. "+8610*", ' +
    '"+1900*"), or "*" for every number; 1 to 15 digits, no spaces'
  );
}

/** How specific a pattern is: exact numbers above every prefix, longer prefixes above shorter. */
function specificity(pattern: string): number {
  if (pattern === '*') return 0;
  const digits = pattern.replace(/[^0-9]/g, '').length;
  return pattern.endsWith('*') ? digits : 100 + digits;
}

/** Whether `pattern` matches `e164` (`+` and digits). Invalid patterns match nothing. */
export function dialPatternMatches(pattern: string, e164: string): boolean {
  if (!PATTERN.test(pattern)) return false;
  if (pattern === '*') return true;
  return pattern.endsWith('*') ? e164.startsWith(pattern.slice(0, -1)) : e164 === pattern;
}

/** The rule that decides `e164` among `rules` (any scopes), or undefined when none matches. */
export function decidingRule(rules: readonly DialRule[], e164: string): DialRule | undefined {
  for (const scope of DIAL_RULE_SCOPES) {
    let best: DialRule | undefined;
    for (const rule of rules) {
      if (rule.scope !== scope || !dialPatternMatches(rule.pattern, e164)) continue;
      if (!best) best = rule;
      else {
        const a = specificity(rule.pattern);
        const b = specificity(best.pattern);
        if (a > b || (a === b && rule.action === 'deny')) best = rule;
      }
    }
    if (best) return best;
  }
  return undefined;
}
