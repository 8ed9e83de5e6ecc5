import type { Db } from '@kefu/db';
import { BadRequestError } from '../../errors.js';
import { localDate, startOfLocalDate } from '../supervision/local-day.js';
import { loadSupervisionSettings } from '../supervision/supervision-settings.js';
import {
  completesScript,
  offerFigures,
  rate,
  storedAnswers,
  type ScriptGraph,
} from './conversion-figures.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The report's range: a date alone is a whole local day in the centre's time zone (from its
 * midnight; `to` until the next midnight), a date-time is taken as is. Default: the last 30 days.
 */
export function conversionRange(query: { from?: string; to?: string }, timeZone: string, now = new Date()) {
  const at = (value: string, end: boolean) => {
    if (DATE_ONLY.test(value)) {
      const start = startOfLocalDate(value, timeZone);
      return new Date(
        end ? startOfLocalDate(localDate(start + 36 * 3_600_000, timeZone), timeZone) - 1 : start,
      );
    }
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) throw new BadRequestError(`"${value}" is not a date`);
    return d;
  };
  const to = query.to ? at(query.to, true) : now;
  const from = query.from ? at(query.from, false) : new Date(to.getTime() - 30 * DAY_MS);
  if (from > to) throw new BadRequestError('from is after to');
  if (to.getTime() - from.getTime() > 400 * DAY_MS)
    throw new BadRequestError('the range is longer than 400 days');
  return { from, to };
}

/** The local dates from `from` to `to`, both included. */
function daysBetween(from: Date, to: Date, timeZone: string): string[] {
  const days: string[] = [];
  let day = localDate(from.getTime(), timeZone);
  const last = localDate(to.getTime(), timeZone);
  while (day <= last) {
    days.push(day);
    day = localDate(startOfLocalDate(day, timeZone) + 36 * 3_600_000, timeZone);
  }
  return days;
}

/**
 * Conversion per script version (calls pinned to it, offeredAt in range) and per rule (offers
 * recorded in range), with a series per local day.
 */
export async function conversionReport(db: Db, query: { from?: string; to?: string }, now = new Date()) {
  const { timeZone } = await loadSupervisionSettings(db);
  const { from, to } = conversionRange(query, timeZone, now);
  const days = daysBetween(from, to, timeZone);
  const dayOf = (d: Date) => localDate(d.getTime(), timeZone);

  const calls = await db.interaction.findMany({
    where: { scriptKey: { not: null }, scriptVersion: { not: null }, offeredAt: { gte: from, lte: to } },
    select: { id: true, offeredAt: true, scriptKey: true, scriptVersion: true, scriptAnswers: true },
  });
  const [callOffers, scripts, rules, ruleOffers] = await Promise.all([
    calls.length
      ? db.crossSellOffer.findMany({
          where: { interactionId: { in: calls.map((c) => c.id) } },
          select: { interactionId: true, ruleId: true, outcome: true },
        })
      : [],
    db.callScript.findMany({
      where: {
        OR: [
          { status: 'published', active: true },
          ...[...new Set(calls.map((c) => `${c.scriptKey}\u0000${c.scriptVersion}`))].map((k) => {
            const [key, version] = k.split('\u0000') as [string, string];
            return { key, version: Number(version) };
          }),
        ],
      },
      select: { key: true, version: true, title: true, content: true },
      orderBy: [{ key: 'asc' }, { version: 'desc' }],
    }),
    db.crossSellRule.findMany({
      select: { id: true, name: true, active: true },
      orderBy: [{ priority: 'desc' }, { name: 'asc' }],
    }),
    db.crossSellOffer.findMany({
      where: { at: { gte: from, lte: to } },
      select: { ruleId: true, outcome: true, at: true },
    }),
  ]);

  const scriptRows = scripts.map((s) => {
    const content = s.content as unknown as ScriptGraph;
    const mine = calls.filter((c) => c.scriptKey === s.key && c.scriptVersion === s.version);
    const done = new Set(
      mine
        .filter((c) => {
          const stored = storedAnswers(c.scriptAnswers);
          return (
            !!stored &&
            stored.scriptKey === s.key &&
            stored.version === s.version &&
            completesScript(content, stored.answers)
          );
        })
        .map((c) => c.id),
    );
    const ids = new Set(mine.map((c) => c.id));
    const offers = callOffers.filter((o) => ids.has(o.interactionId!));
    const all = offerFigures(offers);
    const byDay = days.map((day) => {
      const onDay = mine.filter((c) => dayOf(c.offeredAt) === day);
      const dayIds = new Set(onDay.map((c) => c.id));
      return {
        day,
        calls: onDay.length,
        completed: onDay.filter((c) => done.has(c.id)).length,
        offersAccepted: offerFigures(offers, (o) => dayIds.has(o.interactionId!)).offersAccepted,
      };
    });
    return {
      key: s.key,
      version: s.version,
      title: s.title,
      calls: mine.length,
      completed: done.size,
      completionRate: rate(done.size, mine.length),
      offersMade: all.offersMade,
      offersAccepted: all.offersAccepted,
      conversionRate: rate(all.convertedCalls.size, mine.length),
      byDay,
    };
  });

  const ruleRows = rules.map((r) => {
    const mine = ruleOffers.filter((o) => o.ruleId === r.id);
    const count = (outcome: string, day?: string) =>
      mine.filter((o) => o.outcome === outcome && (day === undefined || dayOf(o.at) === day)).length;
    const accepted = count('accepted');
    const declined = count('declined');
    return {
      ruleId: r.id,
      name: r.name,
      active: r.active,
      offered: count('offered'),
      accepted,
      declined,
      conversionRate: rate(accepted, accepted + declined),
      byDay: days.map((day) => ({ day, offered: count('offered', day), accepted: count('accepted', day) })),
    };
  });

  return { from, to, days, scripts: scriptRows, rules: ruleRows };
}

export type ConversionReportValue = Awaited<ReturnType<typeof conversionReport>>;

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report's scripts or rules as CSV, with a BOM so that Excel reads the Chinese as UTF-8. */
export function conversionCsv(report: ConversionReportValue, of: 'scripts' | 'rules'): string {
  const rows: (string | number | boolean | null)[][] =
    of === 'scripts'
      ? [
          [
            'key',
            'version',
            'title',
            'calls',
            'completed',
            'completionRate',
            'offersMade',
            'offersAccepted',
            'conversionRate',
          ],
          ...report.scripts.map((s) => [
            s.key,
            s.version,
            s.title,
            s.calls,
            s.completed,
            s.completionRate,
            s.offersMade,
            s.offersAccepted,
            s.conversionRate,
          ]),
        ]
      : [
          ['ruleId', 'name', 'active', 'offered', 'accepted', 'declined', 'conversionRate'],
          ...report.rules.map((r) => [
            r.ruleId,
            r.name,
            r.active,
            r.offered,
            r.accepted,
            r.declined,
            r.conversionRate,
          ]),
        ];
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
