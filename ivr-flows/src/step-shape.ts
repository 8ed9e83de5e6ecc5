import { LANGUAGES } from './language.js';

/**
 * Field checks for one step as it arrives from a JSON or module file, before anything trusts
 * its type: flows edited by hand (or by the console later) miss fields the TypeScript types
 * would have demanded. Returns the problems; an empty list means the step can be walked.
 */
export function stepShapeProblems(step: unknown): string[] {
  if (typeof step !== 'object' || step === null) return ['step is not an object'];
  const s = step as Record<string, unknown>;
  const problems: string[] = [];
  const text = (field: string, what = `"${field}"`) => {
    if (typeof s[field] !== 'string' || s[field] === '') problems.push(`${s.type} step has no ${what}`);
  };
  const positive = (field: string) => {
    const v = s[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
      problems.push(`${field} must be a positive number of ms`);
  };
  const input = () => {
    text('prompt', 'prompt');
    text('onFail', '"onFail" step');
    positive('timeoutMs');
    const retries = s.maxRetries;
    if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= 0))
      problems.push('maxRetries must be a whole number ≥ 0');
  };

  switch (s.type) {
    case 'play':
      text('prompt', 'prompt');
      text('next', '"next" step');
      break;
    case 'menu':
      input();
      if (typeof s.choices !== 'object' || s.choices === null) problems.push('menu step has no choices');
      break;
    case 'collect':
      input();
      text('into', '"into" key');
      text('next', '"next" step');
      positive('interDigitTimeoutMs');
      if (typeof s.minDigits !== 'number' || typeof s.maxDigits !== 'number')
        problems.push('collect step needs numeric minDigits and maxDigits');
      break;
    case 'lookup':
      if (s.by !== 'ani' && s.by !== 'account' && s.by !== 'order')
        problems.push(`lookup "by" must be ani, account or order (got ${JSON.stringify(s.by)})`);
      positive('timeoutMs');
      break;
    case 'branch':
      if (!Array.isArray(s.cases)) problems.push('branch step has no cases list');
      else if (s.cases.some((c) => typeof c !== 'object' || c === null || typeof c.when !== 'object'))
        problems.push('every branch case needs a "when" condition');
      break;
    case 'setData':
    case 'hours':
      break;
    case 'setLanguage':
      if (s.language !== 'customer' && !LANGUAGES.includes(s.language as never))
        problems.push(`language must be one of ${[...LANGUAGES, 'customer'].join(', ')}`);
      break;
    case 'queue':
    case 'callback':
      text('queue', 'queue');
      break;
    case 'voicemail':
      text('mailbox', 'mailbox');
      break;
    case 'transfer':
      text('number', 'number to transfer to');
      break;
    case 'hangup':
      break;
    default:
      problems.push(`unknown step type ${JSON.stringify(s.type)}`);
  }
  return problems;
}
