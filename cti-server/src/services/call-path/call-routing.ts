import type { Db } from '@kefu/db';
import { normalizeLanguage } from '@kefu/ivr-flows';
import type { LineRoute } from '../../call/call-control-deps.js';
import { touches, type ConfigChanges } from '../config/config-changes.js';
import { effectiveLineCalendar } from './line-hours.js';

/**
 * The Line for a dialled number. Lines are few and read on every call, so they are cached
 * and re-read at most every `ttlMs`, and at once when the administration changes one.
 */
export function createLineRouter(
  db: Db,
  changes?: ConfigChanges,
  ttlMs = 5_000,
  log?: (message: string, data: Record<string, unknown>) => void,
) {
  let cache: { at: number; lines: Map<string, LineRoute> } | undefined;
  changes?.subscribe((change) => {
    if (touches(change, 'line')) cache = undefined;
  });
  const load = async () => {
    if (cache && Date.now() - cache.at < ttlMs) return cache.lines;
    const rows = await db.line.findMany({
      select: {
        id: true,
        dnis: true,
        name: true,
        queueId: true,
        ivrFlow: true,
        timeZone: true,
        language: true,
        businessHours: true,
        holidays: true,
      },
    });
    const lines = new Map<string, LineRoute>();
    for (const r of rows) {
      const route: LineRoute = {
        lineId: r.id,
        dnis: r.dnis,
        queueId: r.queueId,
        ivrFlow: r.ivrFlow,
        language: normalizeLanguage(r.language),
      };
      // A direct line's own calendar (a flow's line is judged by the flow's hours step).
      if (!r.ivrFlow) {
        try {
          route.calendar = effectiveLineCalendar(r, undefined).calendar;
        } catch (err) {
          log?.('line hours unusable; the line stays open', { line: r.dnis, err: String(err) });
        }
      }
      lines.set(r.dnis, route);
    }
    cache = { at: Date.now(), lines };
    return lines;
  };
  return async (candidates: string[]): Promise<LineRoute | null> => {
    const lines = await load();
    for (const c of candidates) {
      // Carriers send the DNIS as dialled, in E.164, or with a trunk prefix: match the tail.
      const digits = c.replace(/\D/g, '');
      const direct = lines.get(c) ?? lines.get(digits);
      if (direct) return direct;
      for (const [dnis, route] of lines)
        if (digits.length > dnis.length && digits.endsWith(dnis)) return route;
    }
    return null;
  };
}
