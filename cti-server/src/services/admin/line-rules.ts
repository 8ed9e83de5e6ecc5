import { BadRequestError } from '../../errors.js';

/**
 * The rules a line must follow before it is stored (pure; the service gathers the context from
 * the database and the flow registry). Each broken rule is a 400 naming the field.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type LineWeekday = (typeof WEEKDAYS)[number];
export type WeeklyHours = Partial<Record<LineWeekday, Array<[string, string]>>>;
export type HolidayInput = string | { date: string; name?: string | null };
/** A holiday as stored: a plain date, or `{ date, name }` when it has a name. */
export type StoredHoliday = string | { date: string; name: string };

export interface LineDraft {
  dnis: string;
  name: string;
  ivrFlow: string | null;
  queueId: string | null;
  trunkId: string | null;
  timeZone: string;
  language: string;
  businessHours: WeeklyHours | null;
  holidays: HolidayInput[] | null;
}

export interface LineContext {
  /** Another line already has this DNIS (its name). */
  dnisTakenBy: string | null;
  /** IVR flow ids loaded in the registry. */
  flows: ReadonlySet<string>;
  /** The draft's queue as stored, or null when there is none with that id. */
  queue: { name: string; active: boolean } | null;
  /** Whether the draft's trunk exists (true when it names none). */
  trunkExists: boolean;
}

export const LANGUAGES = ['zh-CN', 'en'] as const;

const fail = (message: string, code = 'INVALID_LINE'): never => {
  throw new BadRequestError(message, code);
};

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** "HH:MM" → minutes; NaN when malformed or past 24:00. */
export function clockMinutes(value: string): number {
  const match = CLOCK.exec(value);
  if (!match) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 1440 ? Number.NaN : minutes;
}

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An IANA time zone Intl knows ("Asia/Shanghai"; "Asia/Beijing" is not one). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** Problems of a weekly schedule: weekday keys, HH:MM, start before end, no overlaps. */
export function checkWeeklyHours(hours: WeeklyHours): void {
  for (const [day, ranges] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day))
      fail(`businessHours: unknown weekday "${day}" (one of ${WEEKDAYS.join(', ')})`, 'INVALID_HOURS');
    const spans = (ranges ?? []).map(([from, to]) => {
      const start = clockMinutes(from);
      const end = clockMinutes(to);
      if (Number.isNaN(start) || Number.isNaN(end))
        fail(`businessHours.${day}: ${from}–${to} must be HH:MM`, 'INVALID_HOURS');
      if (start >= end)
        fail(`businessHours.${day}: ${from}–${to} must start before it ends`, 'INVALID_HOURS');
      return { start, end, text: `${from}–${to}` };
    });
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      const [a, b] = [spans[i - 1]!, spans[i]!];
      if (b.start < a.end) fail(`businessHours.${day}: ${a.text} overlaps ${b.text}`, 'INVALID_HOURS');
    }
  }
}

/** Valid, unique dates; names trimmed; stored as plain dates when unnamed. */
export function normalizeHolidays(holidays: HolidayInput[]): StoredHoliday[] {
  const seen = new Set<string>();
  return holidays.map((h) => {
    const date = typeof h === 'string' ? h : h.date;
    const name = typeof h === 'string' ? '' : (h.name ?? '').trim();
    if (!isCalendarDate(date)) fail(`holidays: "${date}" is not a date (YYYY-MM-DD)`, 'INVALID_HOLIDAY');
    if (seen.has(date)) fail(`holidays: ${date} is listed twice`, 'INVALID_HOLIDAY');
    seen.add(date);
    return name ? { date, name } : date;
  });
}

/** Throws a 400 for the first rule the draft breaks. */
export function checkLineDraft(draft: LineDraft, ctx: LineContext): void {
  if (!/^\d{3,20}$/.test(draft.dnis)) fail(`DNIS "${draft.dnis}" must be 3–20 digits`, 'INVALID_DNIS');
  if (ctx.dnisTakenBy !== null)
    fail(`DNIS ${draft.dnis} is already the line "${ctx.dnisTakenBy}"`, 'DNIS_TAKEN');
  if (!draft.name.trim()) fail('the line needs a name');
  if (draft.ivrFlow !== null && !ctx.flows.has(draft.ivrFlow))
    fail(
      `unknown IVR flow "${draft.ivrFlow}" (loaded: ${[...ctx.flows].sort().join(', ') || 'none'})`,
      'UNKNOWN_FLOW',
    );
  if (draft.queueId === null)
    fail('the line needs a queue (where calls go without a flow, or when its flow fails)', 'NO_QUEUE');
  if (!ctx.queue) fail(`unknown queue ${draft.queueId}`, 'UNKNOWN_QUEUE');
  if (!ctx.queue!.active)
    fail(
      `queue ${ctx.queue!.name} is disabled: a line cannot send calls to it (enable the queue or choose another)`,
      'QUEUE_DISABLED',
    );
  if (!ctx.trunkExists) fail(`unknown trunk ${draft.trunkId}`, 'UNKNOWN_TRUNK');
  if (!isTimeZone(draft.timeZone))
    fail(`unknown time zone "${draft.timeZone}" (an IANA zone such as Asia/Shanghai)`, 'INVALID_TIME_ZONE');
  if (!(LANGUAGES as readonly string[]).includes(draft.language))
    fail(`language "${draft.language}" is not one of ${LANGUAGES.join(', ')}`, 'INVALID_LANGUAGE');
  if (draft.businessHours) checkWeeklyHours(draft.businessHours);
  if (draft.holidays) normalizeHolidays(draft.holidays);
}
