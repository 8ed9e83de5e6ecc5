import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneType = 'mobile' | 'fixed_line' | 'toll_free' | 'shared_cost' | 'voip' | 'unknown';

export interface NormalizedPhone {
  e164: string;
  type: PhoneType;
  valid: boolean;
}

/** Default region for numbers without a country code (carriers send national formats). */
export function defaultRegion(env: NodeJS.ProcessEnv = process.env): CountryCode {
  return (env.PHONE_DEFAULT_REGION ?? 'CN').toUpperCase() as CountryCode;
}

const TYPES: Record<string, PhoneType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'mobile',
  TOLL_FREE: 'toll_free',
  SHARED_COST: 'shared_cost',
  VOIP: 'voip',
};

/**
 * Any carrier or human format → E.164: `13800138000`, `+8613800138000`, `008613800138000`,
 * `010-8888 0000`, `sip:…`/`tel:` prefixes. Returns null when nothing number-like is left.
 * A number that parses but is not valid for its region is still returned (valid: false):
 * a caller's odd ANI must not make their record unfindable.
 */
export function normalizePhone(raw: string, region: CountryCode = defaultRegion()): NormalizedPhone | null {
  const cleaned = raw
    .trim()
    .replace(/^(sips?|tel):/i, '')
    .replace(/[@;].*$/, '');
  if (!/\d/.test(cleaned) || cleaned.length > 40) return null;
  const parsed = parsePhoneNumberFromString(cleaned, region);
  if (!parsed) return null;
  const valid = parsed.isValid();
  if (!valid) {
    // Carriers sometimes send the country code without '+' or an IDD prefix.
    const digits = cleaned.replace(/\D/g, '');
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isValid()) return describe(international.number, international.getType(), true);
  }
  return describe(parsed.number, parsed.getType(), valid);
}

function describe(e164: string, type: string | undefined, valid: boolean): NormalizedPhone {
  return { e164, type: (type ? TYPES[type] : undefined) ?? 'unknown', valid };
}
