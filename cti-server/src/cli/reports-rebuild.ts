// pnpm reports:rebuild --from YYYY-MM-DD --to YYYY-MM-DD
//
// Folds the local days from the raw rows again and stores their report aggregates (after rows were
// imported or corrected for past days). Days not yet settled (today) are folded but not stored.
// Reads the database the server uses (DATABASE_URL, else <DATA_DIR>/kefu.db).
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, resolveDatabase, type Db } from '@kefu/db';
import { isSettled, loadThresholds, rebuildDay } from '../services/reports/interval-store.js';
import { reportDays } from '../services/reports/queue-intervals.js';
import { localDay, startOfLocalDate } from '../services/supervision/local-day.js';
import { loadSupervisionSettings } from '../services/supervision/supervision-settings.js';

export class UsageError extends Error {}

const USAGE = 'usage: reports:rebuild --from YYYY-MM-DD --to YYYY-MM-DD';

/** Rebuilds the days and returns one line per day. */
export async function reportsRebuild(db: Db, argv: string[], now = Date.now()): Promise<string[]> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) throw new UsageError(USAGE);
  const { timeZone, shortAbandonSeconds } = await loadSupervisionSettings(db);
  const thresholds = await loadThresholds(db);
  const lines: string[] = [];
  // Calendar days one by one: a long range is not one report's 31 days.
  for (let t = Date.parse(`${values.from}T00:00:00Z`); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > values.to) break;
    reportDays(day, day); // validates the date
    const started = performance.now();
    const quarters = await rebuildDay(db, day, { timeZone, shortAbandonSeconds, thresholds, now });
    const end = localDay(startOfLocalDate(day, timeZone), timeZone).end;
    const offered = quarters.reduce((n, q) => n + q.tally.offered, 0);
    lines.push(
      `${day}: ${offered} offered, ${quarters.length} quarters, ` +
        `${isSettled(end, now) ? 'stored' : 'not settled yet, not stored'} ` +
        `(${Math.round(performance.now() - started)} ms)`,
    );
  }
  if (lines.length === 0) throw new UsageError(`--from is after --to\n${USAGE}`);
  return lines;
}

async function main(): Promise<void> {
  const db = await openDatabase(resolveDatabase(process.env.DATABASE_URL));
  try {
    for (const line of await reportsRebuild(db, process.argv.slice(2))) console.log(line);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
