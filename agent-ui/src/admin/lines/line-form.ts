// The line drawer's form values ↔ the API (pure, tested): the weekly hours editor's rows, the
// holiday list and the request bodies.
import type { AdminLine, LineWeeklyHours, NewLine } from '@kefu/cti-server/contract';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `unset`: no hours of its own (a direct line is open all week; a flow's line uses the flow's). */
export type HoursMode = 'unset' | 'all_week' | 'weekly';

export interface DayHours {
  open: boolean;
  /** "HH:MM" pairs; "24:00" ends a day at midnight. */
  ranges: Array<{ from: string; to: string }>;
}

export interface LineFormValues {
  dnis: string;
  name: string;
  ivrFlow: string | null;
  queueId: string | null;
  trunkId: string | null;
  timeZone: string;
  language: 'zh-CN' | 'en';
  hoursMode: HoursMode;
  week: Record<Weekday, DayHours>;
  holidays: Array<{ date: string; name: string }>;
}

const closedWeek = (): Record<Weekday, DayHours> =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, { open: false, ranges: [] as DayHours['ranges'] }])) as Record<
    Weekday,
    DayHours
  >;

/** Mon–Fri 09:00–18:00: where a new weekly schedule starts. */
export function officeWeek(): Record<Weekday, DayHours> {
  const week = closedWeek();
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'] as const)
    week[d] = { open: true, ranges: [{ from: '09:00', to: '18:00' }] };
  return week;
}

export const NEW_LINE: LineFormValues = {
  dnis: '',
  name: '',
  ivrFlow: null,
  queueId: null,
  trunkId: null,
  timeZone: 'Asia/Shanghai',
  language: 'zh-CN',
  hoursMode: 'unset',
  week: officeWeek(),
  holidays: [],
};

const isAllDay = (ranges: string[][] | undefined) =>
  ranges?.length === 1 && ranges[0]![0] === '00:00' && ranges[0]![1] === '24:00';

/** Every day 00:00–24:00 is "open all week". */
export function isAllWeek(hours: LineWeeklyHours): boolean {
  return WEEKDAYS.every((d) => isAllDay(hours[d]));
}

export function lineFormValues(line: AdminLine): LineFormValues {
  const hours = line.businessHours;
  const week = closedWeek();
  if (hours)
    for (const d of WEEKDAYS) {
      const ranges = hours[d] ?? [];
      week[d] = {
        open: ranges.length > 0,
        ranges: ranges.map(([from = '', to = '']) => ({ from, to })),
      };
    }
  return {
    dnis: line.dnis,
    name: line.name,
    ivrFlow: line.ivrFlow,
    queueId: line.queue?.id ?? null,
    trunkId: line.trunk?.id ?? null,
    timeZone: line.timeZone,
    language: line.language === 'en' ? 'en' : 'zh-CN',
    hoursMode: hours === null ? 'unset' : isAllWeek(hours) ? 'all_week' : 'weekly',
    week: hours === null || isAllWeek(hours) ? officeWeek() : week,
    holidays: (line.holidays ?? []).map((h) => ({ date: h.date, name: h.name ?? '' })),
  };
}

/** The hours to store for the form's mode. */
export function toBusinessHours(values: Pick<LineFormValues, 'hoursMode' | 'week'>): LineWeeklyHours | null {
  if (values.hoursMode === 'unset') return null;
  const hours: LineWeeklyHours = {};
  for (const d of WEEKDAYS) {
    if (values.hoursMode === 'all_week') hours[d] = [['00:00', '24:00']];
    else {
      const day = values.week[d];
      if (day?.open && day.ranges.length > 0)
        hours[d] = day.ranges.map((r) => [r.from, r.to] as [string, string]);
    }
  }
  return hours;
}

export function toHolidays(values: Pick<LineFormValues, 'holidays'>): NewLine['holidays'] {
  return [...values.holidays]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((h) => (h.name.trim() ? { date: h.date, name: h.name.trim() } : h.date));
}

/** The body of POST /api/admin/lines, and of PATCH (every field: the server audits what changed). */
export function toLineBody(values: LineFormValues): NewLine {
  return {
    dnis: values.dnis.trim(),
    name: values.name.trim(),
    ivrFlow: values.ivrFlow ?? null,
    queueId: values.queueId ?? '',
    trunkId: values.trunkId ?? null,
    timeZone: values.timeZone,
    language: values.language,
    businessHours: toBusinessHours(values),
    holidays: toHolidays(values),
  };
}

/** A time picker's "23:59" as an end means midnight ("24:00"), which pickers cannot show. */
export const endOfDay = (to: string): string => (to === '23:59' ? '24:00' : to);
export const pickerTime = (value: string): string => (value === '24:00' ? '23:59' : value);
