import { lineCalendar, openingStatus, type BusinessCalendar, type OpeningStatus } from '@kefu/ivr-flows';

/** Every day 00:00–24:00: a line without a flow and without hours of its own. */
export const ALL_WEEK: BusinessCalendar['weekly'] = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, [['00:00', '24:00']]]),
);

export interface LineHoursRow {
  name: string;
  ivrFlow: string | null;
  timeZone: string;
  businessHours: unknown;
  holidays: unknown;
}

export type HoursSource = 'line' | 'flow' | 'all_week';

/**
 * The calendar a line's calls meet: its own hours and holidays where set; otherwise, on a line
 * with a flow, the flow's, and on a line straight to a queue, open all week with no holidays.
 * Throws a RangeError naming the line's bad field (lineCalendar).
 */
export function effectiveLineCalendar(
  line: LineHoursRow,
  flowCalendar: BusinessCalendar | undefined,
): { calendar: BusinessCalendar; hoursFrom: HoursSource } {
  const fallback: BusinessCalendar =
    line.ivrFlow && flowCalendar ? flowCalendar : { timeZone: line.timeZone, weekly: ALL_WEEK, holidays: [] };
  const hoursFrom: HoursSource =
    line.businessHours !== null && line.businessHours !== undefined
      ? 'line'
      : line.ivrFlow && flowCalendar
        ? 'flow'
        : 'all_week';
  return { calendar: lineCalendar(line, fallback, `line ${line.name}`), hoursFrom };
}

/** Open or closed at `epochMs`, and why. */
export function lineOpeningStatus(
  line: LineHoursRow,
  flowCalendar: BusinessCalendar | undefined,
  epochMs: number,
): OpeningStatus & { hoursFrom: HoursSource; timeZone: string } {
  const { calendar, hoursFrom } = effectiveLineCalendar(line, flowCalendar);
  return { ...openingStatus(calendar, epochMs), hoursFrom, timeZone: calendar.timeZone };
}
