import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import type { OutboundRefusalReason } from '../contract/socket-events.js';
import { decidingRule, type DialRule, type DialRuleRef } from './dial-rules.js';

/**
 * Which outside numbers an agent's phone may reach through a carrier trunk (toll-fraud guard).
 * Pure: the caller passes the dialled number, the centre's settings, the agent's ACD status and
 * whether they may dial out at all, and the dial rules that apply to the call (`dial-rules.ts`:
 * the agent's, their team's and the trunk's, as read from the database for this call).
 */
export interface OutboundPolicySettings {
  /** The centre's home region (PHONE_DEFAULT_REGION): national numbers are read in it. */
  region: string;
  /** Other country codes than the home one (OUTBOUND_ALLOW_INTERNATIONAL, default false). */
  allowInternational: boolean;
  /** Premium-rate numbers (OUTBOUND_ALLOW_PREMIUM, default false). */
  allowPremium: boolean;
  /**
   * Shared-cost numbers of the home country (OUTBOUND_ALLOW_SHARED_COST, default true): the
   * caller pays at most a national rate, and in CN the 400 numbers businesses publish are of
   * this type.
   */
  allowSharedCost: boolean;
}

export const DEFAULT_OUTBOUND_POLICY: Omit<OutboundPolicySettings, 'region'> = {
  allowInternational: false,
  allowPremium: false,
  allowSharedCost: true,
};

/** The reasons, as supervisors are told them (the server ↔ console contract). */
export type OutboundRefusal = OutboundRefusalReason;

export type OutboundDecision =
  | {
      allow: true;
      kind: 'national' | 'international';
      e164: string;
      type: NumberType | undefined;
      /** The allow rule that let it out, when one decided (else the centre's defaults did). */
      rule?: DialRuleRef;
    }
  /** Emergency numbers always go out (rules, caps, logged out or not), and are logged. */
  | { allow: true; kind: 'emergency'; e164: null; type: undefined }
  | {
      allow: false;
      reason: OutboundRefusal;
      /** The number as E.164, when it parsed. */
      e164?: string;
      /** The deny rule, for `denied_by_rule`. */
      rule?: DialRuleRef;
    };

/** Who dials, as the outbound policy needs to know them. */
export interface OutboundAgent {
  /** Logged in to the ACD (in any state): a logged-out agent dials nothing but emergency numbers. */
  loggedIn: boolean;
  /** The agent may dial outside numbers at all (Agent.mayDialOut; default true). */
  mayDialOut?: boolean;
}

/**
 * Emergency short codes dialled as they are, per region (ITU-T E.161.1; the regions' own
 * plans). Other regions have 112, the GSM default (3GPP TS 22.101 §10).
 */
const EMERGENCY: Partial<Record<string, readonly string[]>> = {
  CN: ['110', '119', '120', '122'],
  HK: ['999', '112'],
  MO: ['999', '110', '112'],
  TW: ['110', '119', '112'],
  US: ['911'],
  CA: ['911'],
  GB: ['999', '112'],
  AU: ['000', '112'],
  JP: ['110', '119', '118'],
  KR: ['112', '119'],
  IN: ['112', '100', '101', '102'],
};

/** The emergency numbers of a region. */
export function emergencyNumbers(region: string): readonly string[] {
  return EMERGENCY[region.toUpperCase()] ?? ['112'];
}

/** `dialled` is one of the region's emergency numbers (always let out, never counted). */
export function isEmergencyNumber(dialled: string, region: string): boolean {
  return emergencyNumbers(region).includes(dialled);
}

/** Types that go out by default: geographic, mobile and free to the caller. */
const ORDINARY: ReadonlySet<NumberType> = new Set<NumberType>([
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
]);

const ref = ({ id, scope, pattern }: DialRule): DialRuleRef => ({ id, scope, pattern });

/**
 * Decide one dialled number (digits with an optional leading `+`, separators already removed).
 * International is judged by country code, so `00…` (the region's international prefix) and
 * `+…` are the same number; `+86…` dialled in CN is national.
 *
 * In order: emergency numbers go out; an agent logged out or not allowed to dial out is refused;
 * an invalid number is refused; then the deciding dial rule, if one matches the E.164 number
 * (`decidingRule`: agent, team, trunk), allows or denies it — an allow rule lets out what the
 * centre's defaults would refuse (international, premium rate, shared cost, other types); else
 * the centre's defaults decide.
 */
export function decideOutbound(
  dialled: string,
  settings: OutboundPolicySettings,
  agent: OutboundAgent,
  rules: readonly DialRule[] = [],
): OutboundDecision {
  const region = settings.region.toUpperCase();
  if (isEmergencyNumber(dialled, region))
    return { allow: true, kind: 'emergency', e164: null, type: undefined };
  if (!agent.loggedIn) return { allow: false, reason: 'logged_out' };
  if (agent.mayDialOut === false) return { allow: false, reason: 'not_permitted' };
  if (!/^\+?[0-9]{3,20}$/.test(dialled)) return { allow: false, reason: 'invalid_number' };
  const parsed = parsePhoneNumberFromString(dialled, region as CountryCode);
  if (!parsed?.isValid()) return { allow: false, reason: 'invalid_number' };
  const e164 = parsed.number;
  const home = parsed.country === region;
  const type = parsed.getType();
  const kind = home ? 'national' : 'international';
  const rule = decidingRule(rules, e164);
  if (rule?.action === 'deny') return { allow: false, reason: 'denied_by_rule', e164, rule: ref(rule) };
  if (rule) return { allow: true, kind, e164, type, rule: ref(rule) };
  const refused = (reason: OutboundRefusal): OutboundDecision => ({ allow: false, reason, e164 });
  if (!home && !settings.allowInternational) return refused('international');
  const allowed: OutboundDecision = { allow: true, kind, e164, type };
  if (type === 'PREMIUM_RATE') return settings.allowPremium ? allowed : refused('premium_rate');
  if (type === 'SHARED_COST') return settings.allowSharedCost && home ? allowed : refused('shared_cost');
  if (type === undefined || !ORDINARY.has(type)) return refused('number_type');
  return allowed;
}
