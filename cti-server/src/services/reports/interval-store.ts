// The queue interval report's aggregates: a closed local day is folded once from the raw rows
// (exactly as the wallboard rebuilds today: loadDayRows → replayDay → TodayBoard) and its
// 15-minute tallies stored per queue and line; later reports read them back. Nothing is kept in
// the process: the database row says whether a day is stored and with which settings, so any
// server may store or read it, and a crash between midnight and the store is healed by the next
// report that asks for the day.
import type { Db } from '@kefu/db';
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import { loadDayRows, replayDay, type DayRows } from '../supervision/board-rebuild.js';
import { localDay, startOfLocalDate } from '../supervision/local-day.js';
import { emptyTally, type Tally } from '../supervision/metric-definitions.js';
import { TodayBoard, type BoardStateChange, type DayFigures } from '../supervision/today-board.js';

/**
 * The version of the figures' definitions (the Tally and how it is counted). Bump it whenever
 * either changes: every stored day with another version is folded again when it is next asked for.
 */
export const REPORT_DEFINITIONS = 2;

/** How long after local midnight a day's rows may still be arriving (call control's write queues). */
export const SETTLE_MS = 10 * 60_000;

/** The ACD's service-level threshold when a queue has none (as the wallboard). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

export interface DayQuarter {
  queueId: string;
  /** The line the calls came in on; null for calls without one. */
  lineId: string | null;
  /** The quarter's start (ms since the epoch). */
  start: number;
  tally: Tally;
}

export interface StoredDay {
  /** The local date, YYYY-MM-DD. */
  day: string;
  /** Its local midnight (ms). */
  dayStart: number;
  quarters: DayQuarter[];
}

export interface IntervalStoreOptions {
  timeZone: string;
  shortAbandonSeconds: number;
  /** Each queue's service-level threshold (seconds); absent: the ACD's default. */
  thresholds: ReadonlyMap<string, number>;
  /** The current time (ms): only days settled by then are stored. */
  now: number;
}

/** A day's rows are complete once its end plus the settle margin has passed. */
export function isSettled(dayEnd: number, now: number): boolean {
  return now >= dayEnd + SETTLE_MS;
}

/** When the day that ends at `dayEnd` may be stored, counted from `now` (0: already). */
export function settleDelay(dayEnd: number, now: number): number {
  return Math.max(0, dayEnd + SETTLE_MS - now);
}

const NO_LINE = '';
const threshold = (options: IntervalStoreOptions, queueId: string) =>
  options.thresholds.get(queueId) ?? DEFAULT_SERVICE_LEVEL_SECONDS;

/**
 * The quarters of each local day: from the stored aggregates where they were folded with the
 * current time zone, definitions and thresholds, else folded from the raw rows now (and stored
 * when the day has settled). Today and a day not yet settled are always folded live.
 */
export async function quartersOfDays(
  db: Db,
  days: string[],
  options: IntervalStoreOptions,
): Promise<StoredDay[]> {
  const stored = await readStoredDays(db, days, options);
  const out: StoredDay[] = [];
  for (const day of days) {
    const dayStart = startOfLocalDate(day, options.timeZone);
    const quarters = stored.get(day) ?? (await foldAndStore(db, day, options));
    out.push({ day, dayStart, quarters });
  }
  return out;
}

/** Folds one local day from the raw rows and stores it (replacing what was stored) when it has settled. */
export async function rebuildDay(db: Db, day: string, options: IntervalStoreOptions): Promise<DayQuarter[]> {
  return foldAndStore(db, day, options);
}

/** The queues' service-level thresholds as the report uses them. */
export async function loadThresholds(db: Db): Promise<Map<string, number>> {
  const queues = await db.queue.findMany({ select: { id: true, serviceLevelSeconds: true } });
  return new Map(queues.map((q) => [q.id, q.serviceLevelSeconds]));
}

/** The stored days still valid with these options (a day with any stale part is left out). */
async function readStoredDays(
  db: Db,
  days: string[],
  options: IntervalStoreOptions,
): Promise<Map<string, DayQuarter[]>> {
  const heads = await db.reportDay.findMany({
    where: {
      day: { in: days },
      final: true,
      timeZone: options.timeZone,
      definitions: REPORT_DEFINITIONS,
      shortAbandonSeconds: options.shortAbandonSeconds,
    },
    select: { day: true },
  });
  const out = new Map<string, DayQuarter[]>(heads.map((h) => [h.day, []]));
  if (out.size === 0) return out;
  const rows = await db.reportQueueDay.findMany({
    where: { day: { in: [...out.keys()] } },
    select: { day: true, queueId: true, lineId: true, serviceLevelSeconds: true, quarters: true },
  });
  const stale = new Set<string>();
  for (const row of rows) {
    // A queue's threshold changed since: the day is counted again with the new one.
    if (row.serviceLevelSeconds !== threshold(options, row.queueId)) stale.add(row.day);
    const list = out.get(row.day)!;
    for (const [start, tally] of row.quarters as Array<[number, Partial<Tally>]>)
      list.push({
        queueId: row.queueId,
        lineId: row.lineId === NO_LINE ? null : row.lineId,
        start,
        tally: { ...emptyTally(), ...tally },
      });
  }
  for (const day of stale) out.delete(day);
  return out;
}

async function foldAndStore(db: Db, day: string, options: IntervalStoreOptions): Promise<DayQuarter[]> {
  const dayStart = startOfLocalDate(day, options.timeZone);
  const dayEnd = localDay(dayStart, options.timeZone).end;
  const quarters = foldDay(await loadDayRows(db, dayStart, dayEnd), dayStart, dayEnd, options);
  if (isSettled(dayEnd, options.now)) await storeDay(db, day, quarters, options);
  return quarters;
}

/**
 * One local day folded by the wallboard's own board, each call's queue keyed by its line too, so
 * the day splits by line with every figure counted exactly as the board counts it.
 */
export function foldDay(
  rows: DayRows,
  dayStart: number,
  dayEnd: number,
  options: Omit<IntervalStoreOptions, 'now'>,
): DayQuarter[] {
  const lines = new Map(rows.calls.map((c) => [c.callId, c.lineId ?? NO_LINE]));
  const key = (queueId: string, callId: string) => `${queueId}\n${lines.get(callId) ?? NO_LINE}`;
  const split = (k: string) => {
    const i = k.indexOf('\n');
    return { queueId: k.slice(0, i), lineId: k.slice(i + 1) };
  };
  const board = new TodayBoard({
    timeZone: options.timeZone,
    shortAbandonSeconds: options.shortAbandonSeconds,
    serviceLevelSeconds: (k) => options.thresholds.get(split(k).queueId) ?? DEFAULT_SERVICE_LEVEL_SECONDS,
    now: dayStart,
  });
  const byLine: Pick<DayFigures, 'callEvent' | 'agentState'> = {
    callEvent: (e: AcdCallEvent) => board.callEvent({ ...e, queueId: key(e.queueId, e.callId) }),
    agentState: (change: BoardStateChange) => board.agentState(change),
  };
  replayDay(byLine as DayFigures, rows);
  const out: DayQuarter[] = [];
  for (const k of board.queueIds()) {
    const { queueId, lineId } = split(k);
    // A call of the day may finish after midnight: that belongs to the next day's board.
    for (const { start, tally } of board.intervals(k))
      if (start < dayEnd) out.push({ queueId, lineId: lineId === NO_LINE ? null : lineId, start, tally });
  }
  return out;
}

/** Replaces the day's stored quarters in one transaction; another server storing it too is harmless. */
async function storeDay(db: Db, day: string, quarters: DayQuarter[], options: IntervalStoreOptions) {
  // Json: a tally is a plain record of numbers.
  const groups = new Map<
    string,
    { queueId: string; lineId: string; quarters: Array<[number, Record<string, number>]> }
  >();
  for (const q of quarters) {
    const lineId = q.lineId ?? NO_LINE;
    const k = `${q.queueId}\n${lineId}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { queueId: q.queueId, lineId, quarters: [] }));
    g.quarters.push([q.start, { ...q.tally }]);
  }
  const head = {
    timeZone: options.timeZone,
    definitions: REPORT_DEFINITIONS,
    shortAbandonSeconds: options.shortAbandonSeconds,
    final: true,
    computedAt: new Date(options.now),
  };
  try {
    await db.$transaction([
      db.reportQueueDay.deleteMany({ where: { day } }),
      db.reportQueueDay.createMany({
        data: [...groups.values()].map((g) => ({
          day,
          queueId: g.queueId,
          lineId: g.lineId,
          serviceLevelSeconds: threshold(options, g.queueId),
          quarters: g.quarters.sort((a, b) => a[0] - b[0]),
        })),
      }),
      db.reportDay.upsert({ where: { day }, create: { day, ...head }, update: head }),
    ]);
  } catch (err) {
    // Another server stored the same day at the same moment (a duplicate key): its rows are ours.
    if ((err as { code?: unknown }).code !== 'P2002') throw err;
  }
}
