// Days and 15-minute intervals in the centre's time zone, from epoch milliseconds (Intl only).

export const INTERVAL_MS = 15 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields at `ms` in `timeZone`. */
function wall(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** The zone's offset from UTC at `ms` (ms, east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wall(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date at `ms`, "YYYY-MM-DD". */
export function localDate(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The instant a local date begins (its local midnight), for a "YYYY-MM-DD". */
export function startOfLocalDate(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then at the corrected instant (a DST change near midnight).
  let start = guess - offsetAt(guess, timeZone);
  start = guess - offsetAt(start, timeZone);
  return start;
}

/** The local day containing `ms`: [start, end). */
export function localDay(ms: number, timeZone: string): { date: string; start: number; end: number } {
  const date = localDate(ms, timeZone);
  const start = startOfLocalDate(date, timeZone);
  // The next day's midnight (23, 24 or 25 hours later).
  const end = startOfLocalDate(localDate(start + 36 * 3_600_000, timeZone), timeZone);
  return { date, start, end };
}

/** Start of the 15-minute interval containing `ms`, counted from the local midnight `dayStart`. */
export function intervalStart(ms: number, dayStart: number): number {
  return dayStart + Math.floor((ms - dayStart) / INTERVAL_MS) * INTERVAL_MS;
}
