import type { Db } from '@kefu/db';
import { BadRequestError } from '../../errors.js';
import { isTimeZone } from '../admin/line-rules.js';
import { audited, type AuditActor } from '../audit/audit-log.js';

/** What supervision reads from the Setting table: "today", short abandons, the alerts' thresholds. */
export interface SupervisionSettings {
  /** Setting `centre.timeZone`: "today" and the 15-minute intervals are in it. */
  timeZone: string;
  /** Abandons within this many seconds are short: out of the abandon rate and service level. */
  shortAbandonSeconds: number;
  alerts: SupervisionAlertSettings;
}

export interface SupervisionAlertSettings {
  /** A call waiting longer than this raises `long_wait`. */
  longWaitSeconds: number;
  /** An agent not ready longer than this raises `long_not_ready`. */
  notReadyMinutes: number;
  /** An agent in wrap-up longer than this raises `long_wrap_up`. */
  wrapUpMinutes: number;
  /** This many ring-no-answers of one agent … */
  ronaCount: number;
  /** … within this many minutes raise `repeated_rona`. */
  ronaWindowMinutes: number;
  /** Service level alerts wait until the queue has this many calls in its figure today. */
  serviceLevelMinCalls: number;
}

/** Setting keys: the time zone is the centre's (others may read it); the rest is supervision's. */
export const TIME_ZONE_KEY = 'centre.timeZone';
export const SUPERVISION_KEY = 'supervision';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const DEFAULT_ALERTS: SupervisionAlertSettings = {
  longWaitSeconds: 60,
  notReadyMinutes: 15,
  wrapUpMinutes: 5,
  ronaCount: 3,
  ronaWindowMinutes: 60,
  serviceLevelMinCalls: 5,
};

export function defaultSettings(timeZone = DEFAULT_TIME_ZONE): SupervisionSettings {
  return { timeZone, shortAbandonSeconds: 5, alerts: { ...DEFAULT_ALERTS } };
}

/** Upper bounds: a typo of a few zeros should be refused, not make an alert silent for a year. */
const LIMITS: Record<keyof SupervisionAlertSettings | 'shortAbandonSeconds', [number, number]> = {
  shortAbandonSeconds: [0, 600],
  longWaitSeconds: [1, 86_400],
  notReadyMinutes: [1, 1_440],
  wrapUpMinutes: [1, 1_440],
  ronaCount: [1, 100],
  ronaWindowMinutes: [1, 1_440],
  serviceLevelMinCalls: [0, 10_000],
};

/** The problems of a settings value, as `field: why`; empty when it is valid. */
export function settingsProblems(s: SupervisionSettings): string[] {
  const problems: string[] = [];
  if (!isTimeZone(s.timeZone)) problems.push(`timeZone: unknown time zone "${s.timeZone}"`);
  const check = (name: keyof typeof LIMITS, value: number) => {
    const [min, max] = LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${name}: an integer from ${min} to ${max}`);
  };
  check('shortAbandonSeconds', s.shortAbandonSeconds);
  for (const key of Object.keys(DEFAULT_ALERTS) as Array<keyof SupervisionAlertSettings>)
    check(key, s.alerts[key]);
  return problems;
}

/**
 * Reads the settings; a stored value that is missing or invalid falls back to its default field
 * by field (a row written by SQL must not stop the wallboard).
 */
export async function loadSupervisionSettings(db: Db): Promise<SupervisionSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: [TIME_ZONE_KEY, SUPERVISION_KEY] } } });
  const byKey = new Map(rows.map((r) => [r.key, r.value as unknown]));
  const storedZone = byKey.get(TIME_ZONE_KEY);
  let timeZone: string;
  if (typeof storedZone === 'string' && isTimeZone(storedZone)) timeZone = storedZone;
  else {
    // Before anyone set it: the first line's zone is what the centre's hours are kept in.
    const line = await db.line.findFirst({ orderBy: { createdAt: 'asc' }, select: { timeZone: true } });
    timeZone = line && isTimeZone(line.timeZone) ? line.timeZone : DEFAULT_TIME_ZONE;
  }
  return mergeSettings(defaultSettings(timeZone), byKey.get(SUPERVISION_KEY));
}

/** `base` with the valid fields of a stored (or submitted) partial value on top. */
export function mergeSettings(base: SupervisionSettings, stored: unknown): SupervisionSettings {
  const out: SupervisionSettings = { ...base, alerts: { ...base.alerts } };
  if (typeof stored !== 'object' || stored === null) return out;
  const value = stored as Record<string, unknown>;
  if (typeof value.shortAbandonSeconds === 'number') out.shortAbandonSeconds = value.shortAbandonSeconds;
  const alerts = value.alerts;
  if (typeof alerts === 'object' && alerts !== null)
    for (const key of Object.keys(DEFAULT_ALERTS) as Array<keyof SupervisionAlertSettings>) {
      const v = (alerts as Record<string, unknown>)[key];
      if (typeof v === 'number') out.alerts[key] = v;
    }
  // Field by field: an invalid stored field keeps the default.
  const problems = settingsProblems(out);
  if (problems.some((p) => p.startsWith('shortAbandonSeconds')))
    out.shortAbandonSeconds = base.shortAbandonSeconds;
  for (const key of Object.keys(DEFAULT_ALERTS) as Array<keyof SupervisionAlertSettings>)
    if (problems.some((p) => p.startsWith(`${key}:`))) out.alerts[key] = base.alerts[key];
  return out;
}

/**
 * Stores new settings (the whole value, validated) in one audited transaction: `centre.timeZone`
 * and `supervision` (short abandons and alert thresholds). The caller publishes the change.
 */
export async function saveSupervisionSettings(
  db: Db,
  actor: AuditActor,
  next: SupervisionSettings,
): Promise<SupervisionSettings> {
  const problems = settingsProblems(next);
  if (problems.length > 0) throw new BadRequestError(problems.join('; '), 'INVALID_SETTINGS');
  return audited(db, actor, {
    action: 'setting.update',
    entity: 'setting',
    entityId: SUPERVISION_KEY,
    snapshot: async (tx) => {
      const rows = await tx.setting.findMany({ where: { key: { in: [TIME_ZONE_KEY, SUPERVISION_KEY] } } });
      if (rows.length === 0) return null;
      const byKey = new Map(rows.map((r) => [r.key, r.value as unknown]));
      return {
        timeZone: byKey.get(TIME_ZONE_KEY) ?? null,
        ...(byKey.get(SUPERVISION_KEY) as object | undefined),
      };
    },
    summary: (_r, changed) => `changed supervision settings: ${changed}`,
    write: async (tx) => {
      const value = { shortAbandonSeconds: next.shortAbandonSeconds, alerts: { ...next.alerts } };
      await tx.setting.upsert({
        where: { key: TIME_ZONE_KEY },
        create: { key: TIME_ZONE_KEY, value: next.timeZone },
        update: { value: next.timeZone },
      });
      await tx.setting.upsert({
        where: { key: SUPERVISION_KEY },
        create: { key: SUPERVISION_KEY, value },
        update: { value },
      });
      return { timeZone: next.timeZone, ...value, alerts: { ...next.alerts } };
    },
  });
}
