import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import type { OutboundRefusalReason } from '../contract/socket-events.js';

/**
 * Which outside numbers an agent's phone may reach through a carrier trunk (toll-fraud guard).
 * Pure: the caller passes the dialled number, the centre's settings and the agent's ACD status.
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
  | { allow: true; kind: 'national' | 'international'; e164: string; type: NumberType | undefined }
  /** Emergency numbers always go out, even for a logged-out agent, and are logged. */
  | { allow: true; kind: 'emergency'; e164: null; type: undefined }
  | { allow: false; reason: OutboundRefusal };

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

/** Types that go out by default: geographic, mobile and free to the caller. */
const ORDINARY: ReadonlySet<NumberType> = new Set<NumberType>([
  'FIXED_LINE',
  'MOBILE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
]);

/**
 * Decide one dialled number (digits with an optional leading `+`, separators already removed).
 * International is judged by country code, so `00…` (the region's international prefix) and
 * `+…` are the same number; `+86…` dialled in CN is national.
 */
export function decideOutbound(
  dialled: string,
  settings: OutboundPolicySettings,
  agent: { loggedIn: boolean },
): OutboundDecision {
  const region = settings.region.toUpperCase();
  if (emergencyNumbers(region).includes(dialled))
    return { allow: true, kind: 'emergency', e164: null, type: undefined };
  if (!agent.loggedIn) return { allow: false, reason: 'logged_out' };
  if (!/^\+?[0-9]{3,20}$/.test(dialled)) return { allow: false, reason: 'invalid_number' };
  const parsed = parsePhoneNumberFromString(dialled, region as CountryCode);
  if (!parsed?.isValid()) return { allow: false, reason: 'invalid_number' };
  const home = parsed.country === region;
  if (!home && !settings.allowInternational) return { allow: false, reason: 'international' };
  const type = parsed.getType();
  const allowed: OutboundDecision = {
    allow: true,
    kind: home ? 'national' : 'international',
    e164: parsed.number,
    type,
  };
  if (type === 'PREMIUM_RATE')
    return settings.allowPremium ? allowed : { allow: false, reason: 'premium_rate' };
  if (type === 'SHARED_COST')
    return settings.allowSharedCost && home ? allowed : { allow: false, reason: 'shared_cost' };
  if (type === undefined || !ORDINARY.has(type)) return { allow: false, reason: 'number_type' };
  return allowed;
}
