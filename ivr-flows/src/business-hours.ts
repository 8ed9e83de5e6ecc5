import type { BusinessCalendar, Weekday } from './flow-definition.js';

/** Wall-clock parts of an instant in a time zone. */
export interface LocalTime {
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US + h23 gives stable, parseable parts; the zone comes from the line, not the host.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** "HH:MM" → minutes since midnight ("24:00" allowed as an interval end); NaN when malformed. */
export function parseClock(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? Number.NaN : minutes;
}

/** Is `minutes` in [from, to)? An interval with from > to wraps past midnight. */
export function inClockRange(minutes: number, from: string, to: string): boolean {
  const start = parseClock(from);
  const end = parseClock(to);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export function isHoliday(calendar: BusinessCalendar, epochMs: number): boolean {
  return holidayOn(calendar, epochMs) !== null;
}

/** The holiday the local date of `epochMs` is, with its name when the calendar has one. */
export function holidayOn(
  calendar: BusinessCalendar,
  epochMs: number,
): { date: string; name?: string } | null {
  const { date } = localTime(epochMs, calendar.timeZone);
  if (!calendar.holidays.includes(date)) return null;
  const name = calendar.holidayNames?.[date];
  return name ? { date, name } : { date };
}

/** Open = not a holiday and inside one of the day's intervals. */
export function isOpen(calendar: BusinessCalendar, epochMs: number): boolean {
  const local = localTime(epochMs, calendar.timeZone);
  if (calendar.holidays.includes(local.date)) return false;
  const intervals = calendar.weekly[local.weekday] ?? [];
  return intervals.some(([from, to]) => inClockRange(local.minutes, from, to));
}

/** Why a calendar is open or closed at an instant. */
export type OpeningReason = 'open' | 'holiday' | 'outside_hours' | 'closed_today';

export interface OpeningStatus {
  open: boolean;
  reason: OpeningReason;
  /** The holiday's date and name (when it has one), when `reason` is `holiday`. */
  holiday?: { date: string; name?: string };
  /** Wall-clock time in the calendar's zone: "YYYY-MM-DD HH:MM" and the weekday. */
  localTime: { date: string; time: string; weekday: Weekday };
  /** The next instant (epoch ms, to the minute) the calendar opens or closes, within 8 days. */
  nextChange?: number;
}

const MINUTE = 60_000;

function reasonAt(calendar: BusinessCalendar, epochMs: number): OpeningReason {
  const local = localTime(epochMs, calendar.timeZone);
  if (calendar.holidays.includes(local.date)) return 'holiday';
  const intervals = calendar.weekly[local.weekday] ?? [];
  if (intervals.length === 0) return 'closed_today';
  return intervals.some(([from, to]) => inClockRange(local.minutes, from, to)) ? 'open' : 'outside_hours';
}

/**
 * "Today we are open/closed because …": the state at `epochMs`, why, and when it next changes.
 * The next change is found by jumping from one interval boundary (or local midnight) to the next.
 */
export function openingStatus(calendar: BusinessCalendar, epochMs: number): OpeningStatus {
  const local = localTime(epochMs, calendar.timeZone);
  const reason = reasonAt(calendar, epochMs);
  const open = reason === 'open';
  const hh = String(Math.floor(local.minutes / 60)).padStart(2, '0');
  const mm = String(local.minutes % 60).padStart(2, '0');
  const status: OpeningStatus = {
    open,
    reason,
    localTime: { date: local.date, time: `${hh}:${mm}`, weekday: local.weekday },
  };
  if (reason === 'holiday') status.holiday = holidayOn(calendar, epochMs) ?? { date: local.date };
  let t = Math.floor(epochMs / MINUTE) * MINUTE;
  const limit = t + 8 * 24 * 60 * MINUTE;
  while (t < limit) {
    const here = localTime(t, calendar.timeZone);
    const boundaries = (calendar.holidays.includes(here.date) ? [] : (calendar.weekly[here.weekday] ?? []))
      .flatMap(([from, to]) => [parseClock(from), parseClock(to)])
      .filter((m) => m > here.minutes);
    const next = Math.min(24 * 60, ...boundaries);
    t += (next - here.minutes) * MINUTE;
    if ((reasonAt(calendar, t) === 'open') !== open) {
      status.nextChange = t;
      break;
    }
  }
  return status;
}
