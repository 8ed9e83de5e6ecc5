// The queue interval report: each local day of the range is folded exactly as the wallboard
// rebuilds today after a restart (stored rows → TodayBoard), so a day's report and that day's
// wallboard agree to the call; the board's 15-minute tallies are then summed to the asked size.
import type { Db } from '@kefu/db';
import { BadRequestError } from '../../errors.js';
import { isCalendarDate } from '../admin/line-rules.js';
import { figures, type Figures } from '../supervision/metric-definitions.js';
import { mergeIntervals, totalOf, type IntervalSize, type QuarterTally } from './interval-merge.js';
import { quartersOfDays } from './interval-store.js';
import { seconds, type ReportCell, type ReportColumn, type ReportTable } from './report-table.js';

export const MAX_REPORT_DAYS = 31;

export interface QueueIntervalsQuery {
  /** First and last local day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  size: IntervalSize;
  queueId?: string;
  /** Only the calls that came in on this line. */
  lineId?: string;
}

export interface QueueIntervalsOptions {
  timeZone: string;
  shortAbandonSeconds: number;
  /** The current time (ms), default the clock's: closed days are read from the stored aggregates. */
  now?: number;
}

export interface QueueIntervalsReport {
  from: string;
  to: string;
  timeZone: string;
  size: IntervalSize;
  queues: Array<{
    queueId: string;
    name: string;
    displayName: string;
    total: Figures;
    intervals: Array<{ start: Date; day: string; figures: Figures }>;
  }>;
}

/** The local days from `from` to `to`, both included; 400 on a bad or too long range. */
export function reportDays(from: string, to: string): string[] {
  for (const d of [from, to])
    if (!isCalendarDate(d))
      throw new BadRequestError(`${d} is not a calendar date (YYYY-MM-DD)`, 'INVALID_DATE');
  if (from > to) throw new BadRequestError(`from ${from} is after to ${to}`, 'INVALID_RANGE');
  const days: string[] = [];
  // Calendar arithmetic on dates, independent of any time zone.
  for (let t = Date.parse(`${from}T00:00:00Z`); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > to) break;
    days.push(day);
    if (days.length > MAX_REPORT_DAYS)
      throw new BadRequestError(`at most ${MAX_REPORT_DAYS} days per report`, 'RANGE_TOO_LONG');
  }
  return days;
}

export async function queueIntervalsReport(
  db: Db,
  query: QueueIntervalsQuery,
  options: QueueIntervalsOptions,
): Promise<QueueIntervalsReport> {
  const days = reportDays(query.from, query.to);
  const queues = await db.queue.findMany({
    select: { id: true, name: true, displayName: true, serviceLevelSeconds: true },
    orderBy: { name: 'asc' },
  });
  const thresholds = new Map(queues.map((q) => [q.id, q.serviceLevelSeconds]));

  const quarters = new Map<string, QuarterTally[]>();
  const stored = await quartersOfDays(db, days, {
    timeZone: options.timeZone,
    shortAbandonSeconds: options.shortAbandonSeconds,
    thresholds,
    now: options.now ?? Date.now(),
  });
  for (const { day, dayStart, quarters: dayQuarters } of stored)
    for (const q of dayQuarters) {
      if (query.queueId !== undefined && q.queueId !== query.queueId) continue;
      if (query.lineId !== undefined && q.lineId !== query.lineId) continue;
      let list = quarters.get(q.queueId);
      if (!list) quarters.set(q.queueId, (list = []));
      list.push({ day, dayStart, start: q.start, tally: q.tally });
    }

  const rows = queues.filter((q) =>
    query.queueId === undefined ? quarters.has(q.id) : q.id === query.queueId,
  );
  return {
    from: query.from,
    to: query.to,
    timeZone: options.timeZone,
    size: query.size,
    queues: rows.map((q) => {
      const intervals = mergeIntervals(quarters.get(q.id) ?? [], query.size);
      return {
        queueId: q.id,
        name: q.name,
        displayName: q.displayName,
        total: figures(totalOf(intervals)),
        intervals: intervals.map((i) => ({
          start: new Date(i.start),
          day: i.day,
          figures: figures(i.tally),
        })),
      };
    }),
  };
}

// ── Exports ─────────────────────────────────────────────────────────────────────────────────

const FIGURE_COLUMNS: ReportColumn[] = [
  { key: 'offered', kind: 'count' },
  { key: 'answered', kind: 'count' },
  { key: 'abandoned', kind: 'count' },
  { key: 'short_abandoned', kind: 'count' },
  { key: 'overflowed', kind: 'count' },
  { key: 'handled', kind: 'count' },
  { key: 'service_level', kind: 'fraction' },
  { key: 'asa_seconds', kind: 'seconds' },
  { key: 'aht_seconds', kind: 'seconds' },
  { key: 'abandon_rate', kind: 'fraction' },
  { key: 'longest_wait_seconds', kind: 'seconds' },
  { key: 'callbacks_requested', kind: 'count' },
];

/**
 * The report as a table (the CSV and the XLSX): a row per queue and interval, then each queue's
 * total; rates as fractions, times in seconds.
 */
export function queueIntervalsTable(report: QueueIntervalsReport): ReportTable {
  const values = (f: Figures): ReportCell[] => [
    f.offered,
    f.answered,
    f.abandoned,
    f.shortAbandoned,
    f.overflowed,
    f.handled,
    f.serviceLevel,
    seconds(f.asaMs),
    seconds(f.ahtMs),
    f.abandonRate,
    seconds(f.longestWaitMs),
    f.callbacks,
  ];
  const rows: ReportCell[][] = [];
  for (const q of report.queues)
    for (const i of q.intervals)
      rows.push([q.name, q.displayName, i.day, localTime(i.start, report.timeZone), ...values(i.figures)]);
  for (const q of report.queues)
    rows.push([q.name, q.displayName, 'total', `${report.from}_${report.to}`, ...values(q.total)]);
  return {
    name: 'queue intervals',
    columns: [
      { key: 'queue', kind: 'text' },
      { key: 'queue_name', kind: 'text' },
      { key: 'day', kind: 'text' },
      { key: 'interval_start', kind: 'text' },
      ...FIGURE_COLUMNS,
    ],
    rows,
  };
}

/** "YYYY-MM-DD HH:mm" in the centre's time zone (what a supervisor reads in a spreadsheet). */
function localTime(at: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at))
    parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
